"""The OpenAPI 3.1 description of the API, assembled from its endpoints (their names, filters and records)."""

from __future__ import annotations

from typing import Any

from opendata import api, dataset

TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URL = {"type": ["string", "null"], "format": "uri"}
DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": ["string", "null"], "format": "date-time"}


def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


CODE_LABEL = obj({"code": TEXT, "libelle": TEXT})
PLACE = obj({"code": TEXT, "nom": TEXT})

SCHEMAS: dict[str, Any] = {
    "Meta": obj(
        {
            "type": {
                "type": "string",
                "description": "Le type d'objet, au format de l'API de Wagtail (app.Modèle).",
            },
            "detail_url": URL,
            "html_url": URL,
            "slug": TEXT,
        },
        ["type", "detail_url"],
    ),
    "Erreur": obj(
        {"message": {"type": "string", "description": "Ce qui ne va pas, en français."}}, ["message"]
    ),
    "NiveauResume": {"oneOf": [{"type": "null"}, obj({"code": TEXT, "nom": TEXT, "en_mots_simples": TEXT})]},
    "Bloc": obj(
        {
            "type": {
                "type": "string",
                "enum": ["titre", "paragraphe", "liste", "temoignage", "chiffre_cle", "image"],
            },
            "texte": TEXT,
            "niveau": TEXT,
            "elements": array(TEXT),
            "citation": TEXT,
            "qui": TEXT,
            "chiffre": TEXT,
            "signification": TEXT,
            "source": TEXT,
            "legende": TEXT,
            "texte_alternatif": TEXT,
        },
        ["type"],
    ),
    "Pratique": obj(
        {
            "id": INTEGER,
            "meta": ref("Meta"),
            "titre": TEXT,
            "en_bref": TEXT,
            "niveau_de_preuve": ref("NiveauResume"),
            "themes": array(obj({"id": INTEGER, "titre": TEXT, "principal": BOOLEAN})),
            "parcours": array(obj({"id": INTEGER, "type": TEXT, "titre": TEXT})),
            "publics": array(obj({"identifiant": TEXT, "nom": TEXT})),
            "troubles": array(obj({"identifiant": TEXT, "nom": TEXT})),
            "regions": array(PLACE),
            "mots_cles": array(TEXT),
        },
        ["id", "meta", "titre", "en_bref"],
    ),
    "PratiqueComplete": {
        "allOf": [
            ref("Pratique"),
            obj(
                {
                    "historique_url": {
                        "type": "string",
                        "format": "uri",
                        "description": "La page publique de l'historique de la pratique.",
                    },
                    "niveaux": obj(
                        {
                            "comprendre": obj(
                                {
                                    "titre": TEXT,
                                    "en_bref": TEXT,
                                    "explication": TEXT,
                                    "video": {
                                        "oneOf": [
                                            {"type": "null"},
                                            obj(
                                                {
                                                    "titre": TEXT,
                                                    "url": URL,
                                                    "sous_titres_url": URL,
                                                    "transcription": TEXT,
                                                }
                                            ),
                                        ]
                                    },
                                }
                            ),
                            "description": obj({"titre": TEXT, "contenu": array(ref("Bloc"))}),
                            "niveau_de_preuve": obj(
                                {
                                    "titre": TEXT,
                                    "niveau": ref("NiveauResume"),
                                    "pourquoi_ce_niveau": TEXT,
                                    "resultats_evalues": array(
                                        obj(
                                            {
                                                "resultat": TEXT,
                                                "domaine": {"oneOf": [{"type": "null"}, CODE_LABEL]},
                                                "sens_de_l_effet": CODE_LABEL,
                                                "certitude": CODE_LABEL,
                                                "contexte_des_preuves": CODE_LABEL,
                                            }
                                        )
                                    ),
                                    "maturite": obj(
                                        {
                                            "manuel_ou_referentiel": BOOLEAN,
                                            "formation_en_france": BOOLEAN,
                                            "outil_de_fidelite_en_francais": BOOLEAN,
                                            "equipe_d_appui_active": BOOLEAN,
                                        }
                                    ),
                                    "derniere_recherche_bibliographique": DATE,
                                    "evalue_le": DATE,
                                    "evalue_par": TEXT,
                                    "prochaine_revision": DATE,
                                }
                            ),
                            "publications": obj(
                                {
                                    "titre": TEXT,
                                    "publications": array(
                                        obj(
                                            {
                                                "type": CODE_LABEL,
                                                "auteurs": TEXT,
                                                "titre": TEXT,
                                                "revue_ou_editeur": TEXT,
                                                "annee": INTEGER,
                                                "doi": NULLABLE_TEXT,
                                                "doi_url": URL,
                                                "url": URL,
                                                "document_url": URL,
                                                "en_une_phrase": TEXT,
                                            }
                                        )
                                    ),
                                }
                            ),
                            "equipes_d_appui": obj({"titre": TEXT, "equipes": array(ref("EquipeResume"))}),
                        }
                    ),
                },
                ["niveaux"],
            ),
        ]
    },
    "EquipeResume": obj(
        {
            "id": INTEGER,
            "nom": TEXT,
            "structure_porteuse": TEXT,
            "ville": TEXT,
            "departement": PLACE,
            "region": PLACE,
            "pratique_depuis": INTEGER,
            "detail_url": URL,
            "html_url": URL,
        }
    ),
    "Equipe": obj(
        {
            "id": INTEGER,
            "meta": ref("Meta"),
            "nom": TEXT,
            "structure_porteuse": TEXT,
            "presentation": TEXT,
            "adresse": TEXT,
            "code_postal": TEXT,
            "ville": TEXT,
            "departement": PLACE,
            "region": PLACE,
            "telephone": {
                "type": "string",
                "description": "Le téléphone de l'équipe (jamais celui d'une personne).",
            },
            "courriel": {
                "type": "string",
                "description": "L'adresse de l'équipe (jamais celle d'une personne).",
            },
            "site_web": URL,
            "propose": obj(
                {
                    "formations": BOOLEAN,
                    "visites_sur_site": BOOLEAN,
                    "accompagnement_a_l_implantation": BOOLEAN,
                }
            ),
            "fiche_technique": TEXT,
            "fiche_technique_pdf": URL,
            "pratiques": array(obj({"id": INTEGER, "titre": TEXT, "pratiquee_depuis": INTEGER})),
            "donnees_de_demonstration": BOOLEAN,
        },
        ["id", "meta", "nom"],
    ),
    "Theme": obj(
        {
            "id": INTEGER,
            "meta": ref("Meta"),
            "titre": TEXT,
            "parcours": {"oneOf": [{"type": "null"}, obj({"id": INTEGER, "type": TEXT, "titre": TEXT})]},
            "chapo": array(TEXT),
            "pratiques": array(obj({"id": INTEGER, "titre": TEXT, "theme_principal": BOOLEAN})),
            "pour_aller_plus_loin": array(obj({"titre": TEXT, "url": URL, "description": TEXT})),
        },
        ["id", "meta", "titre"],
    ),
    "Parcours": obj(
        {
            "id": INTEGER,
            "meta": ref("Meta"),
            "titre": TEXT,
            "type": {"type": "string", "enum": ["vie", "soins"]},
            "introduction": TEXT,
            "themes": array(obj({"id": INTEGER, "titre": TEXT})),
        },
        ["id", "meta", "titre", "type"],
    ),
    "NiveauDePreuve": obj(
        {
            "id": INTEGER,
            "meta": ref("Meta"),
            "code": TEXT,
            "nom": TEXT,
            "en_mots_simples": TEXT,
            "criteres": TEXT,
            "categorie": CODE_LABEL,
            "ordre": INTEGER,
            "favorable": BOOLEAN,
        },
        ["id", "code", "nom"],
    ),
    "Actualite": obj(
        {
            "id": INTEGER,
            "meta": ref("Meta"),
            "titre": TEXT,
            "date": DATE,
            "categorie": CODE_LABEL,
            "region": {"oneOf": [{"type": "null"}, PLACE]},
            "en_une_phrase": TEXT,
            "contenu": array(ref("Bloc")),
        },
        ["id", "meta", "titre"],
    ),
    "Pepite": obj(
        {
            "id": INTEGER,
            "meta": ref("Meta"),
            "titre": TEXT,
            "resume": TEXT,
            "distinction": CODE_LABEL,
            "organisation": TEXT,
            "pays": TEXT,
            "appel": obj({"annee": INTEGER, "titre": TEXT}),
            "publiee_le": DATETIME,
        },
        ["id", "titre"],
    ),
    "Reference": obj(
        {"id": INTEGER, "meta": ref("Meta"), "identifiant": TEXT, "code": TEXT, "nom": TEXT}, ["id", "nom"]
    ),
}

ENDPOINT_DOCS: dict[str, tuple[str, str, str, str]] = {
    # name: (title, description, list item schema, detail schema)
    "pratiques": (
        "Bonnes pratiques",
        "Les bonnes pratiques publiées. La liste donne le classement de chacune ; la fiche donne ses cinq niveaux "
        "d'information en champs structurés.",
        "Pratique",
        "PratiqueComplete",
    ),
    "themes": (
        "Thèmes",
        "Les thèmes des deux parcours et les pratiques qu'ils présentent, dans l'ordre.",
        "Theme",
        "Theme",
    ),
    "parcours": (
        "Parcours",
        "Le parcours de vie et le parcours de soins, et leurs thèmes.",
        "Parcours",
        "Parcours",
    ),
    "equipes-d-appui": (
        "Équipes d'appui",
        "Les équipes qui aident à mettre en œuvre une pratique, avec les coordonnées de l'équipe (jamais celles des personnes).",
        "Equipe",
        "Equipe",
    ),
    "niveaux-de-preuve": (
        "Échelle des niveaux de preuve",
        "L'échelle publiée, du plus solide au moins solide.",
        "NiveauDePreuve",
        "NiveauDePreuve",
    ),
    "actualites": (
        "Actualités",
        "Les actualités publiées, de la plus récente à la plus ancienne.",
        "Actualite",
        "Actualite",
    ),
    "pepites": (
        "Pépites du PositiveHub",
        "Les pépites dont les résultats d'appel sont publiés.",
        "Pepite",
        "Pepite",
    ),
    "publics": ("Publics", "Les publics : valeurs du filtre « public ».", "Reference", "Reference"),
    "troubles": ("Troubles et situations", "Valeurs du filtre « trouble ».", "Reference", "Reference"),
    "regions": (
        "Régions",
        "Les régions (codes INSEE) : valeurs du filtre « region ».",
        "Reference",
        "Reference",
    ),
}

ERRORS = {
    "400": {
        "description": "Paramètre inconnu ou valeur invalide.",
        "content": {"application/json": {"schema": ref("Erreur")}},
    },
    "429": {
        "description": "Trop de requêtes depuis la même adresse ; l'en-tête Retry-After dit quand réessayer.",
        "content": {"application/json": {"schema": ref("Erreur")}},
    },
}


def _parameter(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or TEXT,
    }


def description(server_url: str = "/") -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for endpoint in api.ENDPOINTS:
        title, text, item, detail = ENDPOINT_DOCS[endpoint.slug]
        parameters = [
            _parameter(
                "limit",
                f"Nombre d'éléments par page ({api.DEFAULT_LIMIT} par défaut, {api.MAX_LIMIT} au plus).",
                {"type": "integer", "minimum": 0, "maximum": api.MAX_LIMIT},
            ),
            _parameter(
                "offset", "Nombre d'éléments à sauter (pagination).", {"type": "integer", "minimum": 0}
            ),
        ] + [_parameter(name, what) for name, what in endpoint.filters.items()]
        paths[f"/api/v2/{endpoint.slug}/"] = {
            "get": {
                "operationId": f"liste-{endpoint.slug}",
                "summary": title,
                "description": text,
                "tags": [title],
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "Une page de la liste.",
                        "content": {
                            "application/json": {
                                "schema": obj(
                                    {
                                        "meta": obj({"total_count": INTEGER}, ["total_count"]),
                                        "items": array(ref(item)),
                                    },
                                    ["meta", "items"],
                                )
                            }
                        },
                    },
                    **ERRORS,
                },
            }
        }
        paths[f"/api/v2/{endpoint.slug}/{{id}}/"] = {
            "get": {
                "operationId": f"fiche-{endpoint.slug}",
                "summary": f"{title} : une fiche",
                "tags": [title],
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "description": "Identifiant stable.",
                        "schema": INTEGER,
                    }
                ],
                "responses": {
                    "200": {
                        "description": "La fiche.",
                        "content": {"application/json": {"schema": ref(detail)}},
                    },
                    "404": {
                        "description": "Aucun objet publié ne porte cet identifiant.",
                        "content": {"application/json": {"schema": ref("Erreur")}},
                    },
                    **ERRORS,
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API du registre des bonnes pratiques en santé mentale",
            "version": "2",
            "description": "Lecture seule, sans compte, limitée à "
            f"{api.requests_per_minute()} requêtes par minute et par adresse. Données sous {dataset.LICENCE_NAME}.",
            "license": {"name": dataset.LICENCE_NAME, "identifier": dataset.LICENCE_SPDX},
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
