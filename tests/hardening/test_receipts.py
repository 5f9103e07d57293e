"""Receipts point to the rights with an address that answers, instead of asking to « reply » to a no-reply
address; every mail that invites a reply has a Reply-To."""

import re
import urllib.parse

from django.core import mail

from tests.hardening.test_privacy_page import publish_privacy_page
from tests.live import Visitor


def test_the_receipt_points_to_the_rights_with_an_address_that_answers(live_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    publish_privacy_page(live_site["home"])
    settings.WAGTAILADMIN_BASE_URL = live_site["url"]
    mail.outbox.clear()
    reply = Visitor(live_site["url"]).submit(
        f"/solliciter-un-appui/pratique/{live_site['practice'].slug}/",
        {
            "name": "Camille Martin",
            "email": "camille@example.org",
            "organisation": "CMP",
            "role": "Infirmière",
            "departement_code": "13",
            "kind": "formation",
            "consent": "on",
            "message": "Bonjour",
        },
    )
    assert "/solliciter-un-appui/suivi/" in reply.url
    receipt = next(m for m in mail.outbox if m.to == ["camille@example.org"])
    assert "ne-pas-repondre" in receipt.from_email
    assert receipt.reply_to == [
        live_site["team"].email
    ]  # « Répondre » reaches the team, not the no-reply box
    assert "répondez à ce message" not in receipt.body
    assert settings.PRIVACY_CONTACT_EMAIL in receipt.body
    link = re.search(r"(http://\S+/donnees-personnelles/#section-vos-droits)", receipt.body).group(1)
    page = Visitor(live_site["url"]).get(urllib.parse.urldefrag(link).url)
    assert page.status == 200 and 'id="section-vos-droits"' in page.text
    assert "&#x27;" not in receipt.body and "&amp;" not in receipt.body  # plain text, unescaped


def test_every_mail_that_asks_for_a_reply_has_somewhere_to_reply_to(live_site, settings):
    """The receipt, the status mail (with or without a team address) and the follow-up link."""
    from practices.models import Departement, TrainingRequest
    from practices.tasks import notify_requester, notify_training_request

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    team = live_site["team"]
    mail.outbox.clear()
    for team_email in ("equipe@example.org", ""):
        team.email = team_email
        team.save()
        item = TrainingRequest.objects.create(
            team=team,
            name="Camille",
            email="camille@example.org",
            organisation="CMP",
            role="IDE",
            kind="formation",
            message="Bonjour",
            consent=True,
            departement=Departement.objects.get(code="13"),
        )
        notify_training_request.enqueue(item.pk)
        item.log_follow_up("en-cours", "Nous vous appelons demain.")
        item.status = "en-cours"
        item.save()
        notify_requester.enqueue(item.pk, "status")
    to_requester = [m for m in mail.outbox if m.to == ["camille@example.org"]]
    assert len(to_requester) == 4
    for message in to_requester:
        if "répondez" in message.body.lower() or "répondre" in message.body.lower():
            assert message.reply_to and all("ne-pas-repondre" not in a for a in message.reply_to), (
                message.subject
            )
