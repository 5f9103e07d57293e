"""« Se former » on the practice page: the coming sessions and the free online courses of one practice."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from trainings.models import TrainingSession

register = template.Library()


@register.inclusion_tag("trainings/practice_block.html", takes_context=True)
def training_block(context: dict[str, Any], practice: Any, heading_level: int = 3) -> dict[str, Any]:
    sessions = list(
        TrainingSession.objects.coming()
        .filter(practice=practice)
        .select_related("departement")
        .with_counts()
        .order_by("starts_at", "pk")[:6]
    )
    return {
        "practice": practice,
        "sessions": [s for s in sessions if not (s.kind == TrainingSession.Kind.ELEARNING and s.is_free)],
        "courses": [s for s in sessions if s.kind == TrainingSession.Kind.ELEARNING and s.is_free],
        "heading_level": heading_level,
        "now": timezone.now(),
    }
