"""The read-only JSON API, as a program that reuses the data asks for it (anonymous GETs on the real URLs)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.opendata.conftest import (
    APPLICANT_EMAIL,
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    PRIVATE_APPLICATION_TEXT,
    add_practices,
    build_registry,
)

ENDPOINTS = [
    "pratiques",
    "themes",
    "parcours",
    "equipes-d-appui",
    "niveaux-de-preuve",
    "actualites",
    "pepites",
    "publics",
    "troubles",
    "regions",
]


def titles(body):
    return sorted(item["titre"] for item in body["items"])


def test_a_practice_gives_its_five_levels_as_structured_fields(registry, api_get):
    practice = registry.practices[0]
    status, body, response = api_get(f"/api/v2/pratiques/{practice.pk}/")
    assert status == 200
    assert response["Content-Type"].startswith("application/json")
    assert body["id"] == practice.pk
    assert body["meta"]["html_url"] == f"http://testserver{practice.url}"
    levels = body["niveaux"]
    assert list(levels) == [
        "comprendre",
        "description",
        "niveau_de_preuve",
        "publications",
        "equipes_d_appui",
    ]
    assert levels["comprendre"]["en_bref"] == practice.summary
    assert levels["comprendre"]["explication"] == "La personne choisit son logement."
    assert levels["description"]["contenu"] == [
        {"type": "titre", "niveau": "h2", "texte": "Pour qui ?"},
        {"type": "paragraphe", "texte": "Des personnes sans abri depuis longtemps."},
    ]
    evidence = levels["niveau_de_preuve"]
    assert evidence["niveau"]["code"] == "A"
    assert evidence["resultats_evalues"] == [
        {
            "resultat": "Maintien dans le logement",
            "domaine": {"code": "logement", "libelle": "Logement"},
            "sens_de_l_effet": {"code": "favourable", "libelle": "Effet favorable"},
            "en_mots_simples": "plus de personnes gardent leur logement",
            "certitude": {"code": "high", "libelle": "Élevée"},
            "contexte_des_preuves": {"code": "north_america", "libelle": "Amérique du Nord"},
        }
    ]
    assert evidence["maturite"] == {
        "manuel_ou_referentiel": True,
        "formation_en_france": False,
        "outil_de_fidelite_en_francais": False,
        "equipe_d_appui_active": True,
    }
    assert evidence["evalue_le"] == "2025-03-01"
    publication = levels["publications"]["publications"][0]
    assert publication["doi_url"] == "https://doi.org/10.1000/test.0"
    assert publication["annee"] == 2016
    teams = {team["nom"] for team in levels["equipes_d_appui"]["equipes"]}
    assert teams == {"Équipe numéro 0", "Équipe DIHAL"}
    assert "<" not in json.dumps(levels)  # no HTML blob anywhere


def test_the_list_gives_each_practices_classification_and_its_address(registry, api_get):
    status, body, _ = api_get("/api/v2/pratiques/")
    assert status == 200
    assert body["meta"]["total_count"] == 1
    item = body["items"][0]
    assert item["titre"] == "Pratique numéro 0"
    assert item["themes"] == [{"id": registry.logement.pk, "titre": "Le logement", "principal": True}]
    assert item["parcours"] == [{"id": registry.vie.pk, "type": "vie", "titre": "Parcours de vie"}]
    assert item["publics"] == [{"identifiant": "proches", "nom": "Proches"}]
    assert item["troubles"] == [{"identifiant": "schizophrenie", "nom": "Schizophrénie"}]
    assert item["regions"] == [{"code": "11", "nom": "Île-de-France"}]
    assert item["mots_cles"] == ["mot0"]
    detail_status, detail, _ = api_get(item["meta"]["detail_url"].replace("http://testserver", ""))
    assert detail_status == 200 and detail["titre"] == item["titre"]


def test_drafts_and_private_practices_are_never_served(registry, api_get):
    _, body, _ = api_get("/api/v2/pratiques/?limit=100")
    assert "Brouillon secret" not in titles(body) and "Pratique réservée" not in titles(body)
    assert api_get(f"/api/v2/pratiques/{registry.draft.pk}/")[0] == 404
    assert api_get(f"/api/v2/pratiques/{registry.private.pk}/")[0] == 404
    _, theme, _ = api_get(f"/api/v2/themes/{registry.logement.pk}/")
    assert [p["titre"] for p in theme["pratiques"]] == ["Pratique numéro 0"]


@pytest.mark.django_db
def test_each_filter_keeps_only_the_practices_it_names(api_get):
    registry = build_registry(4)
    from practices.models import Condition, Region, TargetPublic

    other_public = TargetPublic.objects.get(slug="professionnels")
    other_condition = Condition.objects.create(slug="depression", name="Dépression")
    bretagne = Region.objects.get(code="53")
    last = registry.practices[3]
    last.publics.set([other_public])
    last.conditions.set([other_condition])
    last.regions.set([bretagne])
    last.save_revision().publish()

    def found(query):
        status, body, _ = api_get(f"/api/v2/pratiques/?{query}")
        assert status == 200, body
        return titles(body)

    assert found(f"theme={registry.logement.pk}") == ["Pratique numéro 0", "Pratique numéro 2"]
    assert found("parcours=soins") == ["Pratique numéro 1", "Pratique numéro 3"]
    assert found("niveau=B") == ["Pratique numéro 1", "Pratique numéro 3"]
    assert found("public=professionnels") == ["Pratique numéro 3"]
    assert found("trouble=depression") == ["Pratique numéro 3"]
    assert found("region=53") == ["Pratique numéro 3"]
    assert found("region=11&niveau=A&parcours=vie") == ["Pratique numéro 0", "Pratique numéro 2"]
    assert found("public=proches&trouble=depression") == []
    assert titles(api_get("/api/v2/themes/?parcours=soins")[1]) == ["La crise"]
    assert titles(api_get("/api/v2/actualites/?region=11&categorie=ptsm")[1]) == [
        "Signature du PTSM de Paris"
    ]
    assert api_get("/api/v2/actualites/?region=53")[1]["items"] == []
    teams = api_get(f"/api/v2/equipes-d-appui/?pratique={registry.practices[0].pk}")[1]
    assert sorted(t["nom"] for t in teams["items"]) == ["Équipe DIHAL", "Équipe numéro 0"]


@pytest.mark.django_db
def test_pages_are_cut_by_limit_and_offset_with_the_total(api_get):
    build_registry(5)
    status, body, _ = api_get("/api/v2/pratiques/?limit=2&offset=1")
    assert status == 200
    assert body["meta"]["total_count"] == 5
    assert [item["titre"] for item in body["items"]] == ["Pratique numéro 1", "Pratique numéro 2"]
    assert api_get("/api/v2/pratiques/?offset=10")[1]["items"] == []
    status, body, _ = api_get("/api/v2/pratiques/?limit=101")
    assert status == 400 and body["message"] == "« limit » ne peut pas dépasser 100."


BAD_QUERIES = [
    ("niveau=", "« niveau » est vide : donnez une valeur ou retirez ce paramètre."),
    ("niveau=Z", "Le niveau de preuve « Z » n'existe pas. Valeurs possibles : A, B."),
    ("theme=" + "9" * 100_000, "La valeur de « theme » n'est pas valide."),
    ("theme=abc", "« theme » doit être l'identifiant (un nombre) d'un thème."),
    ("theme=" + "9" * 150, "« theme » doit être l'identifiant (un nombre) d'un thème."),
    ("theme=999999", "Aucun thème publié ne porte l'identifiant 999999."),
    ("public=%00", "La valeur de « public » n'est pas valide."),
    ("region=%FF%FE", "La région « \ufffd\ufffd » n'existe pas"),
    ("trouble=<script>alert(1)</script>", "Le trouble « <script>alert(1)</script> » n'existe pas"),
    ("parcours=travail", "Le parcours « travail » n'existe pas. Valeurs possibles : soins, vie."),
    ("limit=-1", "« limit » doit être un nombre entier positif ou nul."),
    ("offset=deux", "« offset » doit être un nombre entier positif ou nul."),
    ("limit=1e3", "« limit » doit être un nombre entier positif ou nul."),
    ("fields=*", "Paramètre inconnu : « fields »."),
    ("niveau=A&niveau=B", "« niveau » ne peut être donné qu'une fois."),
    ("format=api", "Paramètre inconnu : « format »."),
]


@pytest.mark.parametrize("query, message", BAD_QUERIES)
def test_bad_input_gets_a_french_400_never_a_500(registry, api_get, query, message):
    status, body, response = api_get(f"/api/v2/pratiques/?{query}")
    assert status == 400
    assert body["message"].startswith(message), body["message"]
    assert response["Cache-Control"] == "no-store"


def test_an_unknown_object_gets_a_french_404(registry, api_get):
    for endpoint in ENDPOINTS:
        status, body, _ = api_get(f"/api/v2/{endpoint}/987654/")
        assert status == 404, endpoint
        assert "987654" in body["message"] and "identifiant" in body["message"]
    status, body, _ = api_get(f"/api/v2/pratiques/{registry.practices[0].pk}/?niveau=A")
    assert status == 400 and body["message"] == "Une fiche ne prend aucun paramètre."


def test_the_api_is_read_only_and_huge_ids_are_simply_not_found(registry, client):
    response = client.post("/api/v2/pratiques/", {"titre": "Intrus"})
    assert response.status_code == 405
    assert response.json()["message"] == "L'API est en lecture seule : seule la méthode GET est acceptée."
    assert client.get("/api/v2/pratiques/99999999999999999999999/").status_code == 404
    response = client.get("/api/v2/pratiques/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")


def test_only_the_pepites_of_calls_with_published_results_are_served(registry, api_get):
    _, body, _ = api_get("/api/v2/pepites/")
    assert [item["titre"] for item in body["items"]] == ["Pair-aidance 2025"]
    item = body["items"][0]
    assert item["organisation"] == "Association Les Pairs"
    assert item["meta"]["html_url"] == "http://testserver/positivehub/appel-2025/resultats/"
    assert api_get(f"/api/v2/pepites/{registry.hidden_pepite.pk}/")[0] == 404


def test_the_scale_and_the_reference_lists_give_the_filters_values(registry, api_get):
    levels = api_get("/api/v2/niveaux-de-preuve/")[1]["items"]
    assert [(level["code"], level["favorable"]) for level in levels] == [("A", True), ("B", True)]
    publics = api_get("/api/v2/publics/")[1]["items"]
    assert {p["identifiant"] for p in publics} == {"proches", "professionnels"}
    regions = api_get("/api/v2/regions/?limit=100")[1]
    assert regions["meta"]["total_count"] == 18 and "11" in {r["code"] for r in regions["items"]}
    parcours = api_get("/api/v2/parcours/")[1]["items"]
    assert [(p["type"], [t["titre"] for t in p["themes"]]) for p in parcours] == [
        ("vie", ["Le logement"]),
        ("soins", ["La crise"]),
    ]


def _walk(client):
    """Every answer of the API: the index, each list (all pages) and each object's own page."""
    answers = []
    index = json.loads(client.get("/api/v2/").content)
    answers.append(index)
    for name, url in index["points_d_acces"].items():
        offset = 0
        while True:
            listing = json.loads(
                client.get(url.replace("http://testserver", "") + f"?limit=100&offset={offset}").content
            )
            answers.append(listing)
            for item in listing["items"]:
                detail = client.get(item["meta"]["detail_url"].replace("http://testserver", ""))
                assert detail.status_code == 200, (name, item["id"])
                answers.append(json.loads(detail.content))
            offset += 100
            if offset >= listing["meta"]["total_count"]:
                break
    return answers


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\+33|0)\s*[1-9](?:[\s.-]*\d{2}){4}")
PERSONAL_KEYS = {"contacts", "contact", "email", "phone", "password", "membres", "personnes", "utilisateur"}


def _keys(value, found):
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(key)
            _keys(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _keys(inner, found)
    return found


def assert_no_personal_data(texts, keys=()):
    from practices.models import SupportTeam

    text = "\n".join(texts)
    for secret in (CONTACT_NAME, CONTACT_EMAIL, CONTACT_PHONE, APPLICANT_EMAIL, PRIVATE_APPLICATION_TEXT):
        assert secret not in text, secret
    team_emails = set(SupportTeam.objects.values_list("email", flat=True))
    team_phones = set(SupportTeam.objects.values_list("phone", flat=True))
    assert set(EMAIL.findall(text)) <= team_emails, set(EMAIL.findall(text)) - team_emails
    assert {p.strip() for p in PHONE.findall(text)} <= team_phones
    assert not (set(keys) & PERSONAL_KEYS)


def test_no_endpoint_ever_publishes_personal_data(registry, client):
    answers = _walk(client)
    assert len(answers) > 20  # the walk did reach every list and every object
    assert_no_personal_data([json.dumps(a, ensure_ascii=False) for a in answers], _keys(answers, set()))


def test_answers_are_cached_until_the_next_publication(registry, api_get, django_assert_max_num_queries):
    practice = registry.practices[0]
    first = api_get(f"/api/v2/pratiques/{practice.pk}/")[1]
    with django_assert_max_num_queries(0):
        assert api_get(f"/api/v2/pratiques/{practice.pk}/")[1] == first
    practice.title = "Un chez soi d'abord (nouvelle version)"
    practice.save_revision().publish()
    assert (
        api_get(f"/api/v2/pratiques/{practice.pk}/")[1]["titre"] == "Un chez soi d'abord (nouvelle version)"
    )
    assert titles(api_get("/api/v2/pratiques/")[1]) == ["Un chez soi d'abord (nouvelle version)"]


def test_the_api_answers_any_site_with_public_cache_headers(registry, api_get):
    _, _, response = api_get("/api/v2/pratiques/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Set-Cookie" not in response


def test_each_client_address_has_its_own_rate_limit(registry, api_get, settings):
    settings.OPENDATA_API_REQUESTS_PER_MINUTE = 3
    settings.TRUSTED_PROXY_COUNT = 1
    reader = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(3):
        assert api_get("/api/v2/niveaux-de-preuve/", **reader)[0] == 200
    status, body, response = api_get("/api/v2/niveaux-de-preuve/", **reader)
    assert status == 429
    assert body["message"].startswith("Trop de requêtes depuis votre adresse : réessayez dans ")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert api_get("/api/v2/pratiques/", **reader)[0] == 429  # one limit for the whole API
    assert api_get("/api/v2/niveaux-de-preuve/", HTTP_X_FORWARDED_FOR="198.51.100.2")[0] == 200


def _queries(client, path):
    from django.core.cache import cache

    cache.clear()  # measure the rendering, not a cached answer
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:500])
    return len(captured)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_practices(client):
    registry = build_registry(1)
    first = registry.practices[0]
    paths = [f"/api/v2/{name}/?limit=100" for name in ENDPOINTS] + [
        f"/api/v2/pratiques/{first.pk}/",
        f"/api/v2/themes/{registry.logement.pk}/",
        f"/api/v2/equipes-d-appui/{registry.team.pk}/",
        f"/api/v2/pratiques/?limit=100&theme={registry.logement.pk}&niveau=A&public=proches&region=11",
    ]
    with_one = {path: _queries(client, path) for path in paths}
    add_practices(registry, 19, start=1)
    with_twenty = {path: _queries(client, path) for path in paths}
    assert with_twenty == with_one
    listing = client.get("/api/v2/pratiques/?limit=100").json()
    assert listing["meta"]["total_count"] == 20 and len(listing["items"]) == 20


def test_the_openapi_description_is_valid_and_lists_every_endpoint(registry, client):
    from openapi_spec_validator import validate

    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    for name in ENDPOINTS:
        assert f"/api/v2/{name}/" in spec["paths"] and f"/api/v2/{name}/{{id}}/" in spec["paths"]
        parameters = {p["name"] for p in spec["paths"][f"/api/v2/{name}/"]["get"]["parameters"]}
        # Every documented parameter is accepted by the endpoint.
        for parameter in parameters - {"limit", "offset"}:
            status = client.get(f"/api/v2/{name}/", {parameter: "x"}).status_code
            assert (
                status == 400
                and "Paramètre inconnu"
                not in client.get(f"/api/v2/{name}/", {parameter: "x"}).json()["message"]
            )
    practice_params = {p["name"] for p in spec["paths"]["/api/v2/pratiques/"]["get"]["parameters"]}
    assert practice_params == {
        "limit",
        "offset",
        "theme",
        "parcours",
        "niveau",
        "public",
        "trouble",
        "region",
    }
