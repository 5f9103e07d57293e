"""The editors (the CRES among them) and the administrators see the indicators: the view permission of the daily
aggregates, which the admin's reports check."""

from django.db import migrations

GROUPS = ["Éditeurs", "Administrateurs"]
CODENAMES = ["view_pageviewday", "view_teamreference", "add_teamreference", "change_teamreference"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("metrics")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="metrics", codename__in=CODENAMES))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0001_initial"),
        ("practices", "0005_roles_and_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
