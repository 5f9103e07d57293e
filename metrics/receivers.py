"""What the indicators listen to: the search page's `searched` signal (the search app knows nothing of metrics)."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def count_search(sender: Any, request: Any, query: str, results: int, **kwargs: Any) -> None:
    from metrics import counting
    from metrics.middleware import from_a_browser, is_editor

    try:
        if from_a_browser(request) and not is_editor(request):
            counting.count_search(query, results)
    except Exception:  # noqa: BLE001 — counting never costs a reader the results
        logger.exception("Recherche non comptée")


def connect() -> None:
    from search.signals import searched

    searched.connect(count_search, dispatch_uid="metrics-count-search")
