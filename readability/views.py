"""The editor's readability panel asks here for the figures of what is being typed (readability/panels.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from readability.measure import measure

MAX_CHARS = 50_000


@require_POST
def measure_view(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("texte", "")
    if len(text) > MAX_CHARS:
        return HttpResponseBadRequest(
            "Ce texte est trop long pour être mesuré (50 000 caractères au plus).".encode(),
            content_type="text/plain; charset=utf-8",
        )
    return TemplateResponse(request, "readability/report.html", {"report": measure(text)})
