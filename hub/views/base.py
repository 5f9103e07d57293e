"""Small helpers shared by the hub views: role checks (through hub.permissions) and the reader's time zone."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.models import Call, CallStatus
from hub.services.timezones import user_time_zone


def in_user_time_zone(view):
    """Every date on the page is shown in the reader's time zone (from their profile; Paris otherwise)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(user_time_zone(request.user)):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response

    return wrapper


def require(predicate):
    """Anonymous → login page; signed in without the role → 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request, **kwargs):
                raise PermissionDenied("Cette page est réservée à un autre rôle.")
            return in_user_time_zone(view)(request, *args, **kwargs)

        return wrapper

    return decorator


def public_call(slug):
    """Published calls only: a call still in preparation is not public."""
    return get_object_or_404(Call.objects.select_related("theme").exclude(status=CallStatus.DRAFT), slug=slug)


def csv_response(content, filename):
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def posted_id(request, name):
    """An id from the posted form; anything that is not a number is a 404, never a 500."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        from django.http import Http404

        raise Http404("Élément introuvable.")
    return int(value)
