"""« Ma sélection » as documents for the PTSM: one outline (the five levels of each practice summarised in plain
text, its support teams with their contacts, its sources), rendered as PDF by a template
(practices/selection_document.html) and as Word here (python-docx)."""

from __future__ import annotations

import html as html_module
import io
from typing import Any

from django.utils.html import strip_tags


def _text(html: str) -> list[str]:
    """Paragraphs of a rich text, as plain text."""
    html = (
        (html or "").replace("</p>", "\n").replace("<br/>", "\n").replace("<br>", "\n").replace("</li>", "\n")
    )
    return [line.strip() for line in html_module.unescape(strip_tags(html)).splitlines() if line.strip()]


def _body(page: Any) -> list[str]:
    lines: list[str] = []
    for block in page.body:
        value = block.value
        if block.block_type == "heading":
            lines.append(str(value.get("text", "")) if hasattr(value, "get") else str(value))
        elif block.block_type == "paragraph":
            lines.extend(_text(value.source if hasattr(value, "source") else str(value)))
        elif block.block_type == "list":
            lines.extend(f"– {item}" for item in value)
    return [line for line in lines if line]


def outline(context: dict) -> list[dict[str, Any]]:
    practices = []
    for column in context["columns"]:
        page, teams = column["practice"], column["teams"]
        level = page.evidence_level
        evidence = [f"{level.code} : {level.name}. {level.lay_label}." if level else "Pas encore évalué."]
        evidence += _text(page.evidence_justification)
        evidence += [
            f"{o.outcome} : {o.in_words or o.get_direction_display().lower()} (certitude "
            f"{o.get_certainty_display().lower()}, {o.get_context_display()})."
            for o in page.outcomes.all()
        ]
        sources = []
        for pub in page.publications.all():
            source = f"{pub.authors} ({pub.year}). {pub.title}."
            if pub.container:
                source += f" {pub.container}."
            if pub.doi:
                source += f" doi:{pub.doi}"
            elif pub.url:
                source += f" {pub.url}"
            sources.append(source)
        contacts = []
        for team in teams:
            line = f"{team.name} ({team.host_organisation}, {team.city})"
            details = [d for d in (team.phone, team.email) if d]
            contacts.append(line + (" : " + ", ".join(details) if details else "") + ".")
            for contact in team.contacts.all():
                reach = ", ".join(d for d in (contact.phone, contact.email) if d)
                contacts.append(f"– {contact.name}, {contact.role}{' : ' + reach if reach else ''}.")
            if team.is_demo:
                contacts.append("(Coordonnées de démonstration.)")
        practices.append(
            {
                "title": page.title,
                "url": page.full_url,
                "sections": [
                    ("1. Comprendre", [page.summary, *_text(page.explanation)]),
                    ("2. Description", _body(page)),
                    ("3. Niveau de preuve", evidence),
                    (
                        "4. Publications et rapports",
                        sources or ["Aucune publication n'est encore référencée."],
                    ),
                    (
                        "5. Équipes d'appui",
                        contacts or ["Aucune équipe d'appui n'accompagne encore cette pratique."],
                    ),
                ],
            }
        )
    return practices


def build(context: dict, site: str) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = "Ma sélection de pratiques"
    document.core_properties.language = "fr-FR"
    document.add_heading("Ma sélection de pratiques", level=0)
    document.add_paragraph(
        f"Document préparé le {context['generated_on']:%d/%m/%Y} depuis le site Bonnes pratiques en santé mentale "
        f"({site}). La sélection en ligne : {context['share_url']}"
    )
    for practice in outline(context):
        document.add_heading(practice["title"], level=1)
        document.add_paragraph(f"La page de la pratique : {practice['url']}")
        for heading, lines in practice["sections"]:
            document.add_heading(heading, level=2)
            for line in lines:
                document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
