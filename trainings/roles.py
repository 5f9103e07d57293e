"""Editors (CRES) manage training sessions and registrations in the admin; granted after each migrate."""

from __future__ import annotations

from typing import Any

EDITOR_PERMISSIONS = {
    "trainings": [
        "add_trainingsession",
        "change_trainingsession",
        "delete_trainingsession",
        "view_trainingsession",
        "change_registration",
        "view_registration",
        "delete_registration",
    ],
    "implementation": [
        "add_implementationproject",
        "change_implementationproject",
        "delete_implementationproject",
        "view_implementationproject",
        "change_supportteamapplication",
        "view_supportteamapplication",
    ],
}


def grant_editor_permissions(app_label: str, **kwargs: Any) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from practices.roles import EDITORS

    # This app comes before django.contrib.auth in INSTALLED_APPS: make sure its permissions exist already.
    create_permissions(apps.get_app_config(app_label), verbosity=0)
    group, _ = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=EDITOR_PERMISSIONS[app_label]
    )
    group.permissions.add(*permissions)
