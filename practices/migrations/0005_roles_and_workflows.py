"""The four groups (Éditeurs, Comité scientifique, Équipe d'appui, Administrateurs) and the two workflows."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from practices.roles import ensure_groups

    ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))

    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    for workflow_name, task_name, group_name in (
        ("Validation scientifique", "Validation scientifique", "Comité scientifique"),
        ("Modération éditoriale", "Relecture par un éditeur", "Éditeurs"),
    ):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name, content_type=task_type, active=True)
        task.groups.add(Group.objects.get(name=group_name))
        workflow, _ = Workflow.objects.get_or_create(name=workflow_name, defaults={"active": True})
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_training_requests"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailimages", "0001_initial"),
        ("wagtaildocs", "0001_initial"),
        ("parcours", "0003_news_and_help_settings"),
    ]
    run_before = []
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
