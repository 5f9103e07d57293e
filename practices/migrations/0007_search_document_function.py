"""On PostgreSQL, the search document `lilith_search_document(title, body)` (see lilith/search_backend.py) and its GIN
index, in place of the index on `title || body` of migration 0006.

PL/pgSQL rather than SQL: the planner inlines an SQL function back into `title || body` and forgets its cost. The
cost (100, against 1 for the concatenation) makes a sequential scan that computes the document on every row dearer
than the index for any word found in fewer than about two thirds of the pages, which is what it really is.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION lilith_search_document(title tsvector, body tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 100
AS $$ BEGIN RETURN title || body; END $$;
"""
INDEX = "lilith_indexentry_document_gin"
OLD_INDEX = "lilith_indexentry_title_body_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin (lilith_search_document(title, body));"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX};")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON wagtailsearch_indexentry USING gin ((title || body));"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX};")
        schema_editor.execute("DROP FUNCTION IF EXISTS lilith_search_document(tsvector, tsvector);")


class Migration(migrations.Migration):
    dependencies = [("practices", "0006_search_title_body_index")]
    operations = [migrations.RunPython(forwards, backwards)]
