"""Shorter sessions for privileged accounts (administrators, whoever publishes, the hub's secretariat and chair):
PRIVILEGED_SESSION_HOURS after logging in, on every login door, against Django's SESSION_COOKIE_AGE (14 days) for
the others. A stolen or forgotten session of an account that can publish or read every application is open for
hours, not weeks. Which accounts are privileged is the wiring's call (settings.PRIVILEGED_USER_TEST), since this
app imports no content app.

The end is written in the session at login; `PrivilegedSessionMiddleware` keeps the session's expiry at that end
whatever a login view does afterwards (Wagtail's sets its own, « remember me » or not), and logs the person out
once it has passed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string

SESSION_KEY = "_privileged_until"


def privileged_session_seconds() -> int:
    return int(float(getattr(settings, "PRIVILEGED_SESSION_HOURS", 12)) * 3600)


def is_privileged(user: Any) -> bool:
    test = getattr(settings, "PRIVILEGED_USER_TEST", "")
    if not test:
        return bool(user.is_superuser or user.is_staff)
    return bool(import_string(test)(user))


@receiver(user_logged_in)
def shorten_privileged_sessions(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None or not is_privileged(user):
        return
    # An absolute end: the session does not stretch with activity.
    until = timezone.now() + datetime.timedelta(seconds=privileged_session_seconds())
    session[SESSION_KEY] = until.isoformat()
    session.set_expiry(until)


def _end_of(session: Any) -> datetime.datetime | None:
    value = session.get(SESSION_KEY)
    return parse_datetime(value) if isinstance(value, str) else None


class PrivilegedSessionMiddleware:
    """After AuthenticationMiddleware. Reads the session only when the request has one (anonymous readers are
    untouched, and their pages stay cacheable)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            end = _end_of(request.session)
            if end is not None and timezone.now() >= end:
                logout(request)
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.accessed:
            end = _end_of(session)
            if end is not None and session.get_expiry_date() > end + datetime.timedelta(seconds=5):
                session.set_expiry(end)
        return response
