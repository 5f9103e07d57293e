"""Editors (not only administrators) and community moderators create, open and close polls (snippets
« Sondages »), and read the questionnaires' answers through their page permissions."""

from django.db import migrations

GROUPS = ["Éditeurs", "Modérateurs communauté"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="poll")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_poll", defaults={"name": f"Can {action} sondage"}
        )[0]
        for action in ACTIONS
    ]
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="community", codename__in=[f"{a}_poll" for a in ACTIONS]
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("community", "0008_poll_dates"), ("practices", "0005_roles_and_workflows")]

    operations = [migrations.RunPython(grant, revoke)]
