"""The Wagtail admin's CSV exports never hand a spreadsheet a formula: a cell starting with = + - @ is text."""

import csv
import io

from tests import factories
from tests.hardening.conftest import PASSWORD
from tests.live import Visitor

FORMULA_TITLE = '=HYPERLINK("https://example.org/piege","Cliquez")'


def test_a_page_titled_like_a_formula_is_exported_as_text_in_the_admin_reports(live_site):
    factories.make_standard(live_site["home"], title=FORMULA_TITLE)
    factories.make_standard(live_site["home"], title="+33 1 99 00 12 34 — contact")
    admin = Visitor(live_site["url"])
    admin.log_in("admin", PASSWORD)
    for report in ("/admin/reports/aging-pages/", "/admin/reports/site-history/"):
        reply = admin.get(report + "?export=csv")
        assert reply.status == 200 and reply.headers["content-type"].startswith("text/csv"), report
        cells = [cell for row in csv.reader(io.StringIO(reply.text)) for cell in row]
        assert any(FORMULA_TITLE in cell for cell in cells), report
        dangerous = [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
        assert dangerous == [], (report, dangerous)
        assert "'" + FORMULA_TITLE in cells or any(c.startswith("'") and FORMULA_TITLE in c for c in cells)
