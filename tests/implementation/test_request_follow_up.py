"""A request gets a reference and a private follow-up link; each status change tells the requester."""

from __future__ import annotations

import re

from django.core import mail
from pytest_django.asserts import assertContains, assertNotContains

from practices.models import TrainingRequest
from tests.practices.test_training_requests import url_for, valid_data


def _send(client, practice, **overrides):
    response = client.post(url_for(practice), valid_data(**overrides))
    assert response.status_code == 302
    return TrainingRequest.objects.get(), response


def test_request_gets_a_reference_and_a_follow_up_link(client, practice):
    saved, response = _send(client, practice, name="Camille L'Hôte")
    assert re.fullmatch(r"D-\d{4}-\d{5}", saved.reference)
    page = client.get(response["Location"])
    assertContains(page, saved.reference)
    assertContains(page, "Nouvelle")
    team_mail = next(m for m in mail.outbox if "equipe@example.org" in m.to)
    receipt = next(m for m in mail.outbox if "camille@example.org" in m.to)
    assert team_mail.reply_to == ["camille@example.org"] and saved.reference in team_mail.subject
    assert "Camille L'Hôte" in team_mail.body  # plain text, not HTML-escaped
    assert saved.follow_up_url() in receipt.body and saved.reference in receipt.body


def test_status_change_and_message_notify_the_requester(client, practice, member_client, team):
    saved, response = _send(client, practice)
    mail.outbox.clear()
    answer = member_client.post(
        f"/espace-equipe/{team.slug}/demandes/",
        {
            "request": saved.pk,
            "status": "en-cours",
            "note": "note interne",
            "reply": "Nous vous appelons jeudi « vers 10 h ».",
        },
    )
    assert answer.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["camille@example.org"] and "en cours" in message.subject
    assert "Nous vous appelons jeudi « vers 10 h »." in message.body and saved.follow_up_url() in message.body
    page = client.get(response["Location"])
    assertContains(page, "En cours")
    assertContains(page, "Nous vous appelons jeudi « vers 10 h ».")
    assertNotContains(page, "note interne")  # the team's note stays private
    mail.outbox.clear()
    member_client.post(
        f"/espace-equipe/{team.slug}/demandes/", {"request": saved.pk, "status": "en-cours", "note": ""}
    )
    assert mail.outbox == []  # nothing changed for the requester, nothing sent


def test_follow_up_link_can_be_sent_again_without_revealing_anything(client, practice):
    saved, _ = _send(client, practice)
    mail.outbox.clear()
    for reference, email in (
        (saved.reference.lower(), "CAMILLE@example.org"),
        ("D-2000-00001", "x@example.org"),
    ):
        response = client.post("/solliciter-un-appui/suivi/", {"reference": reference, "email": email})
        assertContains(response, "Si une demande correspond à cette référence")
    assert len(mail.outbox) == 1 and saved.follow_up_url() in mail.outbox[0].body
    bad = client.post("/solliciter-un-appui/suivi/", {"reference": "", "email": "pas une adresse\x00"})
    assertContains(bad, "Indiquez la référence de votre demande.")
    assert client.get("/solliciter-un-appui/suivi/pas-un-jeton/").status_code == 404


def test_request_form_hides_the_honeypot_and_has_no_preselected_blank_choice(client, practice):
    html = client.get(url_for(practice)).content.decode()
    assert "Ne pas remplir ce champ" not in html and "---------" not in html
    assert re.search(r'<div hidden>\s*<label for="id_website">', html)
    assert 'value="" checked' not in html and 'name="kind" value=""' not in html
