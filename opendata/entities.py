"""The entities of the open dataset: one file each, its columns with their type and meaning (the data dictionary
is written from these), and the rows (every published object, fetched in a fixed number of queries)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from opendata import querysets, records
from readability.languages import strip_language_marks

TYPES = {
    "entier": "integer",
    "texte": "string",
    "booleen": "boolean",
    "date": "date",
    "date et heure": "datetime",
    "liste": "array",
    "adresse web": "string (URI)",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # entier, texte, booleen, date, date et heure, liste, adresse web
    description: str
    value: Callable[[Any, records.Links], Any]


@dataclass(frozen=True)
class Entity:
    slug: str  # the file name, without extension
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[Any]]


def C(name: str, kind: str, description: str, value: Callable[[Any, records.Links], Any]) -> Column:  # noqa: N802
    return Column(name, kind, description, value)


def _attr(name: str) -> Callable[[Any, records.Links], Any]:
    return lambda obj, links: getattr(obj, name)


def _date(name: str) -> Callable[[Any, records.Links], Any]:
    return lambda obj, links: records.iso(getattr(obj, name))


def _body_text(stream: Any) -> str:
    parts: list[str] = []
    for block in records.blocks(stream):
        if block["type"] in ("titre", "paragraphe"):
            parts.append(block["texte"])
        elif block["type"] == "liste":
            parts.append("\n".join(f"- {item}" for item in block["elements"]))
        elif block["type"] == "temoignage":
            parts.append(f"« {block['citation']} » ({block['qui']})")
        elif block["type"] == "chiffre_cle":
            parts.append(f"{block['chiffre']} : {block['signification']}")
    return "\n\n".join(p for p in parts if p)


# --- rows of the child entities -------------------------------------------------------------------------------


def _outcomes() -> list[Any]:
    from practices.models import PracticeOutcome

    live = querysets.public_pages(querysets.PracticePage)
    return list(PracticeOutcome.objects.filter(page__in=live).order_by("page_id", "sort_order", "pk"))


def _publications() -> list[Any]:
    from practices.models import Publication

    live = querysets.public_pages(querysets.PracticePage)
    return list(
        Publication.objects.filter(page__in=live)
        .select_related("document")
        .order_by("page_id", "sort_order", "pk")
    )


def _team_links() -> list[Any]:
    from practices.models import PracticeSupport

    live = querysets.public_pages(querysets.PracticePage)
    return list(PracticeSupport.objects.filter(practice__in=live).order_by("practice_id", "team_id"))


def _theme_links() -> list[Any]:
    from parcours.models import ThemePracticeLink

    live = querysets.public_pages(querysets.PracticePage)
    return list(
        ThemePracticeLink.objects.filter(practice__in=live, theme__in=querysets.live_themes()).order_by(
            "theme_id", "sort_order", "pk"
        )
    )


def _parcours_of(theme: Any, links: records.Links) -> Any:
    return links.parcours_of(theme)


ENTITIES: tuple[Entity, ...] = (
    Entity(
        "pratiques",
        "Bonnes pratiques",
        "Chaque bonne pratique publiée, avec ses niveaux 1 (comprendre), 2 (description) et 3 (niveau de preuve). "
        "Les résultats évalués, les publications et les équipes d'appui sont dans leurs propres fichiers.",
        (
            C(
                "id",
                "entier",
                "Identifiant stable de la pratique (le même dans l'API et tous les fichiers).",
                _attr("pk"),
            ),
            C("url", "adresse web", "Adresse de la page de la pratique.", lambda o, links: links.page(o)),
            C("slug", "texte", "Fin de l'adresse de la page.", _attr("slug")),
            C("titre", "texte", "Nom de la pratique.", _attr("title")),
            C(
                "en_bref",
                "texte",
                "Niveau 1 : ce que c'est et pour qui, en 2 ou 3 phrases.",
                _attr("summary"),
            ),
            C(
                "comprendre",
                "texte",
                "Niveau 1 : explication en mots de tous les jours.",
                lambda o, links: records.plain_text(o.explanation),
            ),
            C(
                "description",
                "texte",
                "Niveau 2 : description de l'action (texte brut, paragraphes séparés par une ligne vide).",
                lambda o, links: _body_text(o.body),
            ),
            C(
                "niveau_de_preuve_code",
                "texte",
                "Niveau 3 : code du niveau de preuve (voir niveaux-de-preuve).",
                lambda o, links: o.evidence_level.code if o.evidence_level else "",
            ),
            C(
                "niveau_de_preuve_nom",
                "texte",
                "Niveau 3 : nom du niveau de preuve.",
                lambda o, links: o.evidence_level.name if o.evidence_level else "",
            ),
            C(
                "pourquoi_ce_niveau",
                "texte",
                "Niveau 3 : sur quelles études repose ce niveau, et leurs limites.",
                lambda o, links: records.plain_text(o.evidence_justification),
            ),
            C("manuel_ou_referentiel", "booleen", "Un manuel ou un référentiel existe.", _attr("has_manual")),
            C(
                "formation_en_france",
                "booleen",
                "Une formation est disponible en France.",
                _attr("training_in_france"),
            ),
            C(
                "outil_de_fidelite_en_francais",
                "booleen",
                "Un outil de fidélité existe en français.",
                _attr("fidelity_tool_fr"),
            ),
            C(
                "equipe_d_appui_active",
                "booleen",
                "Au moins une équipe d'appui accompagne cette pratique.",
                lambda o, links: bool(o.public_support_links),
            ),
            C(
                "derniere_recherche_bibliographique",
                "date",
                "Date de la dernière recherche bibliographique.",
                _date("literature_searched_on"),
            ),
            C("evalue_le", "date", "Date de l'évaluation du niveau de preuve.", _date("assessed_on")),
            C("evalue_par", "texte", "Instance qui a évalué le niveau.", _attr("assessed_by")),
            C("prochaine_revision", "date", "Date prévue de la prochaine révision.", _date("next_review_on")),
            C(
                "video_url",
                "adresse web",
                "Vidéo du niveau 1 (en ligne ou fichier).",
                lambda o, links: o.video_url or links.document(o.video_file) or "",
            ),
            C(
                "video_transcription",
                "texte",
                "Transcription complète de la vidéo.",
                _attr("video_transcript"),
            ),
            C(
                "themes",
                "liste",
                "Identifiants des thèmes qui présentent la pratique (voir themes).",
                lambda o, links: [link.theme_id for link in o.live_theme_links],
            ),
            C(
                "parcours",
                "liste",
                "Parcours où elle apparaît : vie, soins.",
                lambda o, links: sorted(
                    {d.kind for d in (links.parcours_of(link.theme) for link in o.live_theme_links) if d}
                ),
            ),
            C(
                "publics",
                "liste",
                "Identifiants des publics visés (voir publics).",
                lambda o, links: [p.slug for p in o.publics.all()],
            ),
            C(
                "troubles",
                "liste",
                "Identifiants des troubles et situations (voir troubles).",
                lambda o, links: [c.slug for c in o.conditions.all()],
            ),
            C(
                "regions",
                "liste",
                "Codes INSEE des régions où elle est mise en œuvre.",
                lambda o, links: [r.code for r in o.regions.all()],
            ),
            C(
                "mots_cles",
                "liste",
                "Mots-clés.",
                lambda o, links: sorted(i.tag.name for i in o.tagged_items.all()),
            ),
            C(
                "premiere_publication",
                "date et heure",
                "Première publication de la page.",
                _date("first_published_at"),
            ),
            C(
                "derniere_publication",
                "date et heure",
                "Dernière publication de la page.",
                _date("last_published_at"),
            ),
        ),
        lambda: querysets.practices_in_full(),
    ),
    Entity(
        "resultats-evalues",
        "Résultats évalués",
        "Niveau 3 : chaque résultat évalué d'une pratique, le sens de l'effet, la certitude (GRADE) et le contexte des preuves.",
        (
            C("pratique_id", "entier", "Identifiant de la pratique (voir pratiques).", _attr("page_id")),
            C("ordre", "entier", "Position dans la liste de la pratique.", _attr("sort_order")),
            C(
                "resultat",
                "texte",
                "Le résultat évalué, par exemple « Maintien dans le logement ».",
                _attr("outcome"),
            ),
            C(
                "domaine",
                "texte",
                "La colonne de la carte des preuves : logement, emploi, hospitalisation, sante, consommations, "
                "soins, retablissement, inclusion, proches, regard, ou vide.",
                _attr("domain"),
            ),
            C(
                "sens_de_l_effet",
                "texte",
                "favourable (favorable), null (pas d'effet) ou unfavourable (défavorable).",
                _attr("direction"),
            ),
            C(
                "en_mots_simples",
                "texte",
                "Ce que l'effet change pour les personnes, dit simplement (par exemple « moins de passages aux urgences »).",
                _attr("in_words"),
            ),
            C("certitude", "texte", "Certitude GRADE : high, moderate, low, very_low.", _attr("certainty")),
            C(
                "contexte_des_preuves",
                "texte",
                "france, francophone, europe, north_america ou other.",
                _attr("context"),
            ),
        ),
        _outcomes,
    ),
    Entity(
        "publications",
        "Publications et rapports",
        "Niveau 4 : les publications et rapports de chaque pratique.",
        (
            C("pratique_id", "entier", "Identifiant de la pratique (voir pratiques).", _attr("page_id")),
            C("ordre", "entier", "Position dans la liste de la pratique.", _attr("sort_order")),
            C(
                "type",
                "texte",
                "article, review (revue systématique), report, recommendation ou guide.",
                _attr("kind"),
            ),
            C("auteurs", "texte", "Auteurs.", _attr("authors")),
            C("titre", "texte", "Titre.", _attr("title")),
            C("revue_ou_editeur", "texte", "Revue ou éditeur.", _attr("container")),
            C("annee", "entier", "Année de publication.", _attr("year")),
            C("doi", "texte", "DOI, sans le préfixe https://doi.org/.", _attr("doi")),
            C("url", "adresse web", "Adresse web de la publication.", _attr("url")),
            C(
                "document_url",
                "adresse web",
                "Document PDF déposé sur le site.",
                lambda o, links: links.document(o.document) or "",
            ),
            C(
                "en_une_phrase",
                "texte",
                "Ce que la publication montre, en mots simples.",
                _attr("lay_summary"),
            ),
        ),
        _publications,
    ),
    Entity(
        "equipes-d-appui",
        "Équipes d'appui",
        "Niveau 5 : les équipes qui aident d'autres territoires à mettre en œuvre une pratique. Seules les "
        "coordonnées de l'équipe elle-même sont publiées, jamais celles des personnes.",
        (
            C("id", "entier", "Identifiant stable de l'équipe.", _attr("pk")),
            C("url", "adresse web", "Adresse de la fiche de l'équipe.", lambda o, links: links.team(o) or ""),
            C("slug", "texte", "Fin de l'adresse de la fiche.", _attr("slug")),
            C("nom", "texte", "Nom de l'équipe.", _attr("name")),
            C("structure_porteuse", "texte", "Structure qui porte l'équipe.", _attr("host_organisation")),
            C("presentation", "texte", "Présentation de l'équipe.", _attr("description")),
            C("adresse", "texte", "Adresse postale de l'équipe.", _attr("address")),
            C("code_postal", "texte", "Code postal.", _attr("postcode")),
            C("ville", "texte", "Ville.", _attr("city")),
            C("departement_code", "texte", "Code INSEE du département.", lambda o, links: o.departement.code),
            C("departement_nom", "texte", "Nom du département.", lambda o, links: o.departement.name),
            C("region_code", "texte", "Code INSEE de la région.", lambda o, links: o.departement.region.code),
            C("region_nom", "texte", "Nom de la région.", lambda o, links: o.departement.region.name),
            C("telephone", "texte", "Téléphone de l'équipe (standard de la structure).", _attr("phone")),
            C("courriel", "texte", "Adresse électronique de l'équipe.", _attr("email")),
            C("site_web", "adresse web", "Site web.", _attr("website")),
            C("propose_formations", "booleen", "Propose des formations.", _attr("offers_training")),
            C("propose_visites_sur_site", "booleen", "Propose des visites sur site.", _attr("offers_visits")),
            C(
                "propose_accompagnement",
                "booleen",
                "Propose un accompagnement à l'implantation.",
                _attr("offers_implementation"),
            ),
            C(
                "fiche_technique",
                "texte",
                "Ce que l'équipe propose : formats, durées, coûts éventuels.",
                lambda o, links: records.plain_text(o.technical_sheet),
            ),
            C(
                "fiche_technique_pdf",
                "adresse web",
                "Fiche technique en PDF.",
                lambda o, links: links.document(o.technical_sheet_document) or "",
            ),
            C(
                "donnees_de_demonstration",
                "booleen",
                "Vrai si les coordonnées sont fictives (données de démonstration).",
                _attr("is_demo"),
            ),
            C("mis_a_jour_le", "date et heure", "Dernière mise à jour de la fiche.", _date("updated_at")),
        ),
        lambda: querysets.support_teams(),
    ),
    Entity(
        "pratiques-equipes",
        "Pratiques accompagnées par chaque équipe",
        "Le lien entre une équipe d'appui et une pratique, avec l'année où l'équipe a commencé à la pratiquer.",
        (
            C("pratique_id", "entier", "Identifiant de la pratique.", _attr("practice_id")),
            C("equipe_id", "entier", "Identifiant de l'équipe d'appui.", _attr("team_id")),
            C(
                "pratiquee_depuis",
                "entier",
                "Année où l'équipe a commencé à la pratiquer.",
                _attr("start_year"),
            ),
        ),
        _team_links,
    ),
    Entity(
        "parcours",
        "Parcours",
        "Les deux portes d'entrée du site : le parcours de vie et le parcours de soins.",
        (
            C("id", "entier", "Identifiant stable du parcours.", _attr("pk")),
            C("url", "adresse web", "Adresse de la page.", lambda o, links: links.page(o)),
            C("type", "texte", "vie ou soins.", _attr("kind")),
            C("titre", "texte", "Titre.", _attr("title")),
            C("introduction", "texte", "Introduction.", _attr("intro")),
        ),
        lambda: querysets.parcours(),
    ),
    Entity(
        "themes",
        "Thèmes",
        "Les thèmes de chaque parcours (par exemple « Le logement »).",
        (
            C("id", "entier", "Identifiant stable du thème.", _attr("pk")),
            C("url", "adresse web", "Adresse de la page.", lambda o, links: links.page(o)),
            C("slug", "texte", "Fin de l'adresse.", _attr("slug")),
            C("titre", "texte", "Titre.", _attr("title")),
            C(
                "parcours_id",
                "entier",
                "Identifiant du parcours.",
                lambda o, links: getattr(_parcours_of(o, links), "pk", None),
            ),
            C(
                "parcours_type",
                "texte",
                "vie ou soins.",
                lambda o, links: getattr(_parcours_of(o, links), "kind", ""),
            ),
            C(
                "chapo",
                "texte",
                "Le contexte et le problème (paragraphes séparés par une ligne vide).",
                lambda o, links: "\n\n".join(o.chapo_paragraphs),
            ),
        ),
        lambda: querysets.themes(),
    ),
    Entity(
        "themes-pratiques",
        "Pratiques de chaque thème",
        "Les pratiques qu'un thème présente, dans l'ordre choisi par la rédaction.",
        (
            C("theme_id", "entier", "Identifiant du thème.", _attr("theme_id")),
            C("pratique_id", "entier", "Identifiant de la pratique.", _attr("practice_id")),
            C("ordre", "entier", "Position dans le thème.", _attr("sort_order")),
            C(
                "theme_principal",
                "booleen",
                "Ce thème est le thème principal de la pratique.",
                _attr("is_primary"),
            ),
        ),
        _theme_links,
    ),
    Entity(
        "niveaux-de-preuve",
        "Échelle des niveaux de preuve",
        "L'échelle publiée des niveaux de preuve, du plus solide au moins solide.",
        (
            C("id", "entier", "Identifiant stable.", _attr("pk")),
            C("code", "texte", "Code court (A, B, C, AE, E, 0, !, ?).", _attr("code")),
            C("nom", "texte", "Nom du niveau.", _attr("name")),
            C(
                "en_mots_simples",
                "texte",
                "Le niveau en une phrase pour le grand public.",
                _attr("lay_label"),
            ),
            C(
                "criteres",
                "texte",
                "Critères qu'une pratique doit remplir.",
                lambda obj, links: strip_language_marks(obj.criteria),
            ),
            C(
                "categorie",
                "texte",
                "established, probable, promising, expert, emerging, no_effect, harmful, insufficient.",
                _attr("kind"),
            ),
            C("ordre", "entier", "Position sur l'échelle.", _attr("order")),
        ),
        lambda: querysets.evidence_levels(),
    ),
    Entity(
        "actualites",
        "Actualités",
        "Les actualités publiées : signatures de PTSM, événements, publications, appels à pépites.",
        (
            C("id", "entier", "Identifiant stable.", _attr("pk")),
            C("url", "adresse web", "Adresse de la page.", lambda o, links: links.page(o)),
            C("titre", "texte", "Titre.", _attr("title")),
            C("date", "date", "Date de l'actualité.", _date("date")),
            C("categorie", "texte", "ptsm, evenement, publication ou appel-a-pepites.", _attr("category")),
            C(
                "region_code",
                "texte",
                "Code INSEE de la région (vide : nationale).",
                lambda o, links: o.region.code if o.region else "",
            ),
            C("en_une_phrase", "texte", "Résumé.", _attr("summary")),
            C("texte", "texte", "Texte brut.", lambda o, links: _body_text(o.body)),
        ),
        lambda: querysets.news(),
    ),
    Entity(
        "pepites",
        "Pépites du PositiveHub",
        "Les pratiques distinguées par l'appel à pépites, dont les résultats sont publiés et qui ont accepté d'être référencées.",
        (
            C("id", "entier", "Identifiant stable.", _attr("pk")),
            C("titre", "texte", "Titre de la pratique.", _attr("public_title")),
            C("resume", "texte", "Résumé public.", _attr("public_summary")),
            C("distinction", "texte", "laureate (lauréate), pepite ou listed (référencée).", _attr("badge")),
            C("organisation", "texte", "Organisation porteuse.", _attr("organisation_name")),
            C("pays", "texte", "Code ISO du pays.", _attr("country")),
            C("appel_annee", "entier", "Année de l'appel.", lambda o, links: o.application.call.year),
            C("publiee_le", "date et heure", "Date de publication.", _date("published_at")),
        ),
        lambda: querysets.pepites(),
    ),
    Entity(
        "publics",
        "Publics",
        "Les publics visés par les pratiques.",
        (
            C("identifiant", "texte", "Identifiant stable.", _attr("slug")),
            C("nom", "texte", "Nom.", _attr("name")),
        ),
        lambda: querysets.publics(),
    ),
    Entity(
        "troubles",
        "Troubles et situations",
        "Les troubles et situations concernés.",
        (
            C("identifiant", "texte", "Identifiant stable.", _attr("slug")),
            C("nom", "texte", "Nom.", _attr("name")),
        ),
        lambda: querysets.conditions(),
    ),
)

ENTITY_BY_SLUG = {entity.slug: entity for entity in ENTITIES}
