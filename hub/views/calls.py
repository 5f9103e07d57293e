"""The secretariat prepares calls from the site: create, edit (grid, paths, committee), preview the public page,
copy last year's call. Dates are typed and shown in the call's reference time zone."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hub.call_forms import (
    CalibrationInlineFormSet,
    CallForm,
    CriterionInlineFormSet,
    MembershipInlineFormSet,
    SupportPathInlineFormSet,
)
from hub.exceptions import HubError
from hub.models import TIME_ZONES, Call, CallStatus
from hub.permissions import is_secretariat
from hub.services import calls as call_service
from hub.services.calibration import CALIBRATION_OPEN
from hub.services.grid import grid_problems

from .base import require

ZONES = {name for name, _ in TIME_ZONES}
CALIBRATION_EDITABLE = (CallStatus.DRAFT, *CALIBRATION_OPEN)


def _is_secretariat(request: HttpRequest, **kwargs: Any) -> bool:
    return is_secretariat(request.user)


def _zone(request: HttpRequest, call: Call | None) -> zoneinfo.ZoneInfo:
    """The zone the dates are typed in: the one chosen in the form being posted, else the call's own."""
    name = request.POST.get("reference_time_zone", "") if request.method == "POST" else ""
    if call is not None and call.pk and not call_service.dates_editable(call):
        name = call.reference_time_zone
    if name not in ZONES:
        name = call.reference_time_zone if call is not None else "Europe/Paris"
    return zoneinfo.ZoneInfo(name)


def _edit(request: HttpRequest, call: Call | None) -> HttpResponse:
    creating = call is None
    instance = call or Call(status=CallStatus.DRAFT)
    data = request.POST if request.method == "POST" else None
    before = {
        name: getattr(instance, name) for name in CallForm.Meta.fields
    }  # validation changes the instance
    with timezone.override(_zone(request, call)):
        form = CallForm(data, instance=instance)
        grid_editable = not instance.is_grid_frozen
        paths_editable = call_service.paths_editable(instance)
        criteria = (
            CriterionInlineFormSet(data, instance=instance, prefix="criteres") if grid_editable else None
        )
        paths = (
            SupportPathInlineFormSet(data, instance=instance, prefix="parcours") if paths_editable else None
        )
        committee = MembershipInlineFormSet(data, instance=instance, prefix="comite")
        calibration = (
            CalibrationInlineFormSet(data, instance=instance, prefix="calibration")
            if instance.pk is None or instance.status in CALIBRATION_EDITABLE
            else None
        )
        formsets = [fs for fs in (criteria, paths, committee, calibration) if fs is not None]
        if data is not None:
            checked = [fs.is_valid() for fs in formsets]  # every formset validated, so each shows its errors
            valid = form.is_valid() and all(checked)
            if valid:
                try:
                    with transaction.atomic():
                        saved = form.save()
                        for fs in formsets:
                            fs.instance = saved
                            fs.save()
                        call_service.record_change(
                            saved,
                            request.user,
                            created=creating,
                            changed={n: (before.get(n), getattr(saved, n)) for n in form.changed_data},
                        )
                except HubError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        "L'appel est créé en préparation."
                        if creating
                        else "Les modifications de l'appel sont enregistrées.",
                    )
                    return redirect("hub:call-edit", call_slug=saved.slug)
        return render(
            request,
            "hub/secretariat/call_form.html",
            {
                "call": call,
                "form": form,
                "criteria": criteria,
                "frozen_criteria": instance.criteria.order_by("order", "code") if not grid_editable else None,
                "paths": paths,
                "frozen_paths": instance.paths.order_by("order") if not paths_editable else None,
                "committee": committee,
                "calibration": calibration,
                "grid_problems": grid_problems(call) if call is not None and grid_editable else [],
                "rows_with_errors": sum(1 for fs in formsets for f in fs.forms if f.errors),
            },
            status=400 if data is not None else 200,
        )


@require(_is_secretariat)
def call_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require(_is_secretariat)
def call_edit(request: HttpRequest, call_slug: str) -> HttpResponse:
    return _edit(request, get_object_or_404(Call.objects.select_related("theme"), slug=call_slug))


@require(_is_secretariat)
@require_POST
def call_copy(request: HttpRequest) -> HttpResponse:
    """« Copier l'appel de l'an dernier »: the latest call, one year later, ready to be checked and edited."""
    source = call_service.latest_call()
    if source is None:
        messages.error(request, "Aucun appel à copier : créez le premier appel.")
        return redirect("hub:secretariat-dashboard")
    try:
        copy = call_service.copy_call(source, request.user)
    except HubError as error:
        messages.error(request, str(error))
        return redirect("hub:secretariat-dashboard")
    messages.success(
        request,
        f"L'{source.title.lower()} est copié dans « {copy.title} », en préparation : vérifiez le thème, "
        "les dates et le comité, puis annoncez-le.",
    )
    return redirect("hub:call-edit", call_slug=copy.slug)


@require(_is_secretariat)
def call_preview(request: HttpRequest, call_slug: str) -> HttpResponse:
    """The public call page as readers will see it, for a call still in preparation too (never cached: the
    secretariat is signed in)."""
    call = get_object_or_404(Call.objects.select_related("theme"), slug=call_slug)
    criteria = list(call.criteria.order_by("order"))
    return render(
        request,
        "hub/public/call_detail.html",
        {
            "call": call,
            "criteria": criteria,
            "paths": call.paths.all(),
            "tie_chain": sorted((c for c in criteria if c.tie_break_rank), key=lambda c: c.tie_break_rank),
            "accepts_applications": False,
            "preview": True,
        },
    )
