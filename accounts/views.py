from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view with the limited form, and links in the e-mail on the site's public address."""

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def get_extra_email_context(self) -> dict[str, Any]:
        return {"site": settings.WAGTAILADMIN_BASE_URL}

    def form_valid(self, form: Any) -> Any:
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)
