"""A selected pépite becomes, in one action, a draft good-practice page (feeding the registry).

The draft is created under the registry's practice index, never published: the editors complete it and it then
goes through the practice workflow (scientific validation) like any other practice. Levels 1 and 2 are prefilled
from the application; the organisation is proposed as support team in the draft's level 2, for the editors to
turn into a support-team record (its French département, contacts and criteria are not known to the hub)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from hub.exceptions import HubError
from hub.models import Application, ApplicationStatus, AuditEvent, PublicListing

from . import audit

DRAFTABLE = (ApplicationStatus.LAUREATE, ApplicationStatus.SELECTED, ApplicationStatus.LISTED)


class PracticeModelsUnavailable(HubError):
    pass


def practice_draft_data(application: Application) -> dict[str, Any]:
    """What the hub knows, ready for levels 1 and 2 of a practice page and its support team."""
    return {
        "title": application.title,
        "summary": application.summary_public,
        "level_1": {"practice": application.practice, "population": application.population},
        "level_2": {
            "evidence": application.evidence,
            "innovation": application.innovation,
            "transferability": application.transferability,
            "participation_ethics": application.participation_ethics,
        },
        "support_team": {
            "name": application.organisation.name,
            "country": application.organisation.country,
            "city": application.organisation.city,
            "website": application.organisation.website,
        },
    }


def _paragraphs(*texts: Any) -> str:
    html = []
    for text in texts:
        for part in str(text or "").split("\n\n"):
            part = " ".join(part.split())
            if part:
                html.append(f"<p>{escape(part)}</p>")
    return "".join(html)


def existing_draft(application: Application) -> Any:
    from practices.models import PracticePage

    event = (
        AuditEvent.objects.filter(
            verb="practice.draft_created",
            target_ct=ContentType.objects.get_for_model(application),
            target_id=str(application.pk),
        )
        .order_by("-created_at")
        .first()
    )
    if event is None:
        return None
    return PracticePage.objects.filter(pk=event.payload.get("page_id")).first()


@transaction.atomic
def create_practice_draft(application: Application, user: Any) -> Any:
    """Create (once) the draft practice page for a selected or listed pépite, and return it."""
    if application.status not in DRAFTABLE:
        raise HubError(
            "Seules les pépites sélectionnées ou référencées deviennent des fiches de bonne pratique."
        )
    from wagtail.rich_text import RichText

    from practices.models import PracticeIndexPage, PracticePage

    existing = existing_draft(application)
    if existing is not None:
        PublicListing.objects.filter(application=application, practice__isnull=True).update(practice=existing)
        return existing
    index = PracticeIndexPage.objects.first()
    if index is None:
        raise PracticeModelsUnavailable(
            "Le registre n'a pas encore de page « Toutes les bonnes pratiques » : créez-la d'abord dans l'administration."
        )
    data = practice_draft_data(application)
    base = slugify(data["title"])[:70] or f"pepite-{application.pk}"
    slug, n = base, 2
    while PracticePage.objects.child_of(index).filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    team = data["support_team"]
    team_line = ", ".join(x for x in (team["name"], team["city"], team["country"], team["website"]) if x)
    body = [
        ("heading", {"text": "La pratique", "level": "h2"}),
        ("paragraph", RichText(_paragraphs(data["level_1"]["practice"]))),
        ("heading", {"text": "Preuves et résultats", "level": "h2"}),
        ("paragraph", RichText(_paragraphs(data["level_2"]["evidence"]))),
        ("heading", {"text": "Ce qui est innovant", "level": "h2"}),
        ("paragraph", RichText(_paragraphs(data["level_2"]["innovation"]))),
        ("heading", {"text": "Essaimer ailleurs", "level": "h2"}),
        ("paragraph", RichText(_paragraphs(data["level_2"]["transferability"]))),
        ("heading", {"text": "Participation des personnes concernées et éthique", "level": "h2"}),
        ("paragraph", RichText(_paragraphs(data["level_2"]["participation_ethics"]))),
        ("heading", {"text": "Équipe d'appui proposée (à vérifier par l'équipe éditoriale)", "level": "h2"}),
        (
            "paragraph",
            RichText(
                _paragraphs(
                    f"{team_line}. Pépite PositiveHub {application.call.year}, dossier {application.reference}."
                )
            ),
        ),
    ]
    page = PracticePage(
        title=data["title"],
        slug=slug,
        live=False,
        summary=" ".join(str(data["summary"] or data["title"]).split())[:400],
        explanation=_paragraphs(data["level_1"]["practice"], data["level_1"]["population"]),
        body=body,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    # Into the registry's own review: the workflow of the practice index (« Validation scientifique »); Wagtail
    # notifies its reviewers and lists the draft on their dashboard.
    workflow = page.get_workflow()
    if workflow is not None and workflow.active:
        workflow.start(page, user)
    # The pépite's public page links the practice once it is published (the link shows only when live).
    PublicListing.objects.filter(application=application).update(practice=page)
    audit.record(
        "practice.draft_created",
        actor=user,
        call=application.call,
        target=application,
        payload={"title": data["title"], "page_id": page.pk},
    )
    return page
