"""Editors (and community moderators) read the answers to « Cette page vous a-t-elle aidé ? » in the admin."""

from django.db import migrations

GROUPS = ["Éditeurs", "Modérateurs communauté"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="pagefeedback")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_pagefeedback", defaults={"name": "Can view avis sur une page"}
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("community", "0003_page_feedback"), ("practices", "0005_roles_and_workflows")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
