"""Editors (CRES) manage training sessions and registrations in the admin; granted after each migrate."""

from __future__ import annotations

from typing import Any

EDITOR_PERMISSIONS = {
    "trainings": ["add_trainingsession", "change_trainingsession", "delete_trainingsession", "view_trainingsession",
                  "change_registration", "view_registration", "delete_registration"],
    "implementation": ["add_implementationproject", "change_implementationproject", "delete_implementationproject",
                       "view_implementationproject", "change_supportteamapplication", "view_supportteamapplication"],
}


def grant_editor_permissions(app_label: str, **kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    from practices.roles import EDITORS

    group, _ = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(content_type__app_label=app_label,
                                            codename__in=EDITOR_PERMISSIONS[app_label])
    group.permissions.add(*permissions)
