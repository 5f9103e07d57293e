"""« Cette page vous a-t-elle aidé ? »: no account, no cookie, one answer per visitor, page and day; results for
editors in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from community.models import PageFeedback

pytestmark = pytest.mark.django_db


def test_reader_answers_yes_then_why_without_any_cookie_and_the_page_stays_cached(client, practice, settings):
    settings.PAGE_CACHE_ENABLED = True
    html = client.get(practice.url).content.decode()
    assert "Cette page vous a-t-elle aidé ?" in html and "csrfmiddlewaretoken" not in html
    assert client.get(practice.url)["X-Cache"] == "HIT"
    response = client.post(reverse("community:feedback", args=[practice.pk]), {"aide": "oui"})
    assert response.status_code == 200 and not response.cookies
    assert "Voulez-vous nous dire pourquoi ?" in response.content.decode()
    token = response.context["token"]
    response = client.post(
        reverse("community:feedback-reason", args=[token]), {"reason": "Claire, « simple »."}
    )
    assert "Merci pour votre avis" in response.content.decode() and not response.cookies
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.helpful, feedback.reason) == (practice.pk, True, "Claire, « simple ».")
    assert not client.cookies


def test_one_answer_per_visitor_page_and_day(client, practice):
    url = reverse("community:feedback", args=[practice.pk])
    client.post(url, {"aide": "non"})
    response = client.post(url, {"aide": "non"})
    assert "Vous avez déjà répondu pour cette page aujourd'hui." in response.content.decode()
    assert PageFeedback.objects.count() == 1
    client.post(url, {"aide": "oui"}, REMOTE_ADDR="192.0.2.7")  # another visitor
    assert PageFeedback.objects.count() == 2


@pytest.mark.parametrize("value", ["", "peut-être", "x" * 100_000, "<script>", "a\x00b"])
def test_bad_answer_gets_a_french_400(client, practice, value):
    response = client.post(reverse("community:feedback", args=[practice.pk]), {"aide": value})
    assert response.status_code == 400 and "Choisissez « Oui » ou « Non »." in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_bad_reason_or_token_is_refused(client, practice):
    response = client.post(reverse("community:feedback", args=[practice.pk]), {"aide": "non"})
    token = response.context["token"]
    response = client.post(reverse("community:feedback-reason", args=[token]), {"reason": "x" * 100_000})
    assert "1000 caractères" in response.content.decode()
    assert PageFeedback.objects.get().reason == ""
    assert (
        client.post(reverse("community:feedback-reason", args=["faux"]), {"reason": "ok"}).status_code == 404
    )
    assert client.post(reverse("community:feedback", args=[999999]), {"aide": "oui"}).status_code == 404
    assert client.get(reverse("community:feedback", args=[practice.pk])).status_code == 405


def test_editors_read_the_results_per_page_in_the_admin(client, practice):
    PageFeedback.objects.bulk_create(
        [
            PageFeedback(page=practice, helpful=True),
            PageFeedback(page=practice, helpful=False, reason="Trop long"),
        ]
    )
    from practices import roles

    roles.ensure_groups(Group, Permission)
    editor = get_user_model().objects.create_user("editrice-avis", "e@example.org", "x", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    html = client.get("/admin/echanges/avis/").content.decode()
    assert practice.title.replace("'", "&#x27;") in html
    assert "<td>1</td><td>1</td>" in html
    assert "Trop long" in client.get(f"/admin/echanges/avis/?page={practice.pk}").content.decode()
    member = get_user_model().objects.create_user("simple", "s@example.org", "x")
    client.force_login(member)
    assert client.get("/admin/echanges/avis/").status_code in (302, 403, 404)
