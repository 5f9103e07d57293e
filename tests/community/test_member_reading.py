"""A logged-in member reads the same cached practice and thread pages as an anonymous reader; the small part that
depends on them (pseudonym, posts waiting for moderation, « suivre ») is fetched from /communaute/moi/."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from community.models import Status
from tests import factories
from tests.community.conftest import PASSWORD, make_member, make_thread
from tests.live import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    factories.restore_migration_data()
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    return live_server.url, practice


def cookie(visitor, name):
    return next((c.value for c in visitor.jar if c.name == name), None)


def test_member_reads_the_cached_practice_page_and_fetches_their_own_part(site):
    base, practice = site
    author = make_member("Camille")
    waiting = make_thread(practice, author, title="Ma question en attente", status=Status.PENDING)
    published = make_thread(practice, make_member("Autre", trusted=True), title="Une question publiée")
    anonymous = Visitor(base)
    first = anonymous.get(practice.url)
    assert first.cache == "MISS" and "Une question publiée" in first.text
    assert "Ma question en attente" not in first.text

    member = Visitor(base)
    member.log_in("Camille", PASSWORD)
    assert cookie(member, "lilith_lecteur")
    page = member.get(practice.url)
    assert page.cache == "HIT"  # the anonymous copy, no rendering
    assert page.text == first.text
    assert "private" in page.headers["cache-control"]  # their browser asks again after logging out
    assert 'data-member-part="/communaute/moi/?pratique=' in page.text

    part = member.get(f"/communaute/moi/?pratique={practice.pk}")
    assert part.status == 200 and "private" in part.headers["cache-control"]
    assert "Camille" in part.text and "votre message « Ma question en attente »" in part.text
    thread_part = member.get(f"/communaute/moi/?fil={published.pk}")
    assert "Vous ne suivez pas ce fil" in thread_part.text
    anonymous.get(published.get_absolute_url())
    thread_page = member.get(published.get_absolute_url())
    assert thread_page.cache == "HIT" and "Camille" not in thread_page.text
    assert waiting.pk

    # Anonymous readers get nothing from the fragment, and never anyone else's.
    assert Visitor(base).get(f"/communaute/moi/?pratique={practice.pk}").status == 204

    # Logging out takes the reader cookie back.
    member.submit("/communaute/mon-compte/", {}, index=-1)
    assert cookie(member, "lilith_lecteur") is None
    assert "Camille" not in member.get(f"/communaute/moi/?pratique={practice.pk}").text


def test_a_member_with_a_message_waiting_gets_the_page_rendered_with_it(site):
    base, practice = site
    make_member("Camille", trusted=True)
    member = Visitor(base)
    member.log_in("Camille", PASSWORD)
    Visitor(base).get(practice.url)  # cached
    reply = member.submit(
        f"/communaute/ecrire/{practice.slug}/",
        {"kind": "question", "title": "Publiée tout de suite", "body": "Merci !"},
    )
    assert "Votre message est publié. Merci !" in reply.text  # a message: never the cached copy
    page = member.get(practice.url)
    assert "Publiée tout de suite" in page.text  # purged at once


def test_editors_and_forged_reader_cookies_never_get_the_cached_copy(site):
    base, practice = site
    editor = get_user_model().objects.create_user("redactrice", "redactrice@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    Visitor(base).get(practice.url)
    office = Visitor(base)
    office.log_in("redactrice", PASSWORD)
    assert cookie(office, "lilith_lecteur") is None  # their pages carry the admin's user bar
    assert office.get(practice.url).cache != "HIT"

    make_member("Camille")
    member = Visitor(base)
    member.log_in("Camille", PASSWORD)
    stolen = cookie(member, "lilith_lecteur")
    assert member.get(practice.url).cache == "HIT"
    # The editor's session with the member's reader cookie (copied from another browser): refused.
    forged = Visitor(
        base, headers={"Cookie": f"sessionid={cookie(office, 'sessionid')}; lilith_lecteur={stolen}"}
    )
    reply = forged.get(practice.url)
    assert reply.cache != "HIT" and reply.status == 200


@pytest.mark.parametrize(
    "query",
    ["", "?pratique=", "?pratique=abc", "?pratique=%00", "?fil=" + "9" * 100_000, "?pratique=<script>"],
)
def test_bad_fragment_addresses_get_a_french_400(site, query):
    base, _practice = site
    make_member("Camille")
    member = Visitor(base)
    member.log_in("Camille", PASSWORD)
    reply = member.get(f"/communaute/moi/{query}")
    assert reply.status in (400, 414), reply.status
    if reply.status == 400:
        assert "il manque le numéro de la page" in reply.text
