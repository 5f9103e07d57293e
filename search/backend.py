"""Wagtail's database search backend, made French on both databases.

PostgreSQL: the `french_unaccent` text search configuration (French Snowball stems, accents ignored; migration
search 0002) and, so that common words stay fast at scale, the document `lilith_search_document(title, body)`.
Wagtail (django-modelsearch) matches each page against `title || body`, two tsvectors of its index table. The
PostgreSQL planner prices that concatenation like an addition, while it actually reads both vectors out of
TOAST storage for every row: for a word found in a third of 10,000 practices, it picks a sequential scan that
costs about 70 ms where the GIN index answers in 5 ms. Here the same document is a PL/pgSQL function whose
declared cost tells the planner the truth, with a GIN index on that very expression: the match is read from
the index whatever the word.

SQLite (the embedded default): Wagtail's backend stores the text in an FTS5 table whose `unicode61` tokenizer
folds case and accents but does not stem, so « logements » would not find « logement ». Rather than compile a
stemming tokenizer into SQLite (impossible from Python's standard `sqlite3` module), this backend stores in
the index the French Snowball stems of the text (search/text.py: folded, then stemmed) and reduces the query's
words to the same stems before FTS5 compares them; stop words are dropped from the query. Ranking (BM25),
filters, facets and the query syntax stay Wagtail's own. The autocomplete column keeps whole folded words, for
prefix matching.

Both: each indexed object's words are recorded in `search.Word` (the vocabulary of « Vouliez-vous dire… ? »).
MySQL and external engines are unchanged.
"""

from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import F, Func
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.query import And, Fuzzy, MatchAll, Not, Or, Phrase, PlainText, SearchQuery
from modelsearch.utils import get_content_type_pk

from search import text

DOCUMENT_FUNCTION = "lilith_search_document"
NOTHING = "zzqqzznothing"  # a token no text contains: a query of punctuation only matches nothing


def stemmed_query(query: SearchQuery, *, prefix: bool = False) -> SearchQuery:
    """The same query with each word reduced as the SQLite index stores it (stems, or folded words for
    autocomplete)."""
    if isinstance(query, PlainText):
        if prefix:
            tokens = text.words(query.query_string)
        else:
            tokens = [text.stem(w) for w in text.meaningful(text.words(query.query_string))]
        return PlainText(" ".join(tokens) or NOTHING, operator=query.operator)
    if isinstance(query, Phrase):
        return Phrase(" ".join(text.stems(query.query_string)) or NOTHING)
    if isinstance(query, And):
        return And([stemmed_query(q, prefix=prefix) for q in query.subqueries])
    if isinstance(query, Or):
        return Or([stemmed_query(q, prefix=prefix) for q in query.subqueries])
    if isinstance(query, Not):
        return Not(stemmed_query(query.subquery, prefix=prefix))
    return query


def record_vocabulary(texts: list[str]) -> None:
    from search.vocabulary import record

    record(texts)


# --- SQLite
# ----------------------------------------------------------------------------------------------------


def _sqlite_backend_class() -> type:
    from modelsearch.backends.database.sqlite import sqlite as base

    class StemmedObjectIndexer(base.ObjectIndexer):
        """Writes stems in the title and body columns, folded words in the autocomplete column."""

        @property
        def raw_title(self) -> str:
            return super().title

        @property
        def raw_body(self) -> str:
            return super().body

        @property
        def title(self) -> str:
            return " ".join(text.stems(self.raw_title))

        @property
        def body(self) -> str:
            return " ".join(text.stems(self.raw_body))

        @property
        def autocomplete(self) -> str:
            return " ".join(text.words(super().autocomplete))

    class StemmedSQLiteIndex(base.SQLiteIndex):
        def add_items(self, model: type, objs: list[Any]) -> None:
            """Wagtail's own `SQLiteIndex.add_items`, with the stemming indexer and the vocabulary."""
            if not model.get_search_fields():
                return
            indexers = [StemmedObjectIndexer(obj, self.backend) for obj in objs]
            if not indexers:
                return
            content_type_pk = get_content_type_pk(model)
            data = {i.id: (i.title, i.autocomplete, i.body) for i in indexers}
            entries = self.entries.filter(content_type_id=content_type_pk)
            indexed = frozenset(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
            for object_id in indexed:
                title, autocomplete, body = data[object_id]
                entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
            self.entries.bulk_create(
                [
                    base.IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=object_id,
                        title=title,
                        autocomplete=autocomplete,
                        body=body,
                    )
                    for object_id, (title, autocomplete, body) in data.items()
                    if object_id not in indexed
                ]
            )
            self._refresh_title_norms()
            record_vocabulary([f"{i.raw_title} {i.raw_body}" for i in indexers])

    class StemmedQueryCompiler(base.SQLiteSearchQueryCompiler):
        def search(self, config: Any, start: Any, stop: Any, score_field: Any = None) -> Any:
            self.query = stemmed_query(self.query)
            return super().search(config, start, stop, score_field=score_field)

    class StemmedAutocompleteCompiler(base.SQLiteAutocompleteQueryCompiler):
        def search(self, config: Any, start: Any, stop: Any, score_field: Any = None) -> Any:
            self.query = stemmed_query(self.query, prefix=True)
            return super().search(config, start, stop, score_field=score_field)

    class StemmedSQLiteSearchBackend(base.SQLiteSearchBackend):
        query_compiler_class = StemmedQueryCompiler
        autocomplete_query_compiler_class = StemmedAutocompleteCompiler
        index_class = StemmedSQLiteIndex

    return StemmedSQLiteSearchBackend


# --- PostgreSQL
# ------------------------------------------------------------------------------------------------


class SearchDocument(Func):
    function = DOCUMENT_FUNCTION
    output_field = SearchVectorField()


def _postgres_backend_class() -> type:
    from modelsearch.backends.database.postgres import postgres as base

    class DocumentQueryCompiler(base.PostgresSearchQueryCompiler):
        def search(
            self, config: Any, start: Any, stop: Any, score_field: Any = None, backend: Any = None
        ) -> Any:
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

    class VocabularyIndex(base.PostgresIndex):
        def add_items(self, model: type, objs: list[Any]) -> None:
            super().add_items(model, objs)
            if not objs or not model.get_search_fields():
                return
            rows = self.entries.filter(
                content_type_id=get_content_type_pk(model), object_id__in=[str(o.pk) for o in objs]
            ).values_list("title_text", "body_text")
            record_vocabulary([f"{title} {body}" for title, body in rows])

    class LilithPostgresSearchBackend(base.PostgresSearchBackend):
        query_compiler_class = DocumentQueryCompiler
        index_class = VocabularyIndex

    return LilithPostgresSearchBackend


def SearchBackend(params: dict[str, Any]) -> Any:  # noqa: N802 — the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        if fts5_available() and fts_table_exists():
            return _sqlite_backend_class()(params)
    return DatabaseSearchBackend(params)
