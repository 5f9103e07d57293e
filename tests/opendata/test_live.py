"""The open registry through a real server on its own port: what a team saves in its form and what an editor
publishes reach, once committed, the API and the downloadable files that a reuser reads."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model

from practices.models import TeamMembership
from tests import factories
from tests.live import Visitor
from tests.opendata.conftest import build_registry

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mot-de-passe-de-test-solide"


@pytest.fixture
def site(live_server):
    factories.restore_migration_data()
    registry = build_registry(2)
    member = get_user_model().objects.create_user("equipe", "equipe@example.org", PASSWORD)
    TeamMembership.objects.create(user=member, team=registry.team)
    return live_server.url, registry


def api(visitor, path):
    reply = visitor.get(path)
    assert reply.status == 200, (path, reply.text[:500])
    assert reply.headers["content-type"].startswith("application/json")
    return json.loads(reply.text)


def csv_rows(visitor, name):
    reply = visitor.get(f"/donnees-ouvertes/{name}")
    assert reply.status == 200, (name, reply.status)
    assert reply.headers["content-type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(reply.text)))


def test_a_phone_saved_by_the_team_reaches_the_api_and_the_files(site):
    url, registry = site
    reader = Visitor(url)
    team_path = f"/api/v2/equipes-d-appui/{registry.team.pk}/"
    assert api(reader, team_path)["telephone"] == "01 99 00 12 34"
    assert {
        r["telephone"] for r in csv_rows(reader, "equipes-d-appui.csv") if r["nom"] == "Équipe DIHAL"
    } == {"01 99 00 12 34"}

    team = Visitor(url)
    team.log_in("equipe", PASSWORD)
    for _ in range(2):  # saved twice, read back unchanged
        saved = team.submit(f"/espace-equipe/{registry.team.slug}/fiche/", {"phone": "01 99 00 42 42"})
        assert "La fiche est à jour et en ligne." in saved.text

    assert api(reader, team_path)["telephone"] == "01 99 00 42 42"
    rows = [r for r in csv_rows(reader, "equipes-d-appui.csv") if r["nom"] == "Équipe DIHAL"]
    assert [r["telephone"] for r in rows] == ["01 99 00 42 42"]
    document = json.loads(reader.get("/donnees-ouvertes/equipes-d-appui.json").text)
    assert [t["telephone"] for t in document["donnees"] if t["nom"] == "Équipe DIHAL"] == ["01 99 00 42 42"]


def test_a_practice_published_by_an_editor_reaches_the_api_the_files_and_the_open_data_page(site):
    url, registry = site
    reader = Visitor(url)
    before = reader.get("/donnees-ouvertes/").text
    assert "Pratique numéro 0" not in before  # the page lists files, not practices
    assert [r["titre"] for r in csv_rows(reader, "pratiques.csv")] == [
        "Pratique numéro 0",
        "Pratique numéro 1",
    ]

    practice = registry.practices[1]
    practice.title = "Pratique renommée"
    practice.evidence_level = registry.level_a
    practice.save_revision().publish()  # what the admin's « Publier » does

    from opendata import dataset, versions

    # Once committed, the task queue has already rewritten the files the readers were reading.
    assert dataset.stored_manifest()["version"] == versions.data_version()
    rows = csv_rows(reader, "pratiques.csv")
    assert [(r["titre"], r["niveau_de_preuve_code"]) for r in rows] == [
        ("Pratique numéro 0", "A"),
        ("Pratique renommée", "A"),
    ]
    listing = api(reader, "/api/v2/pratiques/?niveau=A")
    assert sorted(i["titre"] for i in listing["items"]) == ["Pratique numéro 0", "Pratique renommée"]
    assert api(reader, f"/api/v2/pratiques/{practice.pk}/")["titre"] == "Pratique renommée"

    page = reader.get("/donnees-ouvertes/")
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")

    practice.unpublish()
    assert [r["titre"] for r in csv_rows(reader, "pratiques.csv")] == ["Pratique numéro 0"]
    assert reader.get(f"/api/v2/pratiques/{practice.pk}/").status == 404


def test_every_file_parses_back_and_the_dictionary_describes_every_column(site):
    url, registry = site
    reader = Visitor(url)
    dictionary = csv_rows(reader, "dictionnaire-des-donnees.csv")
    described = {}
    for row in dictionary:
        described.setdefault(row["fichier"], []).append(row["champ"])
        assert row["description"] and row["type"]
    catalogue = json.loads(reader.get("/donnees-ouvertes/catalogue.jsonld").text)
    distributions = catalogue["dcat:dataset"][0]["dcat:distribution"]
    for distribution in distributions:
        name = distribution["dcat:downloadURL"]["@id"].rsplit("/", 1)[1]
        reply = reader.get(f"/donnees-ouvertes/{name}")
        assert reply.status == 200, name
        assert int(distribution["dcat:byteSize"]["@value"]) == len(reply.text.encode("utf-8")), name
        entity = name.rsplit(".", 1)[0]
        if name.endswith(".csv"):
            header = next(csv.reader(io.StringIO(reply.text)))
            assert entity == "dictionnaire-des-donnees" or header == described[entity], name
        else:
            document = json.loads(reply.text)
            assert document["licence"]["url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
            if entity != "dictionnaire-des-donnees":
                assert [c["nom"] for c in document["champs"]] == described[entity]
                assert all(set(row) == set(described[entity]) for row in document["donnees"])
    practices = {int(r["id"]): r for r in csv_rows(reader, "pratiques.csv")}
    outcomes = csv_rows(reader, "resultats-evalues.csv")
    assert {int(r["pratique_id"]) for r in outcomes} == set(practices)  # stable identifiers join the files
    first = practices[registry.practices[0].pk]
    assert first["themes"] == str(registry.logement.pk) and first["parcours"] == "vie"
    assert first["manuel_ou_referentiel"] == "true" and first["equipe_d_appui_active"] == "true"
    assert reader.get("/donnees-ouvertes/inconnu.csv").status == 404
    assert reader.get("/donnees-ouvertes/../settings.py").status == 404


def test_the_api_is_answered_with_open_headers_and_limited_per_address(site, settings):
    url, _registry = site
    settings.OPENDATA_API_REQUESTS_PER_MINUTE = 2
    reader = Visitor(url)
    first = reader.get("/api/v2/niveaux-de-preuve/")
    assert first.status == 200
    assert first.headers["access-control-allow-origin"] == "*"
    assert first.headers["cache-control"] == "public, max-age=60"
    assert "set-cookie" not in first.headers
    assert reader.get("/api/v2/niveaux-de-preuve/").status == 200
    limited = reader.get("/api/v2/niveaux-de-preuve/")
    assert limited.status == 429
    assert json.loads(limited.text)["message"].startswith("Trop de requêtes")


def test_the_open_data_page_is_linked_from_every_page_but_home_and_links_the_api(site):
    url, registry = site
    reader = Visitor(url)
    practice = reader.get(registry.practices[0].url)
    assert 'href="/donnees-ouvertes/"' in practice.text
    assert 'href="/donnees-ouvertes/"' not in reader.get("/").text  # the home page fits one screen
    assert 'href="/api/"' in reader.get("/donnees-ouvertes/").text
    docs = reader.get("/api/")
    assert docs.status == 200 and "<h1>API</h1>" in docs.text
    assert "/api/v2/pratiques/" in docs.text and "Licence Ouverte" in docs.text
    opendata = reader.get("/donnees-ouvertes/")
    assert "<h1>Données ouvertes</h1>" in opendata.text and "pratiques.csv" in opendata.text
    assert reader.get("/donnees-ouvertes/").cache == "HIT"
