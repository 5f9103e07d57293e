"""The read-only JSON API (Wagtail's API v2: its router, endpoints, pagination and error shape), anonymous,
limited per client address and cached until the next publication.

Each endpoint writes its items with the records of `opendata.records` (an explicit list of public fields) instead
of the models' `api_fields`: the registry's models know nothing of the API, and nothing private is ever published
by default. Filters are checked against the values that exist; any bad input is a 400 with a French message.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException, MethodNotAllowed, Throttled
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from accounts.addresses import client_address
from accounts.throttle import count
from hub.models import PublicListing
from opendata import querysets, records
from opendata.versions import data_version
from parcours.models import NewsCategory, NewsPage, ParcoursIndexPage, ThemePage, ThemePracticeLink
from practices.models import Condition, EvidenceLevel, PracticePage, Region, SupportTeam, TargetPublic

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_PARAMETER_LENGTH = 200


def requests_per_minute() -> int:
    return int(getattr(settings, "OPENDATA_API_REQUESTS_PER_MINUTE", 300))


class AddressRateThrottle(BaseThrottle):
    """So many requests per minute and per client address (the load balancer's X-Forwarded-For, as the login
    limits read it), counted atomically in the shared cache."""

    window = 60

    def allow_request(self, request: Any, view: Any) -> bool:
        now = time.time()
        bucket = int(now // self.window)
        self.remaining = self.window - (now % self.window)
        address = client_address(request) or "inconnue"
        return count(f"opendata-api:{address}:{bucket}", self.window) <= requests_per_minute()

    def wait(self) -> float:
        return self.remaining


class FrenchPagination(WagtailPagination):
    """Wagtail's `limit`/`offset` pagination, with its messages in French."""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        offset = _natural(request.GET.get("offset", "0"), "offset")
        limit = _natural(request.GET.get("limit", str(DEFAULT_LIMIT)), "limit")
        if limit > MAX_LIMIT:
            raise BadRequestError(f"« limit » ne peut pas dépasser {MAX_LIMIT}.")
        self.view = view
        self.total_count = len(queryset) if isinstance(queryset, list) else queryset.count()
        return queryset[offset : offset + limit]


def _natural(value: str, name: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadRequestError(f"« {name} » doit être un nombre entier positif ou nul.")
    return int(value)


class AlwaysJSON(BaseContentNegotiation):
    """JSON whatever the Accept header or a `format` parameter says (checked, then refused, with the others)."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


class Endpoint(BaseAPIViewSet):
    """One collection of the registry: a list (`limit`, `offset`, filters) and one object per id."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = AlwaysJSON
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]
    pagination_class = FrenchPagination
    known_query_parameters = frozenset(["limit", "offset"])
    filters: dict[str, str] = {}  # parameter → what it filters, for the messages and the OpenAPI description
    slug = ""  # the endpoint's address under /api/v2/ (DRF's `name` is reset by as_view, hence another name)
    label = ""  # « Aucune … » : the start of the 404 message

    # What each endpoint serves: the queryset of its objects and the record of one object.
    def objects(self) -> Any:
        raise NotImplementedError

    def record(self, obj: Any, links: records.Links, detail: bool) -> dict[str, Any]:
        raise NotImplementedError

    def get_queryset(self) -> Any:
        return self.objects()

    def filter_objects(self, objects: Any, params: dict[str, str]) -> Any:
        return objects

    # --- views -----------------------------------------------------------------------------------------------
    def listing_view(self, request: Any) -> Response:
        params = self.checked_parameters(request)
        return self.cached(request, lambda: self.listing_data(request, params))

    def listing_data(self, request: Any, params: dict[str, str]) -> dict[str, Any]:
        objects = self.filter_objects(self.objects(), params)
        page = list(self.paginate_queryset(objects))
        links = querysets.links_for(request)
        items = [self.record(obj, links, detail=False) for obj in page]
        return {"meta": {"total_count": self.paginator.total_count}, "items": items}

    def detail_view(self, request: Any, pk: int) -> Response:
        if request.GET:
            raise BadRequestError("Une fiche ne prend aucun paramètre.")
        return self.cached(request, lambda: self.detail_data(request, pk))

    def detail_data(self, request: Any, pk: int) -> dict[str, Any]:
        obj = self.objects().filter(pk=pk).first() if pk < 2**63 else None
        if obj is None:
            raise Http404(f"{self.label} ne porte l'identifiant {pk}.")
        return self.record(obj, querysets.links_for(request), detail=True)

    def find_view(self, request: Any) -> Response:
        raise Http404("Cette adresse n'existe pas.")

    # --- parameters, cache, errors ---------------------------------------------------------------------------
    def checked_parameters(self, request: Any) -> dict[str, str]:
        allowed = set(self.known_query_parameters) | set(self.filters)
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            names = ", ".join(f"« {name[:40]} »" for name in unknown[:5])
            accepted = ", ".join(f"« {name} »" for name in sorted(allowed))
            raise BadRequestError(f"Paramètre inconnu : {names}. Paramètres acceptés : {accepted}.")
        params: dict[str, str] = {}
        for name in request.GET:
            values = request.GET.getlist(name)
            if len(values) > 1:
                raise BadRequestError(f"« {name} » ne peut être donné qu'une fois.")
            value = values[0].strip()
            if not value:
                raise BadRequestError(f"« {name} » est vide : donnez une valeur ou retirez ce paramètre.")
            if len(value) > MAX_PARAMETER_LENGTH or "\x00" in value:
                raise BadRequestError(f"La valeur de « {name} » n'est pas valide.")
            params[name] = value
        return params

    def cached(self, request: Any, build: Any) -> Response:
        """The answer to this address until the next publication (the data version) or release."""
        from pagecache.core import generation, release

        path = request.get_full_path().encode("utf-8", "replace")
        host = request.get_host().encode("utf-8", "replace")
        digest = hashlib.sha256(host + b"|" + path).hexdigest()
        key = f"opendata:api:{release()}:{generation()}:{data_version()}:{digest}"
        data = cache.get(key)
        if data is None:
            data = build()
            cache.set(key, data, 24 * 3600)
        return Response(data)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Throttled):
            wait = math.ceil(exc.wait or 60)
            response = Response(
                {"message": f"Trop de requêtes depuis votre adresse : réessayez dans {wait} secondes."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
            response["Retry-After"] = str(wait)
            return response
        if isinstance(exc, Http404):
            message = str(exc) if str(exc) and not str(exc).startswith("No ") else "Cette fiche n'existe pas."
            return Response({"message": message}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, MethodNotAllowed):
            response = Response(
                {"message": "L'API est en lecture seule : seule la méthode GET est acceptée."},
                status=status.HTTP_405_METHOD_NOT_ALLOWED,
            )
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if isinstance(exc, APIException):
            return Response({"message": "Cette requête n'est pas valide."}, status=exc.status_code)
        return super().handle_exception(exc)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # any site may reuse the data from a browser
        if response.status_code == 200:
            response["Cache-Control"] = "public, max-age=60"
        else:
            response["Cache-Control"] = "no-store"
        return response


def _identifier(value: str, message: str) -> int:
    """A number that a database id can be (at most 18 digits), else a 400 with `message`."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise BadRequestError(message)
    return int(value)


def _choice(value: str, known: dict[str, Any], what: str) -> Any:
    if value not in known:
        shown = ", ".join(sorted(known)[:30])
        raise BadRequestError(f"{what} « {value[:40]} » n'existe pas. Valeurs possibles : {shown}.")
    return known[value]


class PracticesEndpoint(Endpoint):
    slug = "pratiques"
    label = "Aucune bonne pratique publiée"
    filters = {
        "theme": "identifiant d'un thème (voir /api/v2/themes/)",
        "parcours": "« vie » ou « soins »",
        "niveau": "code d'un niveau de preuve (A, B, C…)",
        "public": "identifiant d'un public (voir /api/v2/publics/)",
        "trouble": "identifiant d'un trouble ou d'une situation (voir /api/v2/troubles/)",
        "region": "code INSEE d'une région (voir /api/v2/regions/)",
    }

    model = PracticePage

    def objects(self) -> Any:
        if self.action == "detail_view":
            return querysets.practices_in_full()
        return querysets.practices()

    def record(self, obj: Any, links: records.Links, detail: bool) -> dict[str, Any]:
        return records.practice_detail(obj, links) if detail else records.practice_summary(obj, links)

    def filter_objects(self, objects: Any, params: dict[str, str]) -> Any:
        if "theme" in params:
            value = params["theme"]
            pk = _identifier(value, "« theme » doit être l'identifiant (un nombre) d'un thème.")
            theme = querysets.live_themes().filter(pk=pk).first()
            if theme is None:
                raise BadRequestError(f"Aucun thème publié ne porte l'identifiant {value}.")
            objects = objects.filter(
                pk__in=ThemePracticeLink.objects.filter(theme=theme).values("practice_id")
            )
        if "parcours" in params:
            doors = {door.kind: door for door in querysets.parcours()}
            door = _choice(params["parcours"], doors, "Le parcours")
            objects = objects.filter(
                pk__in=ThemePracticeLink.objects.filter(
                    theme__in=querysets.live_themes().descendant_of(door)
                ).values("practice_id")
            )
        if "niveau" in params:
            levels = {level.code: level for level in querysets.evidence_levels()}
            objects = objects.filter(evidence_level=_choice(params["niveau"], levels, "Le niveau de preuve"))
        if "public" in params:
            publics = {p.slug: p for p in querysets.publics()}
            objects = objects.filter(publics=_choice(params["public"], publics, "Le public"))
        if "trouble" in params:
            known = {c.slug: c for c in querysets.conditions()}
            objects = objects.filter(conditions=_choice(params["trouble"], known, "Le trouble"))
        if "region" in params:
            known = {r.code: r for r in querysets.regions()}
            objects = objects.filter(regions=_choice(params["region"], known, "La région"))
        return objects.distinct()


class SimpleEndpoint(Endpoint):
    """An endpoint whose list and detail show the same record."""

    build: Any = None
    queryset_name = ""

    def objects(self) -> Any:
        return getattr(querysets, self.queryset_name)()

    def record(self, obj: Any, links: records.Links, detail: bool) -> dict[str, Any]:
        return type(self).build(obj, links)


class ThemesEndpoint(SimpleEndpoint):
    slug, label, queryset_name, build = "themes", "Aucun thème publié", "themes", records.theme
    filters = {"parcours": "« vie » ou « soins »"}
    model = ThemePage

    def filter_objects(self, objects: Any, params: dict[str, str]) -> Any:
        if "parcours" in params:
            doors = {door.kind: door for door in querysets.parcours()}
            objects = objects.descendant_of(_choice(params["parcours"], doors, "Le parcours"))
        return objects


class ParcoursEndpoint(SimpleEndpoint):
    slug, label, build = "parcours", "Aucun parcours publié", records.parcours
    model = ParcoursIndexPage

    def objects(self) -> Any:
        return querysets.parcours()

    def listing_data(self, request: Any, params: dict[str, str]) -> dict[str, Any]:
        doors = querysets.parcours_with_themes()
        page = list(self.paginate_queryset(doors))
        links = querysets.links_for(request)
        return {"meta": {"total_count": len(doors)}, "items": [records.parcours(d, links) for d in page]}

    def detail_data(self, request: Any, pk: int) -> dict[str, Any]:
        door = next((d for d in querysets.parcours_with_themes() if d.pk == pk), None)
        if door is None:
            raise Http404(f"{self.label} ne porte l'identifiant {pk}.")
        return records.parcours(door, querysets.links_for(request))


class NewsEndpoint(SimpleEndpoint):
    slug, label, queryset_name, build = "actualites", "Aucune actualité publiée", "news", records.news
    filters = {
        "region": "code INSEE d'une région",
        "categorie": "ptsm, evenement, publication, appel-a-pepites",
    }
    model = NewsPage

    def filter_objects(self, objects: Any, params: dict[str, str]) -> Any:
        if "categorie" in params:
            known = {value: value for value, _ in NewsCategory.choices}
            objects = objects.filter(category=_choice(params["categorie"], known, "La catégorie"))
        if "region" in params:
            known = {r.code: r for r in querysets.regions()}
            objects = objects.filter(region=_choice(params["region"], known, "La région"))
        return objects


class TeamsEndpoint(SimpleEndpoint):
    slug, label, queryset_name, build = (
        "equipes-d-appui",
        "Aucune équipe d'appui",
        "support_teams",
        records.support_team,
    )
    filters = {"region": "code INSEE d'une région", "pratique": "identifiant d'une bonne pratique"}
    model = SupportTeam

    def filter_objects(self, objects: Any, params: dict[str, str]) -> Any:
        if "region" in params:
            known = {r.code: r for r in querysets.regions()}
            objects = objects.filter(departement__region=_choice(params["region"], known, "La région"))
        if "pratique" in params:
            pk = _identifier(
                params["pratique"], "« pratique » doit être l'identifiant (un nombre) d'une bonne pratique."
            )
            objects = objects.filter(practice_links__practice_id=pk).distinct()
        return objects


class LevelsEndpoint(SimpleEndpoint):
    slug, label, queryset_name, build = (
        "niveaux-de-preuve",
        "Aucun niveau de preuve",
        "evidence_levels",
        records.evidence_level,
    )
    model = EvidenceLevel


class PepitesEndpoint(SimpleEndpoint):
    slug, label, queryset_name, build = "pepites", "Aucune pépite publiée", "pepites", records.pepite
    model = PublicListing


class ReferenceEndpoint(Endpoint):
    """A reference list (publics, troubles, régions): the values the practices' filters accept."""

    queryset_name = ""

    def objects(self) -> Any:
        return getattr(querysets, self.queryset_name)()

    def record(self, obj: Any, links: records.Links, detail: bool) -> dict[str, Any]:
        if hasattr(obj, "slug"):
            data = {"id": obj.pk, "identifiant": obj.slug, "nom": obj.name}
        else:
            data = {"id": obj.pk, "code": obj.code, "nom": obj.name}
        data["meta"] = records.meta(type(obj)._meta.label, links.detail(self.slug, obj.pk), None)
        return data


class PublicsEndpoint(ReferenceEndpoint):
    slug, label, queryset_name = "publics", "Aucun public", "publics"
    model = TargetPublic


class ConditionsEndpoint(ReferenceEndpoint):
    slug, label, queryset_name = "troubles", "Aucun trouble", "conditions"
    model = Condition


class RegionsEndpoint(ReferenceEndpoint):
    slug, label, queryset_name = "regions", "Aucune région", "regions"
    model = Region


ENDPOINTS = [
    PracticesEndpoint,
    ThemesEndpoint,
    ParcoursEndpoint,
    TeamsEndpoint,
    LevelsEndpoint,
    NewsEndpoint,
    PepitesEndpoint,
    PublicsEndpoint,
    ConditionsEndpoint,
    RegionsEndpoint,
]

api_router = WagtailAPIRouter(records.API_NAMESPACE)
for _endpoint in ENDPOINTS:
    api_router.register_endpoint(_endpoint.slug, _endpoint)
