"""The indicators in the admin: reports with chart and table, CSV and XLSX exports read back with openpyxl, the
semester report, who may see them, bad filters, and query counts that do not grow with the days counted."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from metrics import counting
from metrics.models import PageViewDay
from tests.metrics.conftest import PASSWORD, reader


def _xlsx(body: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(body), read_only=True)


def _download(visitor, url):
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(visitor.jar))
    request = urllib.request.Request(visitor.base + url, headers=visitor.headers)
    with opener.open(request) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


@pytest.mark.django_db(transaction=True)
def test_a_reading_shows_in_the_views_report_its_chart_its_table_and_its_exports(site):
    practice = site["practice"].url
    for _ in range(3):
        reader(site["url"]).get(practice)
    counting.fold()
    editor = reader(site["url"])
    editor.log_in("admin", PASSWORD)
    report = editor.get("/admin/indicateurs/consultations/")
    assert report.status == 200
    assert "<svg" in report.text and 'role="img"' in report.text and "<table" in report.text
    assert "Consultations des pages" in report.text
    status, kind, body = _download(editor, "/admin/indicateurs/consultations/?export=xlsx")
    assert status == 200 and "spreadsheetml" in kind
    sheet = _xlsx(body).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Période", "Consultations")
    assert sum(r[1] for r in rows[1:]) == 3
    status, kind, body = _download(editor, "/admin/indicateurs/consultations/?export=csv")
    assert status == 200 and body.decode().splitlines()[0].startswith("Période,Consultations")
    ranking = editor.get("/admin/indicateurs/pages-plus-lues/")
    assert ranking.status == 200 and escape(site["practice"].title) in ranking.text
    status, _kind, body = _download(editor, "/admin/indicateurs/pages-plus-lues/?export=xlsx")
    rows = list(_xlsx(body).active.iter_rows(values_only=True))
    assert rows[1][:3] == (site["practice"].title, practice, 3)  # the most read first
    least = _download(editor, "/admin/indicateurs/pages-moins-lues/?export=xlsx")[2]
    least_rows = list(_xlsx(least).active.iter_rows(values_only=True))
    assert least_rows[1][2] == 0  # a page nobody read is listed first


@pytest.mark.django_db(transaction=True)
def test_the_semester_report_gathers_every_indicator_in_one_spreadsheet_and_a_printable_page(site):
    from metrics import periods

    today = timezone.localdate()
    semester = periods.semester_of(today)
    PageViewDay.objects.create(day=semester.start, path=site["practice"].url, page=site["practice"], views=41)
    PageViewDay.objects.create(day=today, path=site["theme"].url, page=site["theme"], views=1)
    editor = reader(site["url"])
    editor.log_in("admin", PASSWORD)
    key = periods.semester_key(semester)
    status, _kind, body = _download(
        editor, f"/admin/indicateurs/rapport-semestriel/?semestre={key}&format=xlsx"
    )
    assert status == 200
    workbook = _xlsx(body)
    names = workbook.sheetnames
    assert names[0] == "Sommaire" and len(names) == 1 + 13
    views = workbook[next(n for n in names if "Consultations des pages" in n)]
    rows = list(views.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[:2] == ("Période", "Consultations"))
    assert sum(r[1] or 0 for r in rows[header + 1 :] if r and isinstance(r[1], int)) == 42
    printable = editor.get(f"/admin/indicateurs/rapport-semestriel/?semestre={key}&format=imprimable")
    assert (
        printable.status == 200
        and "rapport semestriel" in printable.text
        and printable.text.count("<table") >= 13
    )
    assert editor.get("/admin/indicateurs/rapport-semestriel/?semestre=1999-9").status == 404


@pytest.mark.django_db(transaction=True)
def test_editors_see_the_indicators_team_members_and_readers_do_not(site):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.get(name="Éditeurs")
    editors.permissions.add(Permission.objects.get(codename="view_pageviewday"))  # given by metrics 0002
    editor = get_user_model().objects.create_user("editrice", "editrice@example.org", PASSWORD)
    editor.groups.add(editors)
    visitor = reader(site["url"])
    visitor.log_in("editrice", PASSWORD)
    assert visitor.get("/admin/indicateurs/").status == 200
    assert "Lilith en chiffres" in visitor.get("/admin/").text  # the dashboard's panel
    assert visitor.get("/admin/indicateurs/echanges/").status == 200
    member = reader(site["url"])
    member.log_in("equipe", PASSWORD)
    for url in (
        "/admin/indicateurs/",
        "/admin/indicateurs/echanges/",
        "/admin/indicateurs/rapport-semestriel/",
    ):
        reply = member._open(url, follow=False)
        assert reply.status in (302, 403) and "Consultations" not in reply.text
    assert reader(site["url"])._open("/admin/indicateurs/", follow=False).status == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "query",
    [
        "period_from=pas-une-date",
        "period_from=" + "9" * 100_000,
        "period_to=2026-13-45",
        "practice=%00",
        "practice=abc",
        "region=<script>alert(1)</script>",
        "granularity=decennie",
        "period_from=%FF%FE",
        "period_from=1800-01-01&period_to=2026-01-01",
    ],
)
def test_bad_filters_are_answered_in_french_never_with_a_500(site, query):
    editor = reader(site["url"])
    editor.log_in("admin", PASSWORD)
    reply = editor.get(f"/admin/indicateurs/consultations/?{query}")
    assert reply.status in (200, 400, 414), reply.status  # 414: the server refuses a 100 KB address
    assert "<script>alert(1)</script>" not in reply.text


@pytest.mark.django_db
@pytest.mark.parametrize("report", ["consultations", "pages-plus-lues", "sites-equipes", "recherches"])
def test_report_queries_do_not_grow_with_the_days_of_aggregates(client, practice, report, settings):
    from metrics.models import SearchTermDay, TeamVisitDay
    from practices.models import SupportTeam

    settings.PAGE_CACHE_ENABLED = False
    admin = get_user_model().objects.create_superuser("admin-q", "q@example.org", PASSWORD)
    client.force_login(admin)
    team = SupportTeam.objects.first()
    today = timezone.localdate()

    def fill(days):
        PageViewDay.objects.all().delete()
        SearchTermDay.objects.all().delete()
        TeamVisitDay.objects.all().delete()
        span = [today - datetime.timedelta(days=n) for n in range(days)]
        PageViewDay.objects.bulk_create(
            [PageViewDay(day=d, path=practice.url, page=practice, views=2) for d in span], batch_size=2000
        )
        SearchTermDay.objects.bulk_create([SearchTermDay(day=d, term="logement", searches=3) for d in span])
        TeamVisitDay.objects.bulk_create([TeamVisitDay(day=d, team=team, visits=1) for d in span])

    from django.db import connection

    counts = []
    for days in (1, 10_000):
        fill(days)
        url = f"/admin/indicateurs/{report}/?period_from=1990-01-01&period_to={today.isoformat()}"
        client.get(url)  # warm the per-process memos (sites, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
