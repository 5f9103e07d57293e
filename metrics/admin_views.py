"""The indicators in the Wagtail admin: one report per indicator (Wagtail's ReportView: filters, CSV and XLSX
export), each with its chart and its data table; the « rapport semestriel » as one spreadsheet and a printable
page."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column as WagtailColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from metrics import charts, indicators, periods
from metrics.models import PageViewDay

permission_policy = ModelPermissionPolicy(PageViewDay)


def may_see_indicators(user: Any) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm("metrics.view_pageviewday")))


class Row(dict[str, Any]):
    """A row of an indicator's table, readable as attributes by Wagtail's columns and exports."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error


class IndicatorFilterSet(WagtailFilterSet):
    granularity = django_filters.ChoiceFilter(
        label="Regrouper", choices=periods.GRANULARITIES, empty_label=None, method="keep"
    )
    period = django_filters.DateFromToRangeFilter(
        label="Période", widget=DateRangePickerWidget, method="keep"
    )
    practice = django_filters.ModelChoiceFilter(label="Bonne pratique", queryset=None, method="keep")
    theme = django_filters.ModelChoiceFilter(label="Thème", queryset=None, method="keep")
    parcours = django_filters.ModelChoiceFilter(label="Parcours", queryset=None, method="keep")
    region = django_filters.ModelChoiceFilter(label="Région", queryset=None, method="keep")

    class Meta:
        model = PageViewDay
        fields: list[str] = []

    def __init__(self, *args: Any, indicator: indicators.Indicator, **kwargs: Any) -> None:
        from parcours.models import ParcoursIndexPage, ThemePage
        from practices.models import PracticePage, Region

        super().__init__(*args, **kwargs)
        querysets = {
            "practice": PracticePage.objects.live().order_by("title"),
            "theme": ThemePage.objects.live().order_by("title"),
            "parcours": ParcoursIndexPage.objects.live().order_by("title"),
            "region": Region.objects.order_by("name"),
        }
        for name in list(self.filters):
            if name != "period" and name not in indicator.filters:
                del self.filters[name]
            elif name in querysets:
                self.filters[name].queryset = querysets[name]

    def keep(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset  # the indicator reads the values itself


def _as_date(value: datetime.date) -> datetime.date:
    """The filter gives the range as datetimes (midnight, then the end of the day): the days they fall on."""
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def filters_from(form_data: dict[str, Any] | None, **extra: Any) -> indicators.Filters:
    """Filters from a valid filter form; the defaults (previous year to today, per semester) otherwise."""
    data = form_data or {}
    filters = indicators.Filters.default(**extra)
    span = data.get("period")
    today = timezone.localdate()
    if span is not None:
        if span.start:
            filters.since = min(_as_date(span.start), today)
        if span.stop:
            filters.until = max(min(_as_date(span.stop), today + datetime.timedelta(days=366)), filters.since)
    if data.get("granularity"):
        filters.granularity = data["granularity"]
    for name in ("practice", "theme", "parcours", "region"):
        if data.get(name) is not None:
            setattr(filters, name, data[name])
    if (filters.until - filters.since).days > 366 * 30:  # at most thirty years of months
        filters.since = filters.until - datetime.timedelta(days=366 * 30)
    return filters


class IndicatorReportView(ReportView):
    results_template_name = "metrics/admin/report_results.html"
    filterset_class = IndicatorFilterSet
    header_icon = "table"
    paginate_by = None
    indicator_key = ""
    permission_policy = permission_policy
    permission_required = "view"

    @cached_property
    def indicator(self) -> indicators.Indicator:
        return indicators.BY_KEY[self.indicator_key]

    @property
    def page_title(self) -> str:  # type: ignore[override]
        return self.indicator.title

    def get_index_url(self) -> str:
        return reverse("metrics_admin:report", args=[self.indicator_key])

    def get_index_results_url(self) -> str:
        return reverse("metrics_admin:report-results", args=[self.indicator_key])

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = super().get_breadcrumbs_items()
        return [*items[:-1], {"url": reverse("metrics_admin:index"), "label": "Indicateurs"}, items[-1]]

    def get_filterset_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = PageViewDay.objects.none()
        kwargs["indicator"] = self.indicator
        return kwargs

    def get_filename(self) -> str:
        return f"lilith-{self.indicator_key}-{timezone.localdate().isoformat()}"

    @cached_property
    def report_filters(self) -> indicators.Filters:
        form_data = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else None
        return filters_from(form_data)

    @cached_property
    def table(self) -> indicators.Table:
        return self.indicator.compute(self.report_filters)

    @property
    def list_export(self) -> list[str]:  # type: ignore[override]
        return [c.key for c in self.table.columns]

    @property
    def export_headings(self) -> dict[str, str]:  # type: ignore[override]
        return {c.key: c.label for c in self.table.columns}

    @cached_property
    def columns(self) -> list[WagtailColumn]:  # type: ignore[override]
        return [WagtailColumn(c.key, label=c.label) for c in self.table.columns]

    def get_queryset(self) -> list[Row]:  # type: ignore[override]
        return [Row(row) for row in self.table.rows]

    def filter_queryset(self, queryset: Any) -> Any:
        return queryset

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context.update(
            indicator_table=self.table,
            chart=charts.bar_chart(self.table),
            described=self.report_filters.describe(),
            all_indicators=indicators.INDICATORS,
        )
        return context


# --- the semester report ----------------------------------------------------------------------------------------


def _semester(request: HttpRequest) -> periods.Period:
    key = request.GET.get("semestre", "")
    if not key:
        today = timezone.localdate()
        current = periods.semester_of(today)
        return periods.semester_of(current.start - datetime.timedelta(days=1))  # the last full semester
    period = periods.semester_from_key(key)
    if period is None:
        raise Http404("Semestre inconnu : choisissez-le dans la liste.")
    return period


def semester_tables(period: periods.Period) -> list[indicators.Table]:
    until = min(period.end - datetime.timedelta(days=1), timezone.localdate())
    tables = []
    for indicator in indicators.INDICATORS:
        granularity = periods.MONTH if "granularity" in indicator.filters else periods.SEMESTER
        filters = indicators.Filters(
            since=period.start, until=max(until, period.start), granularity=granularity
        )
        tables.append(indicator.compute(filters))
    return tables


def semester_choices(today: datetime.date, count: int = 8) -> list[tuple[str, str]]:
    choices = []
    current = periods.semester_of(today)
    for _ in range(count):
        choices.append((periods.semester_key(current), current.label))
        current = periods.semester_of(current.start - datetime.timedelta(days=1))
    return choices


def semester_workbook(period: periods.Period, tables: list[indicators.Table]) -> BytesIO:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sommaire"
    summary.append([f"Lilith — rapport semestriel : {period.label}"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(
        [f"Du {period.start.isoformat()} au {(period.end - datetime.timedelta(days=1)).isoformat()}"]
    )
    summary.append([f"Produit le {timezone.localtime():%d/%m/%Y à %H:%M}"])
    summary.append([])
    summary.append(["Indicateur", "Feuille", "Description"])
    for index, table in enumerate(tables, start=1):
        sheet_name = f"{index:02d} {table.title}"[:31].replace("/", "-").replace(":", " ")
        summary.append([table.title, sheet_name, table.description])
        sheet = workbook.create_sheet(sheet_name)
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([table.description])
        sheet.append([])
        sheet.append([c.label for c in table.columns])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([row.get(c.key) for c in table.columns])
        for note in table.notes:
            sheet.append([])
            sheet.append([note])
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    return output


def semester_report(request: HttpRequest) -> HttpResponseBase:
    if not may_see_indicators(request.user):
        raise PermissionDenied
    period = _semester(request)
    tables = semester_tables(period)
    if request.GET.get("format") == "xlsx":
        return FileResponse(
            semester_workbook(period, tables),
            as_attachment=True,
            filename=f"lilith-rapport-semestriel-{periods.semester_key(period)}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return render(
        request,
        "metrics/admin/semester_report.html",
        {
            "period": period,
            "period_key": periods.semester_key(period),
            "tables": [(t, charts.bar_chart(t)) for t in tables],
            "choices": semester_choices(timezone.localdate()),
            "printable": request.GET.get("format") == "imprimable",
        },
    )


def indicators_index(request: HttpRequest) -> HttpResponse:
    if not may_see_indicators(request.user):
        raise PermissionDenied
    from metrics import counting

    return render(
        request,
        "metrics/admin/index.html",
        {
            "all_indicators": indicators.INDICATORS,
            "choices": semester_choices(timezone.localdate()),
            "pending": counting.pending(),
        },
    )
