"""Searches aggregated by their words, without who searched: top queries and queries without result."""

import pytest

from metrics import counting
from metrics.models import SearchTermDay
from tests.live import Visitor
from tests.metrics.conftest import PASSWORD, reader

pytestmark = pytest.mark.django_db(transaction=True)


def test_searches_are_counted_by_their_words_and_those_without_result_apart(site):
    visitor = reader(site["url"])
    for query in ("Logement", "  logement ", "LOGEMENT", "xylophone", "xylophone"):
        assert visitor.get(f"/recherche/?q={query.replace(' ', '+')}").status == 200
    visitor.get("/recherche/?q=logement&page=2")  # the same search, next page: not a new one
    visitor.get("/recherche/")  # browsing without words: not a search
    Visitor(site["url"]).get("/recherche/?q=robot")  # not a browser
    counting.fold()
    rows = {r.term: (r.searches, r.without_result) for r in SearchTermDay.objects.all()}
    assert rows == {"logement": (3, 0), "xylophone": (2, 2)}
    assert {f.name for f in SearchTermDay._meta.get_fields()} == {
        "id",
        "day",
        "term",
        "searches",
        "without_result",
        "is_demo",
    }


# 3,000 letters: longer than any term kept, shorter than the request line a server accepts (beyond it, the server
# itself answers 414 before the site sees anything).
@pytest.mark.parametrize("query", ["a" * 3_000, "nul%00octet", "%FF%FE", "<script>alert(1)</script>"])
def test_odd_searches_are_answered_and_stored_short_and_clean(site, query):
    reply = reader(site["url"]).get(f"/recherche/?q={query}")
    assert reply.status in (200, 400)
    counting.fold()
    for row in SearchTermDay.objects.all():
        assert len(row.term) <= 100 and "\x00" not in row.term


def test_the_search_reports_show_the_top_words_and_the_words_without_result(site):
    visitor = reader(site["url"])
    for query in ("logement", "logement", "xylophone", "xylophone", "orniska"):
        visitor.get(f"/recherche/?q={query}")
    counting.fold()
    editor = reader(site["url"])
    editor.log_in("admin", PASSWORD)
    top = editor.get("/admin/indicateurs/recherches/")
    empty = editor.get("/admin/indicateurs/recherches-sans-resultat/")
    assert top.status == 200 and "logement" in top.text
    assert "orniska" not in top.text  # searched once: never shown (it might name someone)
    assert empty.status == 200 and "xylophone" in empty.text and "logement" not in empty.text
