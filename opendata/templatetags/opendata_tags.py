"""schema.org descriptions (JSON-LD) of the pages that show the registry: a theme's list of practices
(`ItemList`), a support team's sheet (`Organization`), a training session (`Event`) and the open dataset
(`Dataset`). The practice page has its own `MedicalWebPage` (practices). Each tag returns a complete
<script type="application/ld+json"> element, escaped for HTML."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from practices.models.pages import json_ld_dumps

register = template.Library()

CONTEXT = "https://schema.org"


def _script(data: dict[str, Any]) -> SafeString:
    clean = {k: v for k, v in data.items() if v not in (None, "", [], {})}
    return mark_safe(f'<script type="application/ld+json">{json_ld_dumps(clean)}</script>')  # noqa: S308


def _absolute(request: Any, path: str | None) -> str | None:
    if not path:
        return None
    if path.startswith(("http://", "https://")):
        return path
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def theme_json_ld(context: dict[str, Any], page: Any) -> SafeString:
    """The practices a theme lists, in the editors' order, as an ItemList."""
    from parcours.models import ThemePracticeLink
    from practices.models import PracticePage

    request = context.get("request")
    live = PracticePage.objects.live().public()
    links = list(
        ThemePracticeLink.objects.filter(theme=page, practice__in=live)
        .select_related("practice")
        .order_by("sort_order", "pk")
    )
    items: list[dict[str, Any]] = []
    for position, link in enumerate(links, start=1):
        practice = link.practice
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "url": _absolute(request, practice.get_url(request)),
                "name": practice.title,
            }
        )
    return _script(
        {
            "@context": CONTEXT,
            "@type": "ItemList",
            "name": f"Les bonnes pratiques · {page.title}",
            "url": _absolute(request, page.get_url(request)),
            "numberOfItems": len(items),
            "itemListOrder": "https://schema.org/ItemListUnordered",
            "itemListElement": items,
        }
    )


@register.simple_tag(takes_context=True)
def team_json_ld(context: dict[str, Any], team: Any, practice_links: Any = ()) -> SafeString:
    """A support team as an Organization: the team's own public contact point, never its people."""
    request = context.get("request")
    region = team.departement.region if team.departement_id else None
    address = {
        "@type": "PostalAddress",
        "streetAddress": team.address,
        "postalCode": team.postcode,
        "addressLocality": team.city,
        "addressRegion": region.name if region else None,
        "addressCountry": "FR",
    }
    return _script(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "name": team.name,
            "description": team.description,
            "url": _absolute(request, team.public_url),
            "sameAs": team.website or None,
            "telephone": team.phone,
            "email": team.email,
            "address": {k: v for k, v in address.items() if v},
            "parentOrganization": {"@type": "Organization", "name": team.host_organisation}
            if team.host_organisation
            else None,
            "knowsAbout": [link.practice.title for link in practice_links],
        }
    )


@register.simple_tag(takes_context=True)
def session_json_ld(context: dict[str, Any], session: Any) -> SafeString:
    """A training session as an Event (online or in a town)."""
    request = context.get("request")
    if session.is_online:
        # A webinar's connection link is for the people registered only; a MOOC's address is public.
        public_link = session.online_url if session.kind == session.Kind.ELEARNING else None
        location: dict[str, Any] = {
            "@type": "VirtualLocation",
            "url": public_link or (request.build_absolute_uri() if request is not None else None),
        }
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        location = {
            "@type": "Place",
            "name": session.town,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": session.town,
                "addressRegion": session.departement.name if session.departement_id else None,
                "addressCountry": "FR",
            },
        }
        mode = "https://schema.org/OfflineEventAttendanceMode"
    organizer = None
    if session.team_id:
        organizer = {
            "@type": "Organization",
            "name": session.team.name,
            "url": _absolute(request, session.team.public_url),
        }
    return _script(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": session.title,
            "description": strip_tags(session.description)[:1000],
            "startDate": session.starts_at.isoformat(),
            "endDate": session.ends_at.isoformat(),
            "eventAttendanceMode": mode,
            "eventStatus": "https://schema.org/EventScheduled",
            "location": {k: v for k, v in location.items() if v},
            "organizer": organizer,
            "isAccessibleForFree": session.is_free,
            "inLanguage": "fr",
            "url": request.build_absolute_uri() if request is not None else None,
            "about": {"@type": "MedicalTherapy", "name": session.practice.title},
        }
    )


def dataset_json_ld(manifest: dict[str, Any], links: Any) -> SafeString:
    """The open dataset as a schema.org Dataset with one DataDownload per file."""
    from opendata import dataset

    page = links.absolute(reverse("opendata:page"))
    return _script(
        {
            "@context": CONTEXT,
            "@type": "Dataset",
            "name": "Registre des bonnes pratiques en santé mentale",
            "description": "Les bonnes pratiques en santé mentale fondées sur des preuves, en cinq niveaux "
            "d'information, avec les thèmes, l'échelle des niveaux de preuve, les équipes d'appui, les actualités "
            "et les pépites du PositiveHub, en fichiers CSV et JSON.",
            "url": page,
            "identifier": "lilith-registre-des-bonnes-pratiques",
            "inLanguage": "fr",
            "isAccessibleForFree": True,
            "license": dataset.LICENCE_URL,
            "dateModified": manifest["genere_le"],
            "keywords": ["santé mentale", "bonnes pratiques", "rétablissement", "niveau de preuve", "PTSM"],
            "creator": {"@type": "Organization", "name": dataset.site_name(), "url": links.absolute("/")},
            "spatialCoverage": {"@type": "Place", "name": "France"},
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": f["titre"],
                    "encodingFormat": f["type_mime"],
                    "contentUrl": dataset.file_url(links, f["nom"]),
                    "contentSize": f"{f['taille']} octets",
                }
                for f in manifest["fichiers"]
            ],
        }
    )


@register.inclusion_tag("opendata/_history_link.html")
def history_link(page: Any) -> dict[str, Any]:
    """The link from a practice to its public history."""
    return {"url": reverse("opendata:practice-history", args=[page.pk])}
