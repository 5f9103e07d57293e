"""schema.org descriptions read from the real pages through a real server, and processed by a JSON-LD processor
(pyld): each page says what it is, in terms search engines and data portals understand."""

import json
import re

import pytest
from pyld import jsonld

from tests import factories
from tests.live import Visitor
from tests.opendata.conftest import CONTACT_EMAIL, CONTACT_NAME, build_registry
from tests.trainings.builders import make_session

pytestmark = pytest.mark.django_db(transaction=True)
SCHEMA = "https://schema.org/"
# schema.org's context maps every term to the schema.org vocabulary; served here from memory, as no test reaches
# the network.
SCHEMA_CONTEXT = {"@context": {"@vocab": SCHEMA, "schema": SCHEMA, "id": "@id", "type": "@type"}}


def offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise jsonld.JsonLdError("Contexte inconnu hors ligne", "jsonld.LoadDocumentError", {"url": url})


def json_ld_of(html):
    """Every JSON-LD block of the page, parsed then expanded by pyld (which rejects malformed JSON-LD)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks, "la page n'a pas de JSON-LD"
    expanded = []
    for block in blocks:
        data = json.loads(block)
        nodes = jsonld.expand(data, {"documentLoader": offline_loader})
        assert nodes, block
        expanded.extend(nodes)
    return expanded


def of_type(nodes, name):
    found = [n for n in nodes if f"{SCHEMA}{name}" in n.get("@type", [])]
    assert found, (name, [n.get("@type") for n in nodes])
    return found[0]


def value(node, prop):
    values = node.get(f"{SCHEMA}{prop}", [])
    assert values, (prop, node)
    first = values[0]
    return first.get("@value", first.get("@id", first))


@pytest.fixture
def site(live_server):
    factories.restore_migration_data()
    registry = build_registry(2)
    return Visitor(live_server.url), registry


def page(visitor, url):
    reply = visitor.get(url)
    assert reply.status == 200, url
    return reply.text


def test_a_practice_page_is_a_medical_web_page(site):
    visitor, registry = site
    practice = registry.practices[0]
    node = of_type(json_ld_of(page(visitor, practice.url)), "MedicalWebPage")
    assert value(node, "name") == practice.title
    assert value(node, "description") == practice.summary
    assert value(node, "url").endswith(practice.url)


def test_a_theme_lists_its_practices_in_order_as_an_item_list(site):
    visitor, registry = site
    node = of_type(json_ld_of(page(visitor, registry.logement.url)), "ItemList")
    items = sorted(node[f"{SCHEMA}itemListElement"], key=lambda i: i[f"{SCHEMA}position"][0]["@value"])
    assert [i[f"{SCHEMA}name"][0]["@value"] for i in items] == ["Pratique numéro 0"]
    assert items[0][f"{SCHEMA}url"][0]["@value"].endswith(registry.practices[0].url)
    assert value(node, "numberOfItems") == 1


def test_a_team_sheet_is_an_organization_without_its_people(site):
    visitor, registry = site
    html = page(visitor, registry.team.public_url)
    node = of_type(json_ld_of(html), "Organization")
    assert value(node, "name") == "Équipe DIHAL"
    assert value(node, "telephone") == "01 99 00 12 34"
    address = node[f"{SCHEMA}address"][0]
    assert address[f"{SCHEMA}addressLocality"][0]["@value"] == "Paris"
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert CONTACT_NAME not in script and CONTACT_EMAIL not in script


def test_a_training_session_is_an_event(site):
    visitor, registry = site
    session = make_session(registry.practices[0], kind="presentiel", title="Formation à Marseille")
    node = of_type(json_ld_of(page(visitor, f"/formations/{session.pk}/")), "Event")
    assert value(node, "name") == "Formation à Marseille"
    assert value(node, "startDate") == session.starts_at.isoformat()
    assert value(node, "eventAttendanceMode") == f"{SCHEMA}OfflineEventAttendanceMode"
    location = node[f"{SCHEMA}location"][0]
    assert f"{SCHEMA}Place" in location["@type"]


def test_a_webinar_event_never_gives_its_connection_link(site):
    visitor, registry = site
    session = make_session(registry.practices[0], online_url="https://visio.example.org/salle-privee")
    html = page(visitor, f"/formations/{session.pk}/")
    node = of_type(json_ld_of(html), "Event")
    assert value(node, "eventAttendanceMode") == f"{SCHEMA}OnlineEventAttendanceMode"
    assert "salle-privee" not in html


def test_the_open_data_page_is_a_dataset_with_one_download_per_file(site):
    visitor, _registry = site
    node = of_type(json_ld_of(page(visitor, "/donnees-ouvertes/")), "Dataset")
    assert value(node, "license") == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    downloads = node[f"{SCHEMA}distribution"]
    urls = {d[f"{SCHEMA}contentUrl"][0]["@value"].rsplit("/", 1)[1] for d in downloads}
    assert {"pratiques.csv", "pratiques.json", "equipes-d-appui.csv", "catalogue.jsonld"} <= urls
    for url in urls:
        assert visitor.get(f"/donnees-ouvertes/{url}").status == 200, url


def test_the_dcat_catalogue_is_json_ld_that_data_portals_can_harvest(site):
    visitor, _registry = site
    catalogue = json.loads(page(visitor, "/donnees-ouvertes/catalogue.jsonld"))
    nodes = jsonld.expand(catalogue, {"documentLoader": offline_loader})
    dcat = "http://www.w3.org/ns/dcat#"
    dct = "http://purl.org/dc/terms/"
    catalog = next(n for n in nodes if f"{dcat}Catalog" in n["@type"])
    dataset = catalog[f"{dcat}dataset"][0]
    assert f"{dcat}Dataset" in dataset["@type"]
    assert dataset[f"{dct}license"][0]["@id"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    distributions = dataset[f"{dcat}distribution"]
    assert len(distributions) == 2 * 13 + 2  # CSV and JSON of every entity, and the data dictionary
    for distribution in distributions:
        assert distribution[f"{dcat}downloadURL"][0]["@id"].startswith("http")
        assert distribution[f"{dcat}mediaType"][0]["@id"].startswith(
            "https://www.iana.org/assignments/media-types/"
        )
    service = catalog[f"{dcat}service"][0]
    assert service[f"{dcat}endpointDescription"][0]["@id"].endswith("/api/v2/openapi.json")
