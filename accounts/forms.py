"""French messages for the login form, and a limit on password-reset requests (per address and per client)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from accounts.addresses import client_address
from accounts.throttle import count, over

RESET_WINDOW_SECONDS = 3600


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Identifiant ou mot de passe incorrect. Attention : les majuscules comptent.",
    }


class LimitedPasswordResetForm(PasswordResetForm):
    """At most PASSWORD_RESET_LIMIT requests an hour for one address and for one client: the same answer whether
    or not an account exists, so the limit reveals nothing."""

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def keys(self) -> list[str]:
        # Hashed: a typed address is personal data and may be 100 KB long; a key stays short and says nothing.
        email = (self.data.get("email") or "").strip().lower()
        keys = [f"password-reset:email:{hashlib.sha256(email.encode('utf-8', 'replace')).hexdigest()[:32]}"]
        if self.request is not None:
            keys.append(f"password-reset:ip:{client_address(self.request)}")
        return keys

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        limit = int(getattr(settings, "PASSWORD_RESET_LIMIT", 5))
        if any(over(key, limit) for key in self.keys()):
            raise ValidationError(
                "Vous avez demandé beaucoup de nouveaux mots de passe en peu de temps. Réessayez dans une heure, "
                "et regardez aussi vos courriers indésirables.",
                code="rate_limited",
            )
        for key in self.keys():
            count(key, RESET_WINDOW_SECONDS)
        return cleaned
