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
