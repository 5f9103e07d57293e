"""List pages run a constant number of queries whatever the number of applications (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.models import CallMembership, CallStatus

from . import builders as b

pytestmark = pytest.mark.django_db


def build(n, year):
    """A call with n applications, each reviewed by 3 experts; distinct people for each call."""
    call = b.make_call(year=year, status=CallStatus.REVIEW)
    chair = b.make_expert(f"chair{year}", call, role=CallMembership.Role.CHAIR)
    experts = [b.make_expert(f"e{i}-{year}", call, country=c) for i, c in enumerate(["FR", "BE", "CA", "SN"])]
    user, org = b.make_applicant(f"ana{year}")
    for i in range(n):
        app = b.make_application(call, org, user, status="in_review", n=year * 100 + i)
        for expert in experts[:3]:
            b.make_review(b.make_assignment(app, expert), 6 + i % 4)
    return {
        "call": call,
        "chair": chair.user,
        "expert": experts[0].user,
        "applicant": user,
        "secretariat": b.make_secretariat(f"sec{year}"),
    }


PAGES = [
    ("hub:secretariat-call", "secretariat", lambda call: [call.slug]),
    ("hub:secretariat-assignments", "secretariat", lambda call: [call.slug]),
    ("hub:secretariat-follow-up", "secretariat", lambda call: [call.slug]),
    ("hub:chair-ranking", "chair", lambda call: [call.slug]),
    ("hub:export-matrix", "chair", lambda call: [call.slug]),
    ("hub:expert-dashboard", "expert", lambda call: []),
    ("hub:applicant-dashboard", "applicant", lambda call: []),
]


@pytest.mark.parametrize("url_name, role, args", PAGES, ids=[p[0] for p in PAGES])
def test_list_page_queries_do_not_grow_with_the_number_of_applications(
    client, clock, url_name, role, args, django_assert_max_num_queries
):
    small, large = build(2, 2030), build(12, 2031)
    counts = []
    for data in (small, large):
        client.force_login(data[role])
        url = reverse(url_name, args=args(data["call"]))
        client.get(url)  # the site's menus are built once, then cached for every page: compare warm pages
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], f"{url_name}: {counts[0]} requêtes pour 2 dossiers, {counts[1]} pour 12"
    for data in (small, large):
        client.force_login(data[role])
        url = reverse(url_name, args=args(data["call"]))
        client.get(url)  # warm: the first page after logging in also sets a privileged session's end
        with django_assert_max_num_queries(counts[0]):
            client.get(url)


def test_public_results_page_queries_do_not_grow(client, db, django_assert_max_num_queries):
    counts = []
    for year, n in ((2030, 1), (2031, 8)):
        applicant, org = b.make_applicant(f"p{year}")
        chair = b.make_user(f"c{year}")
        call, _ = b.make_published_call(applicant, org, chair, year=year)
        from hub.models import PublicListing

        for i in range(n):
            app = b.make_application(call, org, applicant, n=year * 100 + i, status="listed")
            PublicListing.objects.create(
                application=app,
                slug=f"{year}-{i}",
                badge="listed",
                public_title=f"T{i}",
                organisation_name=org.name,
                country="FR",
                published_at=call.results_published_at,
            )
        client.get(
            reverse("hub:call-results", args=[call.slug])
        )  # warm: the site's menus are cached once built
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("hub:call-results", args=[call.slug]))
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse("hub:call-results", args=["appel-2031"]))
