"""The search page costs the same number of queries whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def queries(client, **params):
    client.get("/recherche/", params)  # warm: site, settings and structure caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/recherche/", params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "logement"},
        {},
        {"niveau": "A"},
        {"q": "logement", "region": "93", "public": "adultes"},
        {"q": "emploi"},
        {"q": "logment"},
        {"q": "envie de mourir"},
        {"type": "equipe"},
    ],
)
def test_search_query_count_does_not_grow_with_content(
    client, library, params, django_assert_max_num_queries
):
    before = queries(client, **params)
    index = library.chez_soi.get_parent()
    for i in range(6):
        page = factories.make_practice(
            index,
            title=f"Logement accompagné {i}",
            theme=library.logement,
            evidence_level=library.chez_soi.evidence_level,
            summary="Un logement avec un suivi pour les adultes.",
        )
        page.regions.set(library.chez_soi.regions.all())
        page.publics.set(library.chez_soi.publics.all())
        page.save_revision().publish()
        factories.make_team(name=f"Équipe {i}", practice=page)
    # At most one query per page type shown on the page of results: never more with more content.
    assert queries(client, **params) <= before
    # A query that finds nothing is tried again (nearest words, then any word): about twice the budget.
    with django_assert_max_num_queries(70 if params.get("q") in ("logment", "envie de mourir") else 40):
        client.get("/recherche/", params)
