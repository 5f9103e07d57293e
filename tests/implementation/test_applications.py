"""A team applies to become a support team; the CRES reviews it in the admin; acceptance creates the team and its
account, and the team logs in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pytest_django.asserts import assertContains

from implementation.models import SupportTeamApplication
from practices.models import Departement, SupportTeam
from practices.roles import EDITORS


def application_data(practice, **overrides):
    data = {
        "practice": str(practice.pk),
        "team_name": "Équipe « Ouest » d'appui",
        "host_organisation": "CH de démonstration",
        "city": "Rennes",
        "departement": str(Departement.objects.get(code="35").pk),
        "contact_name": "Alex Martin",
        "contact_email": "alex@example.org",
        "start_year": str(timezone.localdate().year - 8),
        "works_in_france_evidence": "En Bretagne.",
        "fidelity_evidence": "Échelle de fidélité : 4,2/5 en 2025.",
        "training_evidence": "Douze sessions depuis 2019.",
        "engineering": "acquiring",
        "engineering_evidence": "Formation en cours.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "editrice", "editrice@example.org", "mot-de-passe-42", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_team_applies_cres_accepts_and_the_team_logs_in(
    client, practice, editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    pdf = SimpleUploadedFile(
        "fidelite.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", content_type="application/pdf"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/devenir-equipe-d-appui/", {**application_data(practice), "fidelity_file": pdf}
        )
    assert response.status_code == 302
    application = SupportTeamApplication.objects.get()
    assert application.team_name == "Équipe « Ouest » d'appui" and application.fidelity_file
    private_root = str(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert (
        application.fidelity_file.path.startswith(private_root)
        and "fidelite" not in application.fidelity_file.name
    )
    assert not application.fidelity_file.path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(application.fidelity_file.url).status_code == 404  # never served publicly
    assert {tuple(m.to) for m in mail.outbox} == {("alex@example.org",), ("editrice@example.org",)}

    client.force_login(editor)
    review = f"/admin/candidatures-equipes-d-appui/{application.pk}/"
    page = client.get(review)
    assertContains(page, "Échelle de fidélité : 4,2/5 en 2025.")
    assertContains(page, "fidélité (PDF)")
    download = client.get(f"{review}piece/fidelite/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    missing_reason = client.post(review, {"decision": "decline", "reason": ""})
    assertContains(missing_reason, "Écrivez à l&#x27;équipe ce qui manque")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"decision": "accept", "reason": ""})
    application.refresh_from_db()
    team = SupportTeam.objects.get(name="Équipe « Ouest » d'appui")
    assert application.status == "acceptee" and application.support_team == team
    assert team.practice_links.get().practice == practice and team.fidelity_evidence.startswith("Échelle")
    welcome = mail.outbox[-1]
    link = re.search(r"http://\S+/mot-de-passe/reinitialiser/\S+/", welcome.body).group(0)
    client.logout()
    set_password = client.get(link.split("127.0.0.1:8000", 1)[-1], follow=True)
    form_url = set_password.redirect_chain[-1][0]
    client.post(
        form_url,
        {"new_password1": "Un-nouveau-mot-de-passe-2026", "new_password2": "Un-nouveau-mot-de-passe-2026"},
    )
    username = re.search(r"Nom d'utilisateur\s*:\s*(\S+)", welcome.body).group(1)
    login = client.post(
        "/compte/connexion/", {"username": username, "password": "Un-nouveau-mot-de-passe-2026"}
    )
    assert login.status_code == 302
    assertContains(client.get("/espace-equipe/"), "Équipe « Ouest » d&#x27;appui")


def test_five_years_of_practice_are_required(client, practice):
    recent = str(timezone.localdate().year - 2)
    response = client.post("/devenir-equipe-d-appui/", application_data(practice, start_year=recent))
    assertContains(response, "Une équipe d&#x27;appui pratique depuis au moins 5 ans")
    assert not SupportTeamApplication.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("team_name", "", "Indiquez le nom de l&#x27;équipe."),
        ("contact_email", "pas-une-adresse", "Cette adresse électronique n&#x27;est pas valide"),
        ("start_year", "deux-mille", "Écrivez l&#x27;année sur 4 chiffres"),
        ("start_year", "1800", "Cette année n&#x27;est pas vraisemblable"),
        ("fidelity_evidence", "x" * 100_000, "5000 caractères"),
        ("engineering", "no", "Choisissez une des deux réponses."),
        ("city", "a\x00", "Le caractère nul n’est pas autorisé."),
        ("consent", "", "Cochez la case pour que nous puissions examiner"),
        ("website", "spam", "Votre candidature n&#x27;a pas pu être envoyée."),
    ],
)
def test_bad_input_on_the_application_form_is_explained(client, practice, field, value, message):
    response = client.post("/devenir-equipe-d-appui/", application_data(practice, **{field: value}))
    assert response.status_code == 200
    assertContains(response, message)
    assert not SupportTeamApplication.objects.exists()


def test_an_attachment_that_is_not_a_pdf_is_refused(client, practice):
    fake = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post("/devenir-equipe-d-appui/", {**application_data(practice), "training_file": fake})
    assertContains(response, "Ce fichier n&#x27;est pas un PDF.")


def test_double_submission_makes_one_application(client, practice):
    client.post("/devenir-equipe-d-appui/", application_data(practice))
    again = client.post("/devenir-equipe-d-appui/", application_data(practice))
    assert again.status_code == 200 and SupportTeamApplication.objects.count() == 1
    assertContains(again, "déjà en cours d&#x27;examen")


def test_only_editors_review_applications(client, practice, team):
    from tests.trainings.builders import make_member

    client.post("/devenir-equipe-d-appui/", application_data(practice))
    application = SupportTeamApplication.objects.get()
    client.force_login(make_member(team))
    assert client.get(f"/admin/candidatures-equipes-d-appui/{application.pk}/").status_code in (302, 403)
    assert client.get(
        f"/admin/candidatures-equipes-d-appui/{application.pk}/piece/fidelite/"
    ).status_code in (302, 403)


def test_declined_applications_are_erased_after_two_years(client, practice, editor, settings, tmp_path):
    import datetime

    from django.core.management import call_command

    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post("/devenir-equipe-d-appui/", {**application_data(practice), "training_file": pdf})
    application = SupportTeamApplication.objects.get()
    path = application.training_file.path
    client.force_login(editor)
    client.post(
        f"/admin/candidatures-equipes-d-appui/{application.pk}/",
        {"decision": "decline", "reason": "Trop tôt."},
    )
    call_command("purge_support_team_applications")
    assert SupportTeamApplication.objects.count() == 1  # still within the two years
    SupportTeamApplication.objects.update(reviewed_at=timezone.now() - datetime.timedelta(days=800))
    call_command("purge_support_team_applications")
    assert not SupportTeamApplication.objects.exists()
    import os

    assert not os.path.exists(path)
