"""The public history of a practice, in plain words, read from Wagtail's own records: each publication (its
revision), each change of evidence level between two published revisions with the reason then given, and the
comment the scientific committee wrote when it approved the change in the workflow (Wagtail's log)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q

from opendata.records import plain_text

PUBLISH = "wagtail.publish"
UNPUBLISH = "wagtail.unpublish"
APPROVE = "wagtail.workflow.approve"
ACTIONS = (PUBLISH, UNPUBLISH, APPROVE)


@dataclass
class Change:
    practice_id: int
    practice_title: str
    when: datetime
    kind: str  # « publication », « mise à jour », « retrait »
    changes: list[str] = field(default_factory=list)
    level_before: str = ""
    level_after: str = ""
    reason: str = ""
    note: str = ""  # the committee's comment, when the change went through the workflow
    pk: int = 0

    @property
    def summary(self) -> str:
        return " ".join([self.kind.capitalize() + "."] + self.changes)


def _levels() -> dict[Any, str]:
    from practices.models import EvidenceLevel

    return {level.pk: f"{level.code} — {level.name}" for level in EvidenceLevel.objects.all()}


def _entries(filter_q: Q) -> list[Any]:
    from wagtail.models import PageLogEntry

    entries = (
        PageLogEntry.objects.filter(filter_q, action__in=ACTIONS)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    return list(entries)


def _changes(entries: list[Any], titles: dict[int, str], levels: dict[Any, str]) -> list[Change]:
    """Walk each practice's log in order, comparing every published revision with the one before."""
    out: list[Change] = []
    previous: dict[int, dict[str, Any]] = {}
    comments: dict[int, str] = {}
    for entry in entries:
        page_id = entry.page_id
        if entry.action == APPROVE:
            comment = (entry.data or {}).get("comment") or ""
            if comment:
                comments[page_id] = comment
            continue
        title = titles.get(page_id) or entry.label
        if entry.action == UNPUBLISH:
            out.append(
                Change(
                    page_id,
                    title,
                    entry.timestamp,
                    "retrait",
                    ["La pratique n'est plus publiée."],
                    pk=entry.pk,
                )
            )
            previous.pop(page_id, None)
            continue
        content = entry.revision.content if entry.revision_id and entry.revision else {}
        before = previous.get(page_id)
        change = Change(
            page_id, title, entry.timestamp, "publication" if before is None else "mise à jour", pk=entry.pk
        )
        level = content.get("evidence_level")
        if before is None:
            if level:
                change.level_after = levels.get(level, "")
                change.changes.append(f"Niveau de preuve : {change.level_after}.")
        else:
            if level != before.get("evidence_level"):
                change.level_before = levels.get(before.get("evidence_level"), "aucun")
                change.level_after = levels.get(level, "aucun")
                change.changes.append(f"Niveau de preuve : {change.level_before} → {change.level_after}.")
                change.reason = plain_text(content.get("evidence_justification"))
            added = len(content.get("publications") or []) - len(before.get("publications") or [])
            if added > 0:
                change.changes.append(
                    "Une nouvelle publication." if added == 1 else f"{added} nouvelles publications."
                )
            if content.get("title") != before.get("title"):
                change.changes.append(f"Nouveau nom : « {content.get('title')} ».")
        change.note = comments.pop(page_id, "")
        previous[page_id] = content
        out.append(change)
    return out


def practice_history(practice: Any) -> list[Change]:
    """The practice's changes, newest first."""
    entries = _entries(Q(page=practice))
    return list(reversed(_changes(entries, {practice.pk: practice.title}, _levels())))


def registry_history(limit: int = 50) -> list[Change]:
    """The latest changes of every live, public practice, newest first (for the feed)."""
    from practices.models import PracticePage

    published = PracticePage.objects.live().public()
    live = dict(published.values_list("pk", "title"))
    entries = _entries(Q(page__in=published.values("pk")))
    return sorted(_changes(entries, live, _levels()), key=lambda c: (c.when, c.pk), reverse=True)[:limit]
