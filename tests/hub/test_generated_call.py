"""Issue 18: every page a person uses runs the same number of SQL queries for a generated call of 5 applications
as for one of 50 (the bench's generator, hub/bench_data.py, with conflicts, consensus, selection, publication)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub import bench_data as data
from hub.models import Application, ConflictDeclaration, PublicListing, Review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # count the queries of rendering, not of a cache hit


def counts(client, generated, pages):
    found = {}
    for label, name, who, args in pages:
        client.logout()
        user = data.person(generated, who)
        if user is not None:
            client.force_login(user)
        url = reverse(name, args=args(generated))
        assert client.get(url).status_code == 200, url  # warm: menus and site structure are cached once built
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        found[label] = len(context.captured_queries)
    return found


def test_the_generator_builds_a_call_the_rules_accept():
    generated = data.generate_call(12, 6, 3, year=2070)
    call = generated.call
    assert Application.objects.filter(call=call).count() == 12
    assert Review.objects.filter(assignment__application__call=call, status="submitted").count() == 12 * 3 - 1
    assert ConflictDeclaration.objects.filter(application__call=call).exists()
    assert call.grid_hash == call.compute_grid_hash()
    data.to_deliberation(generated)
    data.publish(generated)
    call.refresh_from_db()
    assert call.status == "results_published"
    assert call.outcomes.filter(outcome="laureate").count() == 3
    assert 3 <= call.outcomes.filter(outcome__in=("laureate", "selected")).count() <= 12
    assert PublicListing.objects.filter(application__call=call).exists()


def test_page_queries_do_not_grow_with_the_size_of_the_call(client):
    small = data.generate_call(5, 6, 3, year=2071)
    large = data.generate_call(50, 6, 3, year=2072)
    results = {}
    for phase_pages, step in (
        (data.REVIEW_PAGES, None),
        (data.DELIBERATION_PAGES, data.to_deliberation),
        (data.PUBLISHED_PAGES + data.EXPORTS, data.publish),
    ):
        if step is not None:
            step(small)
            step(large)
        few, many = counts(client, small, phase_pages), counts(client, large, phase_pages)
        results.update({label: (few[label], many[label]) for label in few})
    grown = {label: pair for label, pair in results.items() if pair[0] != pair[1]}
    assert grown == {}, f"requêtes (5 dossiers, 50 dossiers) : {grown}"
