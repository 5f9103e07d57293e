"""The pages of the open registry: « API » (how to use it), its OpenAPI description, « Données ouvertes » (the
files, their dictionary and licence) and the files themselves."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Site

from opendata import api, dataset, openapi, querysets
from opendata.templatetags.opendata_tags import dataset_json_ld
from pagecache import cacheable


def _home_crumb(request: HttpRequest) -> list[Any]:
    site = Site.find_for_request(request)
    return [site.root_page] if site else []


@cacheable
def api_docs(request: HttpRequest) -> HttpResponse:
    endpoints = [
        {
            "name": endpoint.slug,
            "title": openapi.ENDPOINT_DOCS[endpoint.slug][0],
            "description": openapi.ENDPOINT_DOCS[endpoint.slug][1],
            "url": f"/api/v2/{endpoint.slug}/",
            "filters": list(endpoint.filters.items()),
        }
        for endpoint in api.ENDPOINTS
    ]
    return render(
        request,
        "opendata/api.html",
        {
            "endpoints": endpoints,
            "home_crumb": _home_crumb(request),
            "rate": api.requests_per_minute(),
            "max_limit": api.MAX_LIMIT,
            "default_limit": api.DEFAULT_LIMIT,
            "licence_name": dataset.LICENCE_NAME,
            "licence_url": dataset.LICENCE_URL,
        },
    )


def api_index(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "documentation": request.build_absolute_uri(reverse("opendata:api-docs")),
            "openapi": request.build_absolute_uri(reverse("opendata:openapi")),
            "licence": {"nom": dataset.LICENCE_NAME, "url": dataset.LICENCE_URL},
            "points_d_acces": {
                endpoint.slug: request.build_absolute_uri(f"/api/v2/{endpoint.slug}/")
                for endpoint in api.ENDPOINTS
            },
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def openapi_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        openapi.description(request.build_absolute_uri("/")),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@cacheable
def open_data_page(request: HttpRequest) -> HttpResponse:
    manifest = dataset.current_manifest()
    by_entity: dict[str, dict[str, Any]] = {}
    for described in manifest["fichiers"]:
        row = by_entity.setdefault(
            described["entite"],
            {
                "title": described["titre"],
                "description": described["description"],
                "rows": described["lignes"],
            },
        )
        row[described["format"].lower().replace("-", "")] = {
            "url": reverse("opendata:file", args=[described["nom"]]),
            "size": described["taille"],
            "name": described["nom"],
        }
    files = [by_entity[e.slug] | {"slug": e.slug} for e in dataset.ENTITIES]
    extra = [by_entity[name] | {"slug": name} for name in ("dictionnaire-des-donnees", "catalogue")]
    links = querysets.links_for(request)
    return render(
        request,
        "opendata/open_data.html",
        {
            "manifest": manifest,
            "generated_at": manifest["genere_le"],
            "generated": _datetime(manifest["genere_le"]),
            "files": files,
            "extra_files": extra,
            "entities": dataset.ENTITIES,
            "home_crumb": _home_crumb(request),
            "licence_name": dataset.LICENCE_NAME,
            "licence_url": dataset.LICENCE_URL,
            "json_ld": dataset_json_ld(manifest, links),
        },
    )


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
}


def dataset_file(request: HttpRequest, name: str) -> HttpResponse:
    manifest = dataset.current_manifest()
    described = next((f for f in manifest["fichiers"] if f["nom"] == name), None)
    if described is None:
        raise Http404("Ce fichier n'existe pas. La liste des fichiers est sur la page « Données ouvertes ».")
    with dataset.open_file(manifest, name) as handle:
        content = handle.read()
    response = HttpResponse(content, content_type=CONTENT_TYPES[name.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    response["Last-Modified"] = _http_date(manifest["genere_le"])
    return response


def _datetime(iso_value: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(iso_value)


def _http_date(iso_value: str) -> str:
    from datetime import datetime

    from django.utils.http import http_date

    return http_date(datetime.fromisoformat(iso_value).timestamp())


def catalogue_redirect(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import redirect

    return redirect(reverse("opendata:file", args=["catalogue.jsonld"]))


# --- the public history of the practices ---------------------------------------------------------------------


def history_url(pk: int) -> str:
    return reverse("opendata:practice-history", args=[pk])


@cacheable
def practice_history(request: HttpRequest, pk: int) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    from opendata import changelog
    from practices.models import PracticePage

    practice = get_object_or_404(PracticePage.objects.live().public(), pk=pk) if pk < 2**63 else None
    if practice is None:
        raise Http404("Cette bonne pratique n'existe pas.")
    return render(
        request,
        "opendata/practice_history.html",
        {
            "practice": practice,
            "changes": changelog.practice_history(practice),
            "home_crumb": _home_crumb(request),
        },
    )


@cacheable
def registry_history(request: HttpRequest) -> HttpResponse:
    from opendata import changelog

    return render(
        request,
        "opendata/registry_history.html",
        {"changes": changelog.registry_history(50), "home_crumb": _home_crumb(request)},
    )


def registry_history_feed(request: HttpRequest) -> HttpResponse:
    """The RSS feed of the registry's changes, kept until the next publication."""
    from django.core.cache import cache

    from opendata.feeds import ChangesFeed
    from opendata.versions import data_version
    from pagecache.core import generation, release

    key = f"opendata:feed:{release()}:{generation()}:{data_version()}:{request.get_host()}"
    stored = cache.get(key)
    if stored is None:
        response = ChangesFeed()(request)
        stored = (response.content, response["Content-Type"])
        cache.set(key, stored, 24 * 3600)
    response = HttpResponse(stored[0], content_type=stored[1])
    response["Cache-Control"] = "public, max-age=60"
    return response
