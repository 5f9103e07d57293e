"""The address of the person behind a request, as the load balancer reports it.

Behind a proxy every request comes from the proxy's own address: limits keyed on REMOTE_ADDR would then be shared
by every visitor. `TRUSTED_PROXY_COUNT` (set by the deployment, never guessed) says how many proxies in front of
the app servers append to `X-Forwarded-For`; the client is the entry that many places from the right. With 0 (the
default, no proxy) the address is REMOTE_ADDR, and a forged X-Forwarded-For is ignored."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return chain[-proxies] if len(chain) >= proxies else remote


def log_label(username: Any, ip_address: Any, user_agent: Any, path_info: Any, request: Any) -> str:
    """How django-axes names a client in the logs: the login door only. Neither the address nor the username
    goes to the logs; the attempt table keeps them for the lockout's 15 minutes (`purge_login_attempts`)."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0] if path_info else ""
    return f'{{door: "{path_info or ""}"}}'


def attempted_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The name django-axes records for a failed attempt, cut to the longest a username can be: Django's login
    form checks no length, and a 100 KB name would not fit the attempt table's column (a 500 on PostgreSQL)."""
    from django.contrib.auth import get_user_model

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source: Any = credentials if credentials else getattr(request, "POST", {})
    value = source.get(field, "") if source else ""
    longest = (
        getattr(get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD), "max_length", None) or 150
    )
    return str(value or "")[:longest]
