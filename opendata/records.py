"""What the open registry publishes, object by object: one function per entity turns a prepared object into plain
data (the API's items and the dataset's JSON files are these same records). Each record names its fields one by
one: nothing reaches the API or the files unless it is written here, so a field added to a model (a contact
person, a justification kept for the committee) never leaks by default.

Querysets (`querysets.py`) fetch everything a batch of records needs in a fixed number of queries; the functions
here never query the database.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import strip_tags

from readability.languages import strip_language_marks

API_NAMESPACE = "lilith_api"

# Reader-facing names of the five levels, as the practice page shows them.
LEVEL_KEYS = {
    1: "comprendre",
    2: "description",
    3: "niveau_de_preuve",
    4: "publications",
    5: "equipes_d_appui",
}

_BLOCK_END = re.compile(r"</(p|h[1-6]|ul|ol|blockquote)>", re.I)
_LINE_END = re.compile(r"</li>|<br\s*/?>", re.I)
_LIST_ITEM = re.compile(r"<li[^>]*>", re.I)


def plain_text(rich: str | None) -> str:
    """Rich text (Wagtail's stored HTML) as plain text: one paragraph per blank line, list items with a dash."""
    if not rich:
        return ""
    text = _LIST_ITEM.sub("- ", rich)
    text = _LINE_END.sub("\n", _BLOCK_END.sub("\n\n", text))
    text = html.unescape(strip_tags(text))
    lines = [re.sub(r"[ \t\r]+", " ", line).strip() for line in text.splitlines()]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def iso(value: Any) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Links:
    """Absolute addresses: from the request for the API, from the default site for the files."""

    request: Any = None
    root_url: str = ""
    team_base: str | None = None
    parcours_by_path: dict[str, Any] = field(default_factory=dict)

    def absolute(self, path: str | None) -> str | None:
        if not path:
            return None
        if path.startswith(("http://", "https://")):
            return path
        if self.request is not None:
            return self.request.build_absolute_uri(path)
        return self.root_url.rstrip("/") + path

    def page(self, page: Any) -> str | None:
        try:
            return self.absolute(page.get_url(self.request))
        except Exception:  # noqa: BLE001 — a page outside every site has no public address
            return None

    def detail(self, endpoint: str, pk: int) -> str | None:
        return self.absolute(reverse(f"{API_NAMESPACE}:{endpoint}:detail", args=[pk]))

    def team(self, team: Any) -> str | None:
        if not self.team_base:
            return None
        return self.absolute(f"{self.team_base}{team.slug}/")

    def document(self, document: Any) -> str | None:
        return self.absolute(document.url) if document is not None else None

    def parcours_of(self, theme: Any) -> Any:
        return self.parcours_by_path.get(theme.path[: -theme.steplen])


def meta(type_name: str, detail_url: str | None, html_url: str | None, **extra: Any) -> dict[str, Any]:
    return {"type": type_name, "detail_url": detail_url, "html_url": html_url, **extra}


# --- the evidence scale and the reference lists ----------------------------------------------------------------


def level_ref(level: Any) -> dict[str, Any] | None:
    if level is None:
        return None
    return {"code": level.code, "nom": level.name, "en_mots_simples": level.lay_label}


def evidence_level(level: Any, links: Links) -> dict[str, Any]:
    return {
        "id": level.pk,
        "meta": meta("practices.EvidenceLevel", links.detail("niveaux-de-preuve", level.pk), None),
        "code": level.code,
        "nom": level.name,
        "en_mots_simples": level.lay_label,
        "criteres": strip_language_marks(level.criteria),
        "categorie": {"code": level.kind, "libelle": level.get_kind_display()},
        "ordre": level.order,
        "favorable": level.is_positive,
    }


def named(obj: Any) -> dict[str, Any]:
    return {"identifiant": obj.slug, "nom": obj.name}


def region_ref(region: Any) -> dict[str, Any] | None:
    return {"code": region.code, "nom": region.name} if region is not None else None


# --- StreamField content as structured blocks ------------------------------------------------------------------


def _list_items(value: Any) -> list[str]:
    items: list[str] = []
    for item in value or []:
        items.append(item.get("value", "") if isinstance(item, dict) else str(item))
    return items


def blocks(stream: Any) -> list[dict[str, Any]]:
    """A StreamField's content as typed blocks, read from its stored data (no image or page is fetched)."""
    out: list[dict[str, Any]] = []
    for raw in getattr(stream, "raw_data", None) or []:
        kind, value = raw.get("type"), raw.get("value")
        if kind == "heading":
            out.append({"type": "titre", "niveau": value.get("level", "h2"), "texte": value.get("text", "")})
        elif kind == "paragraph":
            out.append({"type": "paragraphe", "texte": plain_text(value)})
        elif kind == "list":
            out.append({"type": "liste", "elements": _list_items(value)})
        elif kind == "testimony":
            out.append(
                {"type": "temoignage", "citation": value.get("quote", ""), "qui": value.get("author", "")}
            )
        elif kind == "key_figure":
            out.append(
                {
                    "type": "chiffre_cle",
                    "chiffre": value.get("figure", ""),
                    "signification": value.get("label", ""),
                    "source": value.get("source", ""),
                }
            )
        elif kind == "figure":
            image = value.get("image") if isinstance(value, dict) else None
            alt = image.get("alt_text", "") if isinstance(image, dict) else ""
            out.append({"type": "image", "texte_alternatif": alt or "", "legende": value.get("caption", "")})
    return out


# --- practices -------------------------------------------------------------------------------------------------


def _themes_and_parcours(practice: Any, links: Links) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    themes: list[dict[str, Any]] = []
    parcours: list[dict[str, Any]] = []
    seen: set[int] = set()
    for link in getattr(practice, "live_theme_links", []):
        theme = link.theme
        themes.append({"id": theme.pk, "titre": theme.title, "principal": link.is_primary})
        door = links.parcours_of(theme)
        if door is not None and door.pk not in seen:
            seen.add(door.pk)
            parcours.append({"id": door.pk, "type": door.kind, "titre": door.title})
    return themes, parcours


def practice_summary(practice: Any, links: Links) -> dict[str, Any]:
    """What a list of practices shows: enough to filter, sort and link."""
    themes, parcours = _themes_and_parcours(practice, links)
    return {
        "id": practice.pk,
        "meta": meta(
            "practices.PracticePage",
            links.detail("pratiques", practice.pk),
            links.page(practice),
            slug=practice.slug,
            first_published_at=iso(practice.first_published_at),
            last_published_at=iso(practice.last_published_at),
        ),
        "titre": practice.title,
        "en_bref": practice.summary,
        "niveau_de_preuve": level_ref(practice.evidence_level),
        "themes": themes,
        "parcours": parcours,
        "publics": [named(p) for p in practice.publics.all()],
        "troubles": [named(c) for c in practice.conditions.all()],
        "regions": [region_ref(r) for r in practice.regions.all()],
        "mots_cles": sorted(item.tag.name for item in practice.tagged_items.all()),
    }


def outcome(item: Any) -> dict[str, Any]:
    return {
        "resultat": item.outcome,
        "domaine": {"code": item.domain, "libelle": item.get_domain_display()} if item.domain else None,
        "sens_de_l_effet": {"code": item.direction, "libelle": item.get_direction_display()},
        "en_mots_simples": item.in_words,
        "certitude": {"code": item.certainty, "libelle": item.get_certainty_display()},
        "contexte_des_preuves": {"code": item.context, "libelle": item.get_context_display()},
    }


def publication(item: Any, links: Links) -> dict[str, Any]:
    return {
        "type": {"code": item.kind, "libelle": item.get_kind_display()},
        "auteurs": item.authors,
        "titre": item.title,
        "revue_ou_editeur": item.container,
        "annee": item.year,
        "doi": item.doi or None,
        "doi_url": item.doi_url or None,
        "url": item.url or None,
        "document_url": links.document(item.document),
        "en_une_phrase": item.lay_summary,
    }


def team_ref(link: Any, links: Links) -> dict[str, Any]:
    team = link.team
    return {
        "id": team.pk,
        "nom": team.name,
        "structure_porteuse": team.host_organisation,
        "ville": team.city,
        "departement": {"code": team.departement.code, "nom": team.departement.name},
        "region": region_ref(team.departement.region),
        "pratique_depuis": link.start_year,
        "detail_url": links.detail("equipes-d-appui", team.pk),
        "html_url": links.team(team),
    }


def practice_detail(practice: Any, links: Links) -> dict[str, Any]:
    """A practice with its five levels of information as structured fields."""
    data = practice_summary(practice, links)
    support_links = list(getattr(practice, "public_support_links", []))
    video = None
    if practice.video_url or practice.video_file_id:
        video = {
            "titre": practice.video_title,
            "url": practice.video_url or links.document(practice.video_file),
            "sous_titres_url": links.document(practice.video_captions)
            if practice.video_captions_id
            else None,
            "transcription": practice.video_transcript,
        }
    data["historique_url"] = links.absolute(reverse("opendata:practice-history", args=[practice.pk]))
    data["niveaux"] = {
        LEVEL_KEYS[1]: {
            "titre": "Comprendre",
            "en_bref": practice.summary,
            "explication": plain_text(practice.explanation),
            "video": video,
        },
        LEVEL_KEYS[2]: {"titre": "Description de l'action", "contenu": blocks(practice.body)},
        LEVEL_KEYS[3]: {
            "titre": "Niveau de preuve",
            "niveau": level_ref(practice.evidence_level),
            "pourquoi_ce_niveau": plain_text(practice.evidence_justification),
            "resultats_evalues": [outcome(o) for o in practice.outcomes.all()],
            "maturite": {
                "manuel_ou_referentiel": practice.has_manual,
                "formation_en_france": practice.training_in_france,
                "outil_de_fidelite_en_francais": practice.fidelity_tool_fr,
                "equipe_d_appui_active": bool(support_links),
            },
            "derniere_recherche_bibliographique": iso(practice.literature_searched_on),
            "evalue_le": iso(practice.assessed_on),
            "evalue_par": practice.assessed_by,
            "prochaine_revision": iso(practice.next_review_on),
        },
        LEVEL_KEYS[4]: {
            "titre": "Publications et rapports",
            "publications": [publication(p, links) for p in practice.publications.all()],
        },
        LEVEL_KEYS[5]: {
            "titre": "Équipes d'appui",
            "equipes": [team_ref(link, links) for link in support_links],
        },
    }
    return data


# --- the trees -------------------------------------------------------------------------------------------------


def parcours(page: Any, links: Links) -> dict[str, Any]:
    return {
        "id": page.pk,
        "meta": meta("parcours.ParcoursIndexPage", links.detail("parcours", page.pk), links.page(page)),
        "titre": page.title,
        "type": page.kind,
        "introduction": page.intro,
        "themes": [{"id": t.pk, "titre": t.title} for t in getattr(page, "live_themes", [])],
    }


def theme(page: Any, links: Links) -> dict[str, Any]:
    door = links.parcours_of(page)
    return {
        "id": page.pk,
        "meta": meta("parcours.ThemePage", links.detail("themes", page.pk), links.page(page), slug=page.slug),
        "titre": page.title,
        "parcours": {"id": door.pk, "type": door.kind, "titre": door.title} if door is not None else None,
        "chapo": page.chapo_paragraphs,
        "pratiques": [
            {"id": link.practice_id, "titre": link.practice.title, "theme_principal": link.is_primary}
            for link in getattr(page, "live_practice_links", [])
        ],
        "pour_aller_plus_loin": [
            {
                "titre": r.title,
                "url": r.url or links.document(r.document),
                "description": r.description,
            }
            for r in page.resources.all()
        ],
    }


def news(page: Any, links: Links) -> dict[str, Any]:
    return {
        "id": page.pk,
        "meta": meta(
            "parcours.NewsPage", links.detail("actualites", page.pk), links.page(page), slug=page.slug
        ),
        "titre": page.title,
        "date": iso(page.date),
        "categorie": {"code": page.category, "libelle": page.get_category_display()},
        "region": region_ref(page.region),
        "en_une_phrase": page.summary,
        "contenu": blocks(page.body),
    }


# --- support teams ---------------------------------------------------------------------------------------------


def support_team(team: Any, links: Links) -> dict[str, Any]:
    """A support team as its public sheet shows it: the team's own address, phone and e-mail (an organisation's
    public contact point), never the people to contact (names, personal e-mails and phones stay on the site)."""
    return {
        "id": team.pk,
        "meta": meta(
            "practices.SupportTeam",
            links.detail("equipes-d-appui", team.pk),
            links.team(team),
            slug=team.slug,
            updated_at=iso(team.updated_at),
        ),
        "nom": team.name,
        "structure_porteuse": team.host_organisation,
        "presentation": team.description,
        "adresse": team.address,
        "code_postal": team.postcode,
        "ville": team.city,
        "departement": {"code": team.departement.code, "nom": team.departement.name},
        "region": region_ref(team.departement.region),
        "telephone": team.phone,
        "courriel": team.email,
        "site_web": team.website or None,
        "propose": {
            "formations": team.offers_training,
            "visites_sur_site": team.offers_visits,
            "accompagnement_a_l_implantation": team.offers_implementation,
        },
        "fiche_technique": plain_text(team.technical_sheet),
        "fiche_technique_pdf": links.document(team.technical_sheet_document),
        "pratiques": [
            {"id": link.practice_id, "titre": link.practice.title, "pratiquee_depuis": link.start_year}
            for link in getattr(team, "live_practice_links", [])
        ],
        "donnees_de_demonstration": team.is_demo,
    }


# --- PositiveHub pépites (only those whose call results are published) ------------------------------------------


def pepite(listing: Any, links: Links) -> dict[str, Any]:
    return {
        "id": listing.pk,
        "meta": meta(
            "hub.PublicListing",
            links.detail("pepites", listing.pk),
            links.absolute(reverse("hub:call-results", args=[listing.application.call.slug])),
            slug=listing.slug,
        ),
        "titre": listing.public_title,
        "resume": listing.public_summary,
        "distinction": {"code": listing.badge, "libelle": listing.get_badge_display()},
        "organisation": listing.organisation_name,
        "pays": listing.country,
        "appel": {"annee": listing.application.call.year, "titre": listing.application.call.title},
        "publiee_le": iso(listing.published_at),
    }


def each(objects: Iterable[Any], build: Any, links: Links) -> list[dict[str, Any]]:
    return [build(obj, links) for obj in objects]
