"""Training requests (names, addresses, messages) are listed through the admin's snippet chooser only to those
who may see them: the scientific committee gets a 403, editors and administrators the list."""

from practices.models import Departement, TrainingRequest
from tests.hardening.conftest import PASSWORD
from tests.live import Visitor

CHOOSER = "/admin/snippets/choose/practices/trainingrequest/"


def make_request(site):
    return TrainingRequest.objects.create(
        team=site["team"],
        practice=site["practice"],
        name="Camille Requérante",
        email="camille@example.org",
        organisation="CMP Confidentiel",
        role="Infirmière",
        kind="formation",
        message="Bonjour",
        consent=True,
        departement=Departement.objects.get(code="13"),
    )


def test_the_committee_cannot_list_or_pick_training_requests_through_the_snippet_chooser(live_site):
    item = make_request(live_site)
    committee = Visitor(live_site["url"])
    committee.log_in("comite", PASSWORD)
    assert committee.get("/admin/").status == 200  # the committee does reach the admin
    for url in (CHOOSER, CHOOSER + "results/?q=Camille", f"{CHOOSER}chosen/{item.pk}/"):
        refused = committee._open(url, follow=False)
        # Wagtail answers a refusal with its « permission denied » redirect to the dashboard (or a 403).
        assert refused.status in (302, 403), (url, refused.status)
        assert refused.status == 403 or refused.headers["location"].rstrip("/").endswith("/admin")
        reply = committee.get(url)
        assert "CMP Confidentiel" not in reply.text and "Camille" not in reply.text


def test_editors_and_administrators_still_pick_training_requests_in_the_chooser(live_site):
    make_request(live_site)
    for username in ("editrice", "admin"):
        visitor = Visitor(live_site["url"])
        visitor.log_in(username, PASSWORD)
        reply = visitor.get(CHOOSER + "results/?q=Confidentiel")
        assert reply.status == 200 and "CMP Confidentiel" in reply.text, username
