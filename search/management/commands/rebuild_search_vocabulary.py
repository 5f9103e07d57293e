"""Refill the search's vocabulary (« Vouliez-vous dire… ? ») and, on SQLite, its index of French stems.

Run once after upgrading an existing database to the search app (the migrations do it by themselves when the
vocabulary is empty and the index is not): on PostgreSQL the words are read back from Wagtail's index; on
SQLite the index held whole words before and is rebuilt on stems by `update_index`, which records the words as
it goes.
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Remplit le vocabulaire de la recherche (et, sur SQLite, réindexe sur les racines françaises)."

    def handle(self, *args: Any, **options: Any) -> None:
        from wagtail.search.models import IndexEntry

        from search.vocabulary import record

        if connection.vendor == "postgresql":
            rows = IndexEntry.objects.values_list("title_text", "body_text").iterator(chunk_size=500)
            batch: list[str] = []
            for title, body in rows:
                batch.append(f"{title} {body}")
                if len(batch) >= 500:
                    record(batch)
                    batch = []
            record(batch)
        else:
            call_command("update_index", verbosity=0)
        if options["verbosity"]:
            self.stdout.write("Vocabulaire de la recherche rempli.")
