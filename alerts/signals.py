"""After the commit of what changes a practice for its followers, compare and tell (alerts/services.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def practice_published(sender: Any, instance: Any, **kwargs: Any) -> None:
    _check_after_commit(instance.pk)


def team_link_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _check_after_commit(instance.practice_id)


def session_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created:
        _check_after_commit(instance.practice_id)


def _check_after_commit(practice_id: int | None) -> None:
    if practice_id is None:
        return
    from alerts import services

    transaction.on_commit(lambda: services.check(practice_id))
