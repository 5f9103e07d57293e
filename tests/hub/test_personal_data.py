"""RGPD: an admin can export and erase an applicant's personal data."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from hub.models import Application, AuditEvent, HubProfile

from . import builders as b

pytestmark = pytest.mark.django_db


def test_export_command_prints_the_applicants_data(call, capsys):
    user, org = b.make_applicant("ana")
    b.make_application(call, org, user)
    call_command("hub_personal_data", "export", "ana@example.org")
    data = json.loads(capsys.readouterr().out)
    assert data["compte"]["courriel"] == "ana@example.org"
    assert data["organisations"][0]["organisation"] == org.name
    assert data["candidatures"][0]["référence"].startswith("PH2026-")


def test_erase_command_anonymises_the_account_but_keeps_the_application(call):
    user, org = b.make_applicant("ana")
    application = b.make_application(call, org, user)
    with pytest.raises(CommandError):
        call_command("hub_personal_data", "erase", "ana@example.org")
    call_command("hub_personal_data", "erase", "ana@example.org", "--yes")
    user.refresh_from_db()
    assert (user.email, user.first_name, user.is_active) == ("", "", False)
    assert not HubProfile.objects.filter(user=user).exists()
    assert Application.objects.filter(pk=application.pk).exists()
    assert AuditEvent.objects.filter(verb="rgpd.erase").exists()


def test_admin_actions_export_and_erase(client, call):
    admin_user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    user, _ = b.make_applicant("ana")
    client.force_login(admin_user)
    url = reverse("admin:hub_hubprofile_changelist")
    profile = HubProfile.objects.get(user=user)
    response = client.post(url, {"action": "export_selected", "_selected_action": [profile.pk]})
    assert json.loads(response.content)[0]["compte"]["courriel"] == "ana@example.org"
    client.post(url, {"action": "erase_selected", "_selected_action": [profile.pk]})
    user.refresh_from_db()
    assert user.email == "" and not user.is_active


def _attach(application, name="budget.pdf"):
    from django.core.files.base import ContentFile

    from hub.models import Attachment

    attachment = Attachment(
        application=application, label="Budget prévisionnel", original_name=name, size=9, sha256="a" * 64
    )
    attachment.file.save(name, ContentFile(b"%PDF-1.4\n"), save=True)
    return attachment


def test_export_includes_content_organisation_attachments_and_eligibility_reason(open_call, capsys):
    user, org = b.make_applicant("ana")
    org.registration_number, org.website = "W123456789", "https://asso.example.org"
    org.save()
    application = b.make_application(open_call, org, user, status="submitted", title="Le café d'Ana")
    _attach(application)
    from hub.services import applications as application_service

    application_service.decide_eligibility(
        application,
        b.make_secretariat(),
        decision="ineligible",
        reason="Le projet ne porte pas sur la santé mentale.",
    )
    call_command("hub_personal_data", "export", "ana@example.org")
    data = json.loads(capsys.readouterr().out)
    exported = data["candidatures"][0]
    assert exported["contenu"]["titre de la pratique"] == "Le café d'Ana"
    assert exported["contenu"]["description de la pratique"].startswith("Texte détaillé")
    assert exported["ressources humaines"][0]["rôle"] == "Coordinatrice"
    assert exported["pièces jointes"][0]["intitulé"] == "Budget prévisionnel"
    assert exported["éligibilité"]["motif"] == "Le projet ne porte pas sur la santé mentale."
    organisation = data["organisations"][0]
    assert organisation["numéro d'enregistrement"] == "W123456789" and organisation["ville"] == "Lyon"
    assert data["courriels"][0]["objet"].startswith("PositiveHub : examen de l'éligibilité")


def test_an_expert_can_export_and_erase_her_data_and_her_reviews_stay_anonymous(world, capsys):
    expert = world["experts"]["peers"][0]
    expert.affiliation, expert.declared_interests = "CHU de Lyon", "Membre d'une association de pairs."
    expert.save()
    call_command("hub_personal_data", "export", expert.user.email)
    data = json.loads(capsys.readouterr().out)
    assert data["expert"]["affiliation"] == "CHU de Lyon"
    assert data["expert"]["évaluations"][0]["dossier"] == world["app_a"].pseudonym
    assert data["expert"]["évaluations"][0]["notes"]["C1"]["note"] == 3.5
    assert data["expert"]["appels"][0]["appel"] == world["call"].title

    call_command("hub_personal_data", "erase", expert.user.email, "--yes")
    expert.refresh_from_db()
    expert.user.refresh_from_db()
    assert (expert.user.email, expert.user.last_name, expert.affiliation, expert.declared_interests) == (
        "",
        "",
        "",
        "",
    )
    assert world["peer_assignments"][0].review.status == "submitted"  # the call's record stays


def test_retention_erases_old_files_drafts_mails_and_unused_accounts_but_keeps_the_record(
    db, clock, settings
):
    from hub.models import Application, Attachment, NotificationLog
    from hub.services import notifications

    settings.HUB_RETENTION_YEARS = 3
    clock.set(2025, 1, 10, 9)
    old_user, old_org = b.make_applicant("ancien")
    chair = b.make_expert("presidente")
    past_call, selected = b.make_published_call(old_user, old_org, chair.user, year=2025)
    old_file = _attach(selected)
    draft = b.make_application(past_call, old_org, old_user, n=901)
    notifications.send("review_reminder", old_user, {"pseudonyms": ["P-1"], "url": "/positivehub/comite/"})
    get_user_model().objects.filter(pk=old_user.pk).update(
        date_joined=b.paris(2025, 1, 10), last_login=b.paris(2025, 9, 2)
    )

    clock.set(2029, 1, 10, 9)  # 3 years and more after the results of 1 September 2025
    current_user, current_org = b.make_applicant("actuelle")
    current_call = b.make_call(year=2029, status="open")
    current = b.make_application(current_call, current_org, current_user)
    current_file = _attach(current)

    call_command("hub_retention", "--dry-run")
    assert Application.objects.filter(pk=draft.pk).exists() and bool(
        Attachment.objects.get(pk=old_file.pk).file
    )
    call_command("hub_retention")

    assert not Attachment.objects.get(pk=old_file.pk).file  # the file is gone, its label and hash stay
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert Application.objects.filter(pk=selected.pk).exists()
    assert not NotificationLog.objects.filter(recipient=old_user).exists()
    old_user.refresh_from_db()
    assert old_user.email == "" and not old_user.is_active
    current_user.refresh_from_db()
    assert current_user.email == "actuelle@example.org"
    assert Attachment.objects.get(pk=current_file.pk).file
    assert AuditEvent.objects.filter(verb="rgpd.retention").exists()


def test_the_privacy_page_states_the_retention_period_and_how_to_exercise_rights(db, client, settings):
    settings.HUB_RETENTION_YEARS = 3
    page = client.get(reverse("hub:privacy")).content.decode()
    assert "3 ans" in page and "positivehub@example.org" in page and "Experts du comité" in page
