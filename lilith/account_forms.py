"""Login with a pause after repeated failures (per username and per address), using the shared cache."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

LOCK_SECONDS = 15 * 60


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Identifiant ou mot de passe incorrect. Attention : les majuscules comptent.",
        "locked": "Trop de tentatives de connexion. Pour protéger votre compte, réessayez dans 15 minutes "
        "ou utilisez « Mot de passe oublié ? ».",
    }

    def _keys(self):
        username = (self.data.get("username") or "").strip().lower()
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        return [f"login-failures:user:{username}", f"login-failures:ip:{address}:{username}"]

    def clean(self):
        limit = getattr(settings, "LOGIN_FAILURE_LIMIT", 5)
        if any(cache.get(key, 0) >= limit for key in self._keys()):
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            return super().clean()
        except ValidationError:
            for key in self._keys():
                cache.add(key, 0, timeout=LOCK_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, timeout=LOCK_SECONDS)
            raise
