"""The open dataset: the whole registry as CSV and JSON files, one per entity, with a data dictionary and a DCAT
catalogue (JSON-LD) that data.gouv.fr can harvest, under the Licence Ouverte / Etalab 2.0.

The files are written to the default storage (the disk or the S3 bucket of uploaded files) in a folder of their
own for each generation; `manifest.json`, written last, names the current folder, so that a reader never gets
half of a generation. A generation records the data version it was written from: `current_manifest()` rewrites
the files before serving them if something was published since (the task queue normally did it already).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import uuid
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from opendata import querysets, records
from opendata.entities import ENTITIES, TYPES, Entity
from opendata.versions import data_version

logger = logging.getLogger(__name__)

FOLDER = "donnees-ouvertes"
MANIFEST = f"{FOLDER}/manifest.json"
LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_SPDX = "etalab-2.0"
KEEP_GENERATIONS = 2  # the current folder and the one before (a download may still be reading it)


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    return str(value)


def entity_rows(entity: Entity, links: records.Links) -> list[dict[str, Any]]:
    return [{col.name: col.value(obj, links) for col in entity.columns} for obj in entity.rows()]


def to_csv(entity: Entity, rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([col.name for col in entity.columns])
    for row in rows:
        writer.writerow([csv_cell(row[col.name]) for col in entity.columns])
    return out.getvalue().encode("utf-8")


def to_json(entity: Entity, rows: list[dict[str, Any]], generated_at: str) -> bytes:
    document = {
        "titre": entity.title,
        "description": entity.description,
        "licence": {"nom": LICENCE_NAME, "url": LICENCE_URL, "spdx": LICENCE_SPDX},
        "genere_le": generated_at,
        "champs": [{"nom": c.name, "type": c.kind, "description": c.description} for c in entity.columns],
        "donnees": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def dictionary_rows() -> list[dict[str, str]]:
    return [
        {
            "fichier": entity.slug,
            "champ": col.name,
            "type": col.kind,
            "type_technique": TYPES[col.kind],
            "description": col.description,
        }
        for entity in ENTITIES
        for col in entity.columns
    ]


DICTIONARY_COLUMNS = ("fichier", "champ", "type", "type_technique", "description")


def dictionary_csv() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DICTIONARY_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(dictionary_rows())
    return out.getvalue().encode("utf-8")


# --- DCAT -----------------------------------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "jsonld": "application/ld+json"}


def file_url(links: records.Links, name: str) -> str:
    return links.absolute(reverse("opendata:file", args=[name])) or ""


def catalogue(
    links: records.Links, files: list[dict[str, Any]], generated_at: str, site_name: str
) -> dict[str, Any]:
    page = links.absolute(reverse("opendata:page"))
    licence = {"@id": LICENCE_URL}
    distributions = [
        {
            "@id": file_url(links, f["nom"]),
            "@type": "dcat:Distribution",
            "dct:title": f["titre"],
            "dct:description": f["description"],
            "dcat:downloadURL": {"@id": file_url(links, f["nom"])},
            "dcat:accessURL": {"@id": page},
            "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{f['type_mime']}"},
            "dct:format": f["format"],
            "dcat:byteSize": {"@value": str(f["taille"]), "@type": "xsd:decimal"},
            "dct:license": licence,
            "dct:modified": {"@value": generated_at, "@type": "xsd:dateTime"},
        }
        for f in files
        if f["format"] != "JSON-LD"
    ]
    publisher = {
        "@type": "foaf:Organization",
        "foaf:name": site_name,
        "foaf:homepage": {"@id": links.absolute("/")},
    }
    dataset = {
        "@id": f"{page}#registre",
        "@type": "dcat:Dataset",
        "dct:identifier": "lilith-registre-des-bonnes-pratiques",
        "dct:title": "Registre des bonnes pratiques en santé mentale",
        "dct:description": "Les bonnes pratiques en santé mentale fondées sur des preuves et orientées vers le "
        "rétablissement, en cinq niveaux d'information (comprendre, description, niveau de preuve, publications, "
        "équipes d'appui), avec les thèmes des parcours de vie et de soins, l'échelle des niveaux de preuve, les "
        "actualités et les pépites du PositiveHub.",
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/country/FRA"},
        "dct:license": licence,
        "dct:publisher": publisher,
        "dct:modified": {"@value": generated_at, "@type": "xsd:dateTime"},
        "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/CONT"},
        "dcat:keyword": ["santé mentale", "bonnes pratiques", "rétablissement", "niveau de preuve", "PTSM"],
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/HEAL"},
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": distributions,
    }
    service = {
        "@id": f"{links.absolute(reverse('opendata:api-docs'))}#api",
        "@type": "dcat:DataService",
        "dct:title": "API du registre des bonnes pratiques",
        "dct:license": licence,
        "dcat:endpointURL": {"@id": links.absolute("/api/v2/")},
        "dcat:endpointDescription": {"@id": links.absolute(reverse("opendata:openapi"))},
        "dcat:servesDataset": {"@id": dataset["@id"]},
    }
    return {
        "@context": DCAT_CONTEXT,
        "@id": file_url(links, "catalogue.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": f"Données ouvertes · {site_name}",
        "dct:description": "Le catalogue des données ouvertes du site, moissonnable par data.gouv.fr.",
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:license": licence,
        "dct:publisher": publisher,
        "dct:modified": {"@value": generated_at, "@type": "xsd:dateTime"},
        "foaf:homepage": {"@id": page},
        "dcat:dataset": [dataset],
        "dcat:service": [service],
    }


# --- generation -----------------------------------------------------------------------------------------------


def site_name() -> str:
    from django.conf import settings

    return getattr(settings, "WAGTAIL_SITE_NAME", "Lilith")


def build_files(links: records.Links, generated_at: str) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """Every file of a generation (name → bytes), and their description for the manifest and the page."""
    contents: dict[str, bytes] = {}
    described: list[dict[str, Any]] = []
    for entity in ENTITIES:
        rows = entity_rows(entity, links)
        for fmt, data in (("csv", to_csv(entity, rows)), ("json", to_json(entity, rows, generated_at))):
            name = f"{entity.slug}.{fmt}"
            contents[name] = data
            described.append(
                _describe(name, entity.title, entity.description, fmt, data, len(rows), entity.slug)
            )
    dictionary = dictionary_rows()
    contents["dictionnaire-des-donnees.csv"] = dictionary_csv()
    contents["dictionnaire-des-donnees.json"] = json.dumps(
        {"licence": {"nom": LICENCE_NAME, "url": LICENCE_URL}, "champs": dictionary},
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
    for fmt in ("csv", "json"):
        name = f"dictionnaire-des-donnees.{fmt}"
        described.append(
            _describe(
                name,
                "Dictionnaire des données",
                "Chaque champ de chaque fichier : son type et ce qu'il contient.",
                fmt,
                contents[name],
                len(dictionary),
                "dictionnaire-des-donnees",
            )
        )
    catalogue_bytes = json.dumps(
        catalogue(links, described, generated_at, site_name()), ensure_ascii=False, indent=1
    )
    contents["catalogue.jsonld"] = catalogue_bytes.encode("utf-8")
    described.append(
        _describe(
            "catalogue.jsonld",
            "Catalogue DCAT",
            "La description de ces fichiers au format DCAT (JSON-LD).",
            "jsonld",
            contents["catalogue.jsonld"],
            1,
            "catalogue",
        )
    )
    return contents, described


def _describe(
    name: str, title: str, description: str, fmt: str, data: bytes, rows: int, entity: str
) -> dict[str, Any]:
    return {
        "nom": name,
        "entite": entity,
        "titre": title,
        "description": description,
        "format": {"csv": "CSV", "json": "JSON", "jsonld": "JSON-LD"}[fmt],
        "type_mime": MEDIA_TYPES[fmt],
        "taille": len(data),
        "lignes": rows,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def regenerate(version: str | None = None) -> dict[str, Any]:
    """Write a new generation of the files, then the manifest that points to it; drop older generations."""
    version = version or data_version()
    now = timezone.now()
    generated_at = now.isoformat(timespec="seconds")
    links = querysets.links_for(None)
    contents, described = build_files(links, generated_at)
    folder = f"{FOLDER}/{now.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    for name, data in contents.items():
        default_storage.save(f"{folder}/{name}", ContentFile(data))
    manifest = {"version": version, "genere_le": generated_at, "dossier": folder, "fichiers": described}
    if default_storage.exists(MANIFEST):
        default_storage.delete(MANIFEST)
    default_storage.save(MANIFEST, ContentFile(json.dumps(manifest, ensure_ascii=False).encode("utf-8")))
    cache.set(_manifest_key(), manifest, 24 * 3600)
    _drop_old_generations(keep=folder)
    logger.info("Données ouvertes régénérées (%s fichiers)", len(contents))
    return manifest


def _drop_old_generations(keep: str) -> None:
    try:
        folders, _files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    old = sorted(f"{FOLDER}/{name}" for name in folders if f"{FOLDER}/{name}" != keep)
    for folder in old[: max(0, len(old) - (KEEP_GENERATIONS - 1))]:
        try:
            _subfolders, names = default_storage.listdir(folder)
            for name in names:
                default_storage.delete(f"{folder}/{name}")
        except OSError:
            logger.warning("Ancienne génération %s non supprimée", folder)
            continue
        try:
            os.rmdir(default_storage.path(folder))  # an empty folder on disk; object storage has none
        except (NotImplementedError, OSError):
            pass


def _manifest_key() -> str:
    return "opendata:manifest"


def stored_manifest() -> dict[str, Any] | None:
    manifest = cache.get(_manifest_key())
    if manifest is not None:
        return manifest
    if not default_storage.exists(MANIFEST):
        return None
    with default_storage.open(MANIFEST) as handle:
        manifest = json.loads(handle.read().decode("utf-8"))
    cache.set(_manifest_key(), manifest, 24 * 3600)
    return manifest


SERVED_KEY = "opendata:files-served"


def files_were_served() -> bool:
    """Whether a reader (a person, a harvester) asked for the files in the last week: then every commit rewrites
    them at once; otherwise (a new site, a bulk import, a test suite) the next reader's request does."""
    return bool(cache.get(SERVED_KEY))


def current_manifest(served: bool = True) -> dict[str, Any]:
    """The manifest of files written from the current data; rewritten first if something changed since (one
    process rewrites at a time; the others serve the previous generation meanwhile). `served`: a reader asks for
    them, so the next publication rewrites them at once rather than at the next reader's request."""
    version = data_version()
    manifest = stored_manifest()
    if manifest is None or manifest.get("version") != version:
        if cache.add("opendata:regenerating", 1, timeout=120):
            try:
                manifest = regenerate(version)
            finally:
                cache.delete("opendata:regenerating")
        elif manifest is None:
            manifest = regenerate(version)
    if served:
        cache.set(SERVED_KEY, 1, 7 * 24 * 3600)
    return manifest


def open_file(manifest: dict[str, Any], name: str) -> Any:
    return default_storage.open(f"{manifest['dossier']}/{name}")
