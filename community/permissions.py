"""Who may moderate what. Community moderators (the group, created by a data migration) moderate every practice;
a support team's members moderate and animate the practices their team supports, and nothing else."""

from __future__ import annotations

from typing import Any

MODERATORS_GROUP = "Modérateurs communauté"


def is_community_moderator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_community_is_moderator", None)
    if cached is None:
        cached = user._community_is_moderator = user.groups.filter(name=MODERATORS_GROUP).exists()
    return cached


def team_practice_ids(user: Any) -> set[int]:
    """The practices supported by the teams this user belongs to."""
    from practices.models import PracticeSupport

    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_community_team_practices", None)
    if cached is None:
        cached = user._community_team_practices = set(
            PracticeSupport.objects.filter(team__memberships__user=user).values_list("practice_id", flat=True)
        )
    return cached


def moderated_practice_ids(user: Any) -> set[int] | None:
    """None: every practice; otherwise the set (maybe empty) of practices this user moderates."""
    if is_community_moderator(user):
        return None
    return team_practice_ids(user)


def can_moderate_practice(user: Any, practice_id: int) -> bool:
    ids = moderated_practice_ids(user)
    return ids is None or practice_id in ids


def may_use_moderation_queue(user: Any) -> bool:
    ids = moderated_practice_ids(user)
    return ids is None or bool(ids)


def teams_answering_for(user: Any, practice_id: int) -> list:
    """The support teams in whose name this user may answer on this practice."""
    from practices.models import SupportTeam

    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SupportTeam.objects.filter(memberships__user=user, practice_links__practice_id=practice_id)
        .order_by("name")
        .distinct()
    )
