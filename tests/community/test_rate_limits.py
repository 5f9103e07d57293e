"""Writing is limited per member and per real client address (behind the load balancer), with the atomic
counter: twenty posts sent at once let no more than the limit through, and the text of a refused post is kept."""

import concurrent.futures
import urllib.parse

import pytest

from community.models import Member, Thread
from tests import factories
from tests.community.conftest import PASSWORD, make_member
from tests.live import Visitor
from tests.markers import requires_postgres

pytestmark = pytest.mark.django_db(transaction=True)
REFUSED = "Vous avez beaucoup écrit en peu de temps"


@pytest.fixture
def write_url(live_server, settings):
    factories.restore_migration_data()
    home = factories.make_home()
    practice = factories.make_practice(factories.make_practice_index(home))
    return live_server.url, f"/communaute/ecrire/{practice.slug}/"


def logged_in(base, pseudonym, **headers):
    make_member(pseudonym, trusted=True)
    visitor = Visitor(base, headers=headers)
    visitor.log_in(pseudonym, PASSWORD)
    return visitor


def post(visitor, form, title):
    action, values = form
    values.update({"kind": ["question"], "title": [title], "body": [f"Le texte de « {title} »"]})
    data = urllib.parse.urlencode([(k, v) for k, vs in values.items() for v in vs]).encode()
    return visitor._open(action, data=data)


@requires_postgres  # twenty writers at once: SQLite's in-memory test database serialises them with lock errors
def test_twenty_posts_at_once_by_one_member_let_no_more_than_the_limit_through(write_url, settings):
    base, url = write_url
    settings.COMMUNITY_RATE_LIMITS = {"post": (5, 100)}
    visitor = logged_in(base, "Rapide")
    forms = [visitor.form(url) for _ in range(20)]  # twenty tabs, each with its own submission key

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda i: post(visitor, forms[i], f"Fil {i}"), range(20)))
    assert all(r.status == 200 for r in replies), [(r.status, r.url) for r in replies]
    assert Thread.objects.count() == 5
    refused = [r for r in replies if REFUSED in r.text]
    assert len(refused) == 15
    assert all("Le texte de « Fil" in r.text for r in refused)  # what was typed is shown again


@requires_postgres
def test_twenty_posts_at_once_from_one_address_let_no_more_than_its_limit_through(write_url, settings):
    base, url = write_url
    settings.COMMUNITY_RATE_LIMITS = {"post": (100, 6)}
    visitors = [logged_in(base, f"Membre {n}") for n in range(4)]
    forms = [(v, v.form(url)) for v in visitors for _ in range(5)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda i: post(forms[i][0], forms[i][1], f"Fil {i}"), range(20)))
    assert all(r.status == 200 for r in replies), [(r.status, r.url) for r in replies]
    assert Thread.objects.count() == 6
    assert sum(REFUSED in r.text for r in replies) == 14


def test_limits_count_per_member_and_per_real_address_behind_the_load_balancer(write_url, settings):
    base, url = write_url
    settings.TRUSTED_PROXY_COUNT = 1
    settings.COMMUNITY_RATE_LIMITS = {"post": (2, 3)}
    # Two members in one day hospital share an address; a third writes from home.
    ana = logged_in(base, "Ana", **{"X-Forwarded-For": "198.51.100.9, 203.0.113.1"})
    bao = logged_in(base, "Bao", **{"X-Forwarded-For": "203.0.113.1"})
    cyd = logged_in(base, "Cyd", **{"X-Forwarded-For": "203.0.113.2"})

    def write(visitor, title):
        return post(visitor, visitor.form(url), title)

    assert REFUSED not in write(ana, "Ana 1").text
    assert REFUSED not in write(ana, "Ana 2").text
    refused = write(ana, "Ana 3")  # Ana's own limit
    assert REFUSED in refused.text and "Le texte de « Ana 3 »" in refused.text
    assert (
        REFUSED in write(bao, "Bao 1").text
    )  # the shared address is over its limit of 3 (Ana's third counted)
    assert REFUSED not in write(cyd, "Cyd 1").text  # another address, another member: not affected
    assert sorted(Thread.objects.values_list("title", flat=True)) == ["Ana 1", "Ana 2", "Cyd 1"]
    assert Member.objects.count() == 3


def test_a_forged_forwarded_address_is_ignored_without_a_trusted_proxy(write_url, settings):
    base, url = write_url
    settings.TRUSTED_PROXY_COUNT = 0
    settings.COMMUNITY_RATE_LIMITS = {"post": (100, 2)}
    visitor = logged_in(base, "Malin")
    for n in range(3):
        visitor.headers["X-Forwarded-For"] = f"192.0.2.{n + 1}"  # a new address each time, made up
        reply = post(visitor, visitor.form(url), f"Fil {n}")
    assert REFUSED in reply.text
    assert Thread.objects.count() == 2
