"""« Ma sélection »: up to four practices side by side, for those who write a territorial project.

No account and nothing stored on the server: the selection is the address itself (`/ma-selection/?p=12&p=15`),
so it can be shared, bookmarked or printed; the browser also remembers it (localStorage, static/js/selection.js)
and the practice pages offer « Ajouter à ma sélection ». Without JavaScript, the page adds and removes practices
through plain links and a form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

MAX = 4


def parse(values: list[str]) -> tuple[list[int], bool]:
    """The practice ids in `?p=` (repeated or comma-separated), in order, without duplicates; and whether some
    values were not ids (a damaged or edited address)."""
    ids: list[int] = []
    damaged = False
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 10:
                damaged = True
                continue
            pk = int(part)
            if pk not in ids:
                ids.append(pk)
    return ids, damaged


def with_ids(ids: list[int]) -> str:
    from django.urls import reverse

    base = reverse("practices:selection")
    # An emptied selection keeps an (empty) query: the page then forgets what the browser remembered.
    return base + "?" + ("&".join(f"p={pk}" for pk in ids) if ids else "p=")


@require_GET
def selection(request: HttpRequest) -> HttpResponse:
    from practices.models import PracticePage, PracticeSupport

    wanted, damaged = parse(request.GET.getlist("p"))
    too_many = len(wanted) > MAX
    wanted = wanted[:MAX]
    found = {
        p.pk: p
        for p in PracticePage.objects.live()
        .public()
        .filter(pk__in=wanted)
        .select_related("evidence_level")
        .prefetch_related("outcomes", "publics", "conditions", "regions")
    }
    practices = [found[pk] for pk in wanted if pk in found]
    missing = len(wanted) - len(practices)
    teams: dict[int, list[str]] = {p.pk: [] for p in practices}
    for link in (
        PracticeSupport.objects.filter(practice__in=practices, team__isnull=False)
        .select_related("team")
        .order_by("team__name")
    ):
        teams[link.practice_id].append(link.team.name)
    ids = [p.pk for p in practices]
    columns = [
        {"practice": p, "teams": teams[p.pk], "remove_url": with_ids([i for i in ids if i != p.pk])}
        for p in practices
    ]
    others = (
        PracticePage.objects.live().public().exclude(pk__in=ids).order_by("title").only("id", "title")
        if len(ids) < MAX
        else []
    )
    return render(
        request,
        "practices/selection.html",
        {
            "columns": columns,
            "ids": ids,
            "others": others,
            "max": MAX,
            "share_url": request.build_absolute_uri(with_ids(ids)),
            "damaged": damaged or missing > 0,
            "too_many": too_many,
        },
    )
