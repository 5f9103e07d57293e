"""The open dataset's files, read back as a reuser's program reads them (csv and json from the standard library)."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opendata import dataset
from tests.opendata.conftest import add_practices, build_registry

TRICKY = 'Le « chez-soi », d\'abord ; une "maison"\net une équipe'


def read(client, name):
    response = client.get(f"/donnees-ouvertes/{name}")
    assert response.status_code == 200, name
    return response.content.decode("utf-8")


def rows(client, name):
    return list(csv.DictReader(io.StringIO(read(client, name))))


def test_text_with_commas_quotes_and_line_breaks_comes_back_exactly(registry, client):
    practice = registry.practices[0]
    practice.summary = TRICKY
    practice.save_revision().publish()
    assert [r["en_bref"] for r in rows(client, "pratiques.csv")] == [TRICKY]
    document = json.loads(read(client, "pratiques.json"))
    assert [r["en_bref"] for r in document["donnees"]] == [TRICKY]
    assert document["licence"]["spdx"] == "etalab-2.0"


def test_each_file_joins_the_others_by_stable_identifiers(registry, client):
    practice = registry.practices[0]
    (row,) = rows(client, "pratiques.csv")
    assert int(row["id"]) == practice.pk
    assert row["niveau_de_preuve_code"] == "A" and row["publics"] == "proches" and row["regions"] == "11"
    assert row["description"] == "Pour qui ?\n\nDes personnes sans abri depuis longtemps."
    (outcome,) = rows(client, "resultats-evalues.csv")
    assert int(outcome["pratique_id"]) == practice.pk and outcome["certitude"] == "high"
    (publication,) = rows(client, "publications.csv")
    assert publication["doi"] == "10.1000/test.0"
    links = rows(client, "pratiques-equipes.csv")
    teams = {int(t["id"]): t for t in rows(client, "equipes-d-appui.csv")}
    assert {int(link["equipe_id"]) for link in links} <= set(teams)
    assert teams[registry.team.pk]["region_code"] == "11"
    themes = {int(t["id"]): t for t in rows(client, "themes.csv")}
    assert {int(link["theme_id"]) for link in rows(client, "themes-pratiques.csv")} <= set(themes)
    assert themes[registry.crise.pk]["parcours_type"] == "soins"
    assert [p["titre"] for p in rows(client, "pepites.csv")] == ["Pair-aidance 2025"]
    names = {f["nom"] for f in dataset.current_manifest()["fichiers"]}
    assert len(names) == 2 * len(dataset.ENTITIES) + 3


def test_drafts_private_pages_and_contacts_never_reach_the_files(registry, client):
    from tests.opendata.test_api import assert_no_personal_data

    texts = [read(client, f["nom"]) for f in dataset.current_manifest()["fichiers"]]
    joined = "\n".join(texts)
    assert "Brouillon secret" not in joined and "Pratique réservée" not in joined
    assert "Pair-aidance 2026" not in joined  # a call still being reviewed
    assert_no_personal_data(texts)


def test_the_files_are_rewritten_before_being_served_when_something_changed(registry, client):
    first = dataset.current_manifest()
    assert dataset.current_manifest() == first  # nothing changed: the same generation
    registry.level_a.name = "Efficacité démontrée"
    registry.level_a.save()
    levels = rows(client, "niveaux-de-preuve.csv")
    assert "Efficacité démontrée" in {level["nom"] for level in levels}
    assert dataset.current_manifest()["dossier"] != first["dossier"]


@pytest.mark.django_db
def test_writing_the_files_takes_the_same_queries_for_1_and_20_practices():
    registry = build_registry(1)

    def count():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            dataset.regenerate()
        return len(captured)

    with_one = count()
    add_practices(registry, 19, start=1)
    assert count() == with_one
    manifest = dataset.stored_manifest()
    assert next(f for f in manifest["fichiers"] if f["nom"] == "pratiques.csv")["lignes"] == 20


def test_the_open_data_page_lists_every_file_with_its_size_and_the_dictionary(registry, client):
    response = client.get("/donnees-ouvertes/")
    assert response.status_code == 200
    html = response.content.decode()
    for entity in dataset.ENTITIES:
        assert f'href="/donnees-ouvertes/{entity.slug}.csv"' in html
        assert f'href="/donnees-ouvertes/{entity.slug}.json"' in html
        for column in entity.columns:
            assert f"<code>{column.name}</code>" in html
    assert "Licence Ouverte" in html and 'href="/donnees-ouvertes/catalogue.jsonld"' in html
