"""Who may do what: groups, Wagtail page permissions and workflows (see README, « Qui peut faire quoi »).

The groups, tasks and workflows are created by a data migration, so a fresh install has them. Page permissions
and workflow assignments need the pages: `apply_page_roles(home)` sets them (the demo loader calls it; on a new
site, run `manage.py setup_roles` once the home page exists).
"""

EDITORS = "Éditeurs"
COMMITTEE = "Comité scientifique"
TEAM_MEMBERS = "Équipe d'appui"
ADMINISTRATORS = "Administrateurs"

SCIENTIFIC_WORKFLOW = "Validation scientifique"
EDITORIAL_WORKFLOW = "Modération éditoriale"

# Model permissions (app_label.codename) per group.
MODEL_PERMISSIONS = {
    EDITORS: [
        "wagtailadmin.access_admin",
        "practices.add_supportteam",
        "practices.change_supportteam",
        "practices.delete_supportteam",
        "practices.view_supportteam",
        "practices.view_trainingrequest",
        "practices.change_trainingrequest",
        # the evidence scale: editors propose, the committee validates and publishes (« Validation scientifique »)
        "practices.add_evidencelevel",
        "practices.change_evidencelevel",
        "practices.view_evidencelevel",
        "practices.add_teammembership",
        "practices.change_teammembership",
        "practices.delete_teammembership",
        "practices.view_teammembership",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        # the European easy-to-read logo, once the organisation has obtained it from Inclusion Europe
        "easyread.change_easyreadsettings",
    ],
    COMMITTEE: [
        "wagtailadmin.access_admin",
        "practices.add_evidencelevel",
        "practices.change_evidencelevel",
        "practices.view_evidencelevel",
        "practices.publish_evidencelevel",
        "practices.view_supportteam",
    ],
    TEAM_MEMBERS: [],
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "parcours.change_helpsettings",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "practices.view_trainingrequest",
        "practices.delete_trainingrequest",
    ],
}


def ensure_groups(Group, Permission):
    """Create the four groups with their model permissions (idempotent). Works with historical models."""
    groups = {}
    for name, perms in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
        groups[name] = group
    return groups


def ensure_workflows():
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    def workflow(name, task_name, group_name):
        group = Group.objects.get(name=group_name)
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.add(group)
        flow, _ = Workflow.objects.get_or_create(name=name)
        WorkflowTask.objects.get_or_create(workflow=flow, task=task, defaults={"sort_order": 0})
        return flow

    return (
        workflow(SCIENTIFIC_WORKFLOW, "Validation scientifique", COMMITTEE),
        workflow(EDITORIAL_WORKFLOW, "Relecture par un éditeur", EDITORS),
    )


def apply_page_roles(home):
    """Page permissions and workflows on the site's tree (idempotent)."""
    from django.contrib.auth import get_user_model  # noqa: F401
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, WorkflowPage

    from practices.models import PracticeIndexPage

    ensure_groups(Group, Permission)
    scientific, editorial = ensure_workflows()
    editors = Group.objects.get(name=EDITORS)
    committee = Group.objects.get(name=COMMITTEE)

    def grant(group, page, codenames):
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)

    grant(editors, home, ["add_page", "change_page", "lock_page", "unlock_page"])
    practice_index = PracticeIndexPage.objects.descendant_of(home).first()
    # Editors publish everything but practices: a practice goes live only after the committee approves it.
    for child in home.get_children():
        if practice_index is None or child.pk != practice_index.pk:
            grant(editors, child, ["publish_page"])
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": editorial})
    if practice_index is not None:
        grant(committee, practice_index, ["change_page", "publish_page"])
        WorkflowPage.objects.update_or_create(page=practice_index, defaults={"workflow": scientific})
    # The evidence scale goes through the same scientific validation as the practices it grades.
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowContentType

    from practices.models import EvidenceLevel

    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(EvidenceLevel), defaults={"workflow": scientific}
    )
