"""Who holds a privileged account: their sessions are shorter (settings.PRIVILEGED_SESSION_HOURS, read by the
login receiver of `accounts`). The wiring knows every app, so the test lives here, not in `accounts`.

Privileged: superusers and administrators; anyone who may publish pages (editors, the scientific committee);
the PositiveHub's secretariat; the chair and vice-chair of a call, who see every application and its reviews.
"""

from __future__ import annotations

from typing import Any


def is_privileged(user: Any) -> bool:
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    from hub.models import CallMembership
    from hub.permissions import SECRETARIAT_GROUP
    from practices import roles

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups = Group.objects.filter(user=user)
    if groups.filter(name__in=[roles.ADMINISTRATORS, SECRETARIAT_GROUP]).exists():
        return True
    if GroupPagePermission.objects.filter(group__in=groups, permission__codename="publish_page").exists():
        return True
    return CallMembership.objects.filter(
        expert__user=user,
        is_active=True,
        role__in=[CallMembership.Role.CHAIR, CallMembership.Role.VICE_CHAIR],
    ).exists()
