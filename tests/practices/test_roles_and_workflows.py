"""Who may do what (the README's table), the practice workflow, the team space and the login."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Page, Workflow

from practices import roles
from practices.models import SupportTeam, TeamMembership, TrainingRequest
from tests import factories

PASSWORD = "motdepasse-tres-solide-2026"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def site(practice, home, team_index):
    standard = factories.make_standard(home, title="Qui sommes-nous ?")
    roles.apply_page_roles(home)
    other_team = factories.make_team(name="Autre équipe", email="autre@example.org")
    return {
        "practice": practice,
        "standard": standard,
        "team": SupportTeam.objects.get(name="Équipe DIHAL"),
        "other_team": other_team,
        "home": home,
    }


@pytest.fixture
def users(site, django_user_model):
    def make(username, group=None, **extra):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD, **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    made = {
        "anonyme": None,
        "editeur": make("editeur", roles.EDITORS, is_staff=True),
        "comite": make("comite", roles.COMMITTEE, is_staff=True),
        "equipe": make("equipe", roles.TEAM_MEMBERS),
        "admin": make("admin", roles.ADMINISTRATORS, is_staff=True),
    }
    TeamMembership.objects.create(user=made["equipe"], team=site["team"])
    return made


def get_status(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


# role × action → allowed? (the README's table, « Qui peut faire quoi »)
MATRIX = {
    "accéder à l'administration": {
        "anonyme": False,
        "editeur": True,
        "comite": True,
        "equipe": False,
        "admin": True,
    },
    "modifier une bonne pratique": {
        "anonyme": False,
        "editeur": True,
        "comite": True,
        "equipe": False,
        "admin": False,
    },
    "modifier une page simple": {
        "anonyme": False,
        "editeur": True,
        "comite": False,
        "equipe": False,
        "admin": False,
    },
    "gérer les équipes d'appui": {
        "anonyme": False,
        "editeur": True,
        "comite": False,
        "equipe": False,
        "admin": False,
    },
    "gérer les utilisateurs": {
        "anonyme": False,
        "editeur": False,
        "comite": False,
        "equipe": False,
        "admin": True,
    },
    "modifier les réglages": {
        "anonyme": False,
        "editeur": False,
        "comite": False,
        "equipe": False,
        "admin": True,
    },
    "modifier sa fiche d'équipe": {
        "anonyme": False,
        "editeur": False,
        "comite": False,
        "equipe": True,
        "admin": False,
    },
    "voir les demandes de son équipe": {
        "anonyme": False,
        "editeur": False,
        "comite": False,
        "equipe": True,
        "admin": False,
    },
}


def action_url(action, site):
    return {
        "accéder à l'administration": reverse("wagtailadmin_home"),
        "modifier une bonne pratique": reverse("wagtailadmin_pages:edit", args=[site["practice"].pk]),
        "modifier une page simple": reverse("wagtailadmin_pages:edit", args=[site["standard"].pk]),
        "gérer les équipes d'appui": reverse(
            "wagtailsnippets_practices_supportteam:edit", args=[site["team"].pk]
        ),
        "gérer les utilisateurs": reverse("wagtailusers_users:index"),
        "modifier les réglages": reverse(
            "wagtailsettings:edit", args=["parcours", "helpsettings", site["home"].get_site().pk]
        ),
        "modifier sa fiche d'équipe": reverse("practices:team-sheet-edit", args=[site["team"].slug]),
        "voir les demandes de son équipe": reverse("practices:team-requests", args=[site["team"].slug]),
    }[action]


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ["anonyme", "editeur", "comite", "equipe", "admin"])
def test_permission_matrix(client, site, users, action, role):
    status = get_status(client, users[role], action_url(action, site))
    if MATRIX[action][role]:
        assert status == 200
    else:
        assert status in (302, 403, 404)


@pytest.mark.parametrize("role", ["editeur", "comite", "equipe", "admin"])
def test_nobody_reaches_another_team_s_space(client, site, users, role):
    for name in ("team-sheet-edit", "team-requests"):
        assert (
            get_status(client, users[role], reverse(f"practices:{name}", args=[site["other_team"].slug]))
            == 404
        )


def test_groups_and_workflows_exist_on_a_fresh_install(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        roles.EDITORS,
        roles.COMMITTEE,
        roles.TEAM_MEMBERS,
        roles.ADMINISTRATORS,
    }
    assert set(Workflow.objects.values_list("name", flat=True)) >= {
        roles.SCIENTIFIC_WORKFLOW,
        roles.EDITORIAL_WORKFLOW,
    }


def test_practices_follow_the_scientific_workflow_and_other_pages_the_editorial_one(site):
    assert site["practice"].get_workflow().name == roles.SCIENTIFIC_WORKFLOW
    assert site["standard"].get_workflow().name == roles.EDITORIAL_WORKFLOW


def test_an_editor_cannot_publish_a_practice_but_can_publish_a_standard_page(site, users):
    editor = users["editeur"]
    assert not site["practice"].permissions_for_user(editor).can_publish()
    assert site["practice"].permissions_for_user(editor).can_edit()
    assert site["standard"].permissions_for_user(editor).can_publish()


def test_full_practice_workflow_submit_reject_resubmit_approve_publish(client, site, users):
    from wagtail.models import TaskState

    practice = site["practice"]
    editor, committee = users["editeur"], users["comite"]
    # The editor changes the evidence text and submits it for scientific validation.
    client.force_login(editor)
    page = practice.specific
    page.evidence_justification = "<p>Nouvelle justification à valider.</p>"
    revision = page.save_revision(user=editor)
    workflow = page.get_workflow()
    state = workflow.start(page, editor)
    assert (
        Page.objects.get(pk=page.pk).specific.evidence_justification
        != "<p>Nouvelle justification à valider.</p>"
    )
    # The committee rejects it with a comment.
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, committee, "reject", comment="Citez l'essai canadien.")
    state.refresh_from_db()
    assert state.status == state.STATUS_NEEDS_CHANGES
    assert TaskState.objects.filter(comment="Citez l'essai canadien.").exists()
    assert not Page.objects.get(pk=page.pk).specific.evidence_justification.startswith("<p>Nouvelle")
    # Resubmitted, then approved: the change goes live.
    state.resume(editor)
    state.refresh_from_db()
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, committee, "approve", comment="")
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED
    assert (
        Page.objects.get(pk=page.pk).specific.evidence_justification
        == "<p>Nouvelle justification à valider.</p>"
    )
    assert revision.pk


def test_committee_member_sees_the_task_to_validate(client, site, users):
    page = site["practice"].specific
    page.save_revision(user=users["editeur"])
    page.get_workflow().start(page, users["editeur"])
    client.force_login(users["comite"])
    response = client.get(reverse("wagtailadmin_home"))
    assert "Validation scientifique" in response.content.decode()


def test_team_member_updates_the_phone_it_is_live_with_a_revision_and_editors_are_told(client, site, users):
    team = site["team"]
    client.force_login(users["equipe"])
    url = reverse("practices:team-sheet-edit", args=[team.slug])
    data = {
        "address": "",
        "postcode": "75001",
        "city": "Paris",
        "phone": "01 99 00 55 66",
        "email": "equipe@example.org",
        "website": "",
        "offers_training": "on",
        "departement_code": "75",
        "technical_sheet_text": "Formations de deux jours.",
        **contact_management(0, 0),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.phone == "01 99 00 55 66"
    assert team.latest_revision.user == users["equipe"]
    assert "01 99 00 55 66" in client.get(team.public_url).content.decode()
    assert any("Fiche mise à jour" in m.subject for m in mail.outbox)
    assert "editeur@example.org" in [a for m in mail.outbox for a in m.to]


def test_a_team_website_typed_without_https_is_saved_with_it_and_a_bad_one_is_shown_again(
    client, site, users
):
    team = site["team"]
    client.force_login(users["equipe"])
    data = {
        "postcode": "75001",
        "city": "Paris",
        "phone": "01 99 00 55 66",
        "email": "equipe@example.org",
        "website": "www.example.org/equipe",
        "departement_code": "75",
        **contact_management(0, 0),
    }
    response = client.post(reverse("practices:team-sheet-edit", args=[team.slug]), data)
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.website == "https://www.example.org/equipe"

    data["website"] = "une adresse avec des espaces"
    response = client.post(reverse("practices:team-sheet-edit", args=[team.slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cette adresse web n&#x27;est pas valide" in html and "une adresse avec des espaces" in html


@pytest.mark.parametrize(
    "upload, message",
    [
        (("fiche.pdf", b"ceci n'est pas un pdf"), "Ce fichier n&#x27;est pas un PDF"),
        (
            ("fiche.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1) + b"\n%%EOF"),
            "Le fichier est trop lourd",
        ),
        (("image.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100), "Ce fichier n&#x27;est pas un PDF"),
    ],
)
def test_team_sheet_refuses_bad_pdfs_and_keeps_the_typed_values(client, site, users, upload, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["equipe"])
    url = reverse("practices:team-sheet-edit", args=[site["team"].slug])
    data = {
        "city": "Marseille",
        "phone": "01 99 00 77 88",
        "departement_code": "13",
        "postcode": "13001",
        "technical_sheet_pdf": SimpleUploadedFile(upload[0], upload[1], content_type="application/pdf"),
        **contact_management(0, 0),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "01 99 00 77 88" in response.content.decode()
    site["team"].refresh_from_db()
    assert site["team"].phone == "01 99 00 12 34"


def test_a_real_pdf_is_stored_under_a_generated_name(client, site, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["equipe"])
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    data = {
        "city": "Paris",
        "phone": "01 99 00 12 34",
        "departement_code": "75",
        "postcode": "75001",
        "technical_sheet_pdf": SimpleUploadedFile(
            "Mon fichier <script>.pdf", pdf, content_type="application/pdf"
        ),
        **contact_management(0, 0),
    }
    assert (
        client.post(reverse("practices:team-sheet-edit", args=[site["team"].slug]), data).status_code == 302
    )
    site["team"].refresh_from_db()
    name = site["team"].technical_sheet_document.file.name
    assert name.startswith("documents/fiche-technique-") and "script" not in name


def test_team_member_updates_the_status_of_a_request(client, site, users):
    request = TrainingRequest.objects.create(
        team=site["team"],
        name="Alex",
        email="alex@example.org",
        organisation="CMP",
        role="Cadre",
        departement=site["team"].departement,
        kind="formation",
        message="Bonjour",
        consent=True,
    )
    client.force_login(users["equipe"])
    url = reverse("practices:team-requests", args=[site["team"].slug])
    client.post(url, {"request": request.pk, "status": "en-cours", "note": "Rendez-vous pris"})
    request.refresh_from_db()
    assert request.status == "en-cours" and request.team_note == "Rendez-vous pris"
    response = client.post(url, {"request": request.pk, "status": "inconnu"}, follow=True)
    assert "Cet état n&#x27;existe pas" in response.content.decode()


def test_repeated_failed_logins_are_paused(client, site, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(2):
        response = client.post(url, {"username": "equipe", "password": "mauvais"})
        assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    client.post(url, {"username": "equipe", "password": "mauvais"})
    response = client.post(url, {"username": "equipe", "password": PASSWORD})
    assert response.status_code == 429
    assert "Connexion suspendue pendant 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_and_password_reset_pages_are_in_french(client, db):
    assert "Mot de passe oublié ?" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password_reset"), {"email": "personne@example.org"}, follow=True)
    assert "Regardez votre messagerie" in response.content.decode()


def test_dashboard_lists_overdue_reviews_and_stale_team_sheets(client, site, users):
    import datetime

    from django.utils import timezone

    practice = site["practice"].specific
    practice.next_review_on = datetime.date(2020, 1, 1)
    practice.save_revision().publish()
    SupportTeam.objects.filter(pk=site["other_team"].pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    client.force_login(users["editeur"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "révision prévue le 1 janvier 2020" in html
    assert "Autre équipe" in html


def test_editors_see_every_request_in_the_admin_and_counts_per_team_and_practice(client, site, users):
    TrainingRequest.objects.create(
        team=site["team"],
        practice=site["practice"],
        name="Sam",
        email="sam@example.org",
        organisation="CMP",
        role="Cadre",
        departement=site["team"].departement,
        kind="formation",
        message="Bonjour",
        consent=True,
        status="realisee",
    )
    client.force_login(users["editeur"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Par bonne pratique" in dashboard
    assert (
        f'<th scope="row">{site["practice"].title}</th><td>1</td><td>1</td>'.replace("'", "&#x27;")
        in dashboard
    )
    TrainingRequest.objects.create(
        team=site["other_team"],
        name="Alex",
        email="alex@example.org",
        organisation="CMP des Lilas",
        role="Cadre",
        departement=site["team"].departement,
        kind="formation",
        message="Bonjour",
        consent=True,
    )
    client.force_login(users["editeur"])
    html = client.get(reverse("wagtailsnippets_practices_trainingrequest:list")).content.decode()
    assert "CMP des Lilas" in html


def test_scheduled_publishing_goes_live_with_the_periodic_command(client, site):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    standard = site["standard"].specific
    standard.intro = "Texte programmé pour plus tard."
    revision = standard.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    assert revision.approved_go_live_at is not None
    assert "Texte programmé" not in client.get(standard.url).content.decode()
    call_command("publish_scheduled")
    assert "Texte programmé pour plus tard." in client.get(standard.url).content.decode()


def contact_management(total, initial):
    return {
        "contacts-TOTAL_FORMS": str(total),
        "contacts-INITIAL_FORMS": str(initial),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }


def test_team_member_adds_a_contact_person_and_it_is_on_the_public_sheet(client, site, users):
    team = site["team"]
    client.force_login(users["equipe"])
    data = {
        "city": "Paris",
        "phone": "01 99 00 12 34",
        "departement_code": "75",
        "postcode": "75001",
        **contact_management(1, 0),
        "contacts-0-name": "Contact de démonstration",
        "contacts-0-role": "Formatrice",
        "contacts-0-email": "formation@example.org",
        "contacts-0-phone": "01 99 00 11 22",
    }
    assert client.post(reverse("practices:team-sheet-edit", args=[team.slug]), data).status_code == 302
    html = client.get(team.public_url).content.decode()
    assert "Formatrice" in html and 'href="tel:+33199001122"' in html
    assert (
        SupportTeam.objects.get(pk=team.pk).latest_revision.content["contacts"][0]["name"]
        == "Contact de démonstration"
    )


def test_a_bad_contact_email_is_refused_and_nothing_is_lost(client, site, users):
    client.force_login(users["equipe"])
    data = {
        "city": "Paris",
        "phone": "01 99 00 33 44",
        "departement_code": "75",
        "postcode": "75001",
        **contact_management(1, 0),
        "contacts-0-name": "Dominique",
        "contacts-0-email": "pas-une-adresse",
    }
    response = client.post(reverse("practices:team-sheet-edit", args=[site["team"].slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Cette adresse électronique n&#x27;est pas valide." in html
        and "Dominique" in html
        and "01 99 00 33 44" in html
    )
    site["team"].refresh_from_db()
    assert site["team"].phone == "01 99 00 12 34"
