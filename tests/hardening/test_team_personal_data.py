"""RGPD: the team's note is in a requester's export and is erased with the request; team contacts and team
members can have their data exported and erased (`manage.py team_personal_data`)."""

import json

import pytest
from django.core.management import CommandError, call_command

from practices.models import Departement, SupportTeamContact, TeamMembership, TrainingRequest
from tests.hardening.conftest import PASSWORD
from tests.live import Visitor


def test_the_teams_note_is_exported_and_erased_with_the_request(live_site, capsys):
    item = TrainingRequest.objects.create(
        team=live_site["team"],
        name="Camille Martin",
        email="camille@example.org",
        organisation="CMP",
        role="Infirmière",
        kind="formation",
        message="Bonjour",
        consent=True,
        departement=Departement.objects.get(code="13"),
    )
    member = Visitor(live_site["url"])
    member.log_in("equipe", PASSWORD)
    url = f"/espace-equipe/{live_site['team'].slug}/demandes/"
    member.submit(
        url,
        {"request": str(item.pk), "status": "en-cours", "note": "Camille rappelle lundi, 01 99 00 12 34"},
        index=-1,
    )
    assert TrainingRequest.objects.get(pk=item.pk).team_note.startswith("Camille rappelle")
    call_command("requester_data", "export", "camille@example.org")
    exported = json.loads(capsys.readouterr().out)
    assert exported[0]["note de l'équipe"] == "Camille rappelle lundi, 01 99 00 12 34"
    call_command("requester_data", "erase", "camille@example.org")
    erased = TrainingRequest.objects.get(pk=item.pk)
    assert erased.team_note == "" and "Camille" not in json.dumps(erased.personal_data(), ensure_ascii=False)


def test_a_team_contact_and_member_export_then_erase_their_data(live_site, capsys):
    team = live_site["team"]
    SupportTeamContact.objects.create(
        team=team,
        name="Jeanne Contact",
        role="Coordinatrice",
        email="equipe@example.org",
        phone="01 99 00 12 34",
    )
    team.save()
    reader = Visitor(live_site["url"])
    assert "Jeanne Contact" in reader.get(team.public_url).text
    assert "Jeanne Contact" in reader.get(team.public_url).text  # now from the page cache

    call_command("team_personal_data", "export", "equipe@example.org")
    exported = json.loads(capsys.readouterr().out)
    assert exported["contacts publiés"][0]["nom"] == "Jeanne Contact"
    assert exported["contacts publiés"][0]["téléphone"] == "01 99 00 12 34"
    assert exported["membres des équipes"][0]["identifiant"] == "equipe"
    assert exported["membres des équipes"][0]["équipes d'appui"] == [team.name]

    with pytest.raises(CommandError, match="--yes"):
        call_command("team_personal_data", "erase", "equipe@example.org")
    call_command("team_personal_data", "erase", "equipe@example.org", "--yes")
    assert "1 contact(s) retiré(s)" in capsys.readouterr().out
    assert "Jeanne Contact" not in reader.get(team.public_url).text  # the published sheet is refreshed
    assert not TeamMembership.objects.exists()
    member = live_site["member"]
    member.refresh_from_db()
    assert member.email == "" and not member.is_active and not member.has_usable_password()
    login = Visitor(live_site["url"]).submit(
        "/compte/connexion/", {"username": "equipe", "password": PASSWORD}
    )
    assert "/compte/connexion/" in login.url  # the account no longer opens
    with pytest.raises(CommandError, match="Aucun contact"):
        call_command("team_personal_data", "export", "equipe@example.org")


def test_erasing_a_member_who_is_also_an_editor_keeps_the_editor_account(live_site, capsys):
    editor = live_site["editor"]
    TeamMembership.objects.create(user=editor, team=live_site["team"])
    call_command("team_personal_data", "erase", editor.email, "--yes")
    editor.refresh_from_db()
    assert editor.is_active and editor.email and not TeamMembership.objects.filter(user=editor).exists()
