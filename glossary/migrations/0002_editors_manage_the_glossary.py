"""The CRES editors keep the glossary (add, change, delete terms) without being administrators."""

from django.db import migrations

EDITORS = "Éditeurs"  # practices.roles.EDITORS


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="glossary", model="term")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    for action in ("add", "change", "delete", "view"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_term",
            defaults={"name": f"Can {action} terme du glossaire"},
        )
        editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_initial"), ("practices", "0005_roles_and_workflows")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
