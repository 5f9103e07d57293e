"""« Ma sélection »: up to four practices side by side, for those who write a territorial project.

No account and nothing stored on the server: the selection is the address itself (`/ma-selection/?p=12&p=15`),
so it can be shared, bookmarked or printed; the browser also remembers it (localStorage, static/js/selection.js)
and the practice pages offer « Ajouter à ma sélection ». Without JavaScript, the page adds and removes practices
through plain links and a form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
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
    base = reverse("practices:selection")
    # An emptied selection keeps an (empty) query: the page then forgets what the browser remembered.
    return base + "?" + ("&".join(f"p={pk}" for pk in ids) if ids else "p=")


def comparison(request: HttpRequest) -> dict:
    """What the page and its documents show: the practices of `?p=` in order (four at most), their support teams
    with contacts, and what the page says about the address. A fixed number of queries."""
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
        .prefetch_related("outcomes", "publics", "conditions", "regions", "publications")
    }
    practices = [found[pk] for pk in wanted if pk in found]
    missing = len(wanted) - len(practices)
    teams: dict[int, list] = {p.pk: [] for p in practices}
    for link in (
        PracticeSupport.objects.filter(practice__in=practices, team__isnull=False)
        .select_related("team")
        .prefetch_related("team__contacts")
        .order_by("team__name")
    ):
        teams[link.practice_id].append(link.team)
    ids = [p.pk for p in practices]
    return {
        "columns": [
            {"practice": p, "teams": teams[p.pk], "remove_url": with_ids([i for i in ids if i != p.pk])}
            for p in practices
        ],
        "ids": ids,
        "max": MAX,
        "share_url": request.build_absolute_uri(with_ids(ids)),
        "damaged": damaged or missing > 0,
        "too_many": too_many,
        "generated_on": timezone.localdate(),
    }


@require_GET
def selection(request: HttpRequest) -> HttpResponse:
    from practices.models import PracticePage

    context = comparison(request)
    ids = context["ids"]
    context["others"] = (
        PracticePage.objects.live().public().exclude(pk__in=ids).order_by("title").only("id", "title")
        if len(ids) < MAX
        else []
    )
    if ids:
        query = "&".join(f"p={pk}" for pk in ids)
        context["documents"] = {
            "pdf": reverse("practices:selection-pdf") + "?" + query,
            "docx": reverse("practices:selection-docx") + "?" + query,
        }
    return render(request, "practices/selection.html", context)


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _empty(request: HttpRequest) -> HttpResponse:
    return render(request, "practices/selection_empty_document.html", status=400)


@require_GET
def selection_pdf(request: HttpRequest) -> HttpResponse:
    """The comparison as a PDF for the PTSM (WeasyPrint): the five levels summarised, the teams' contacts, the
    sources and the date."""
    from weasyprint import HTML

    context = comparison(request)
    if not context["columns"]:
        return _empty(request)
    from practices.selection_documents import outline

    context["outline"] = outline(context)
    html = render_to_string("practices/selection_document.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return _attachment(pdf, "application/pdf", "ma-selection-de-pratiques.pdf")


@require_GET
def selection_docx(request: HttpRequest) -> HttpResponse:
    """The same document as Word (python-docx), for those who copy it into their PTSM."""
    from practices import selection_documents as document

    context = comparison(request)
    if not context["columns"]:
        return _empty(request)
    return _attachment(
        document.build(context, site=request.build_absolute_uri("/").rstrip("/")),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ma-selection-de-pratiques.docx",
    )
