"""The search's SQL on PostgreSQL, owned by the search app: the `french_unaccent` configuration and the document
`lilith_search_document(title, body)` with its GIN index (search/backend.py).

practices migrations 0003, 0006 and 0007 created them first and stay as they were, applied or not: every statement
here is idempotent (IF NOT EXISTS, CREATE OR REPLACE), so a fresh database and one migrated long ago end the
same. Nothing to do on SQLite.
"""

from django.db import migrations

CONFIGURATION = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
"""
# PL/pgSQL rather than SQL: the planner inlines an SQL function back into `title || body` and forgets its cost.
FUNCTION = """
CREATE OR REPLACE FUNCTION lilith_search_document(title tsvector, body tsvector) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 100
AS $$ BEGIN RETURN title || body; END $$;
"""
INDEX = (
    "CREATE INDEX IF NOT EXISTS lilith_indexentry_document_gin ON wagtailsearch_indexentry "
    "USING gin (lilith_search_document(title, body));"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONFIGURATION)
        schema_editor.execute(FUNCTION)
        schema_editor.execute(INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("practices", "0007_search_document_function"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]
    # Backwards: nothing; practices 0007 and 0003, unapplied in turn, remove the index, function and configuration.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
