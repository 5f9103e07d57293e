"""Wagtail's database search backend, with one change on PostgreSQL so that common words stay fast at scale.

Wagtail (django-modelsearch) matches each page against `title || body`, two tsvectors of its index table. The
PostgreSQL planner prices that concatenation like an addition, while it actually reads both vectors out of TOAST
storage for every row: for a word found in a third of 10,000 practices, it picks a sequential scan that costs
about 70 ms where the GIN index answers in 5 ms. Here the same document is `lilith_search_document(title, body)`,
a PL/pgSQL function (practices migration 0007) whose declared cost tells the planner the truth, with a GIN index on
that very expression: the match is read from the index whatever the word. Results, ranking and the query syntax are
Wagtail's own; SQLite, MySQL and autocomplete are unchanged.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import F, Func
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend, PostgresSearchQueryCompiler
from modelsearch.query import Fuzzy, MatchAll, Not

DOCUMENT_FUNCTION = "lilith_search_document"


class SearchDocument(Func):
    function = DOCUMENT_FUNCTION
    output_field = SearchVectorField()


class DocumentQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        matches_all = isinstance(self.query, MatchAll) or (
            isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll)
        )
        if self.fields is not None or matches_all or isinstance(self.query, Fuzzy):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank_expression = self._build_rank_expression(self.get_index_vectors(search_query), config)
        document = SearchDocument(F("index_entries__title"), F("index_entries__body"))
        queryset = self.queryset.annotate(_vector_=document).filter(_vector_=search_query)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class LilithPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = DocumentQueryCompiler


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return LilithPostgresSearchBackend(params)
    return DatabaseSearchBackend(params)
