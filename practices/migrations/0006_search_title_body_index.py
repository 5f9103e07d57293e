"""On PostgreSQL, an index for Wagtail's full-text query, which matches `title || body` (the separate indexes on
title and body do not serve that expression): with 10,000 practices the match is read from the index instead of
scanning every entry."""

from django.db import migrations

INDEX = "lilith_indexentry_title_body_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body));"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX};")


class Migration(migrations.Migration):
    dependencies = [("practices", "0005_roles_and_workflows"), ("wagtailsearch", "0010_add_text_fields")]
    operations = [migrations.RunPython(forwards, backwards)]
