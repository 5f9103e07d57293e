"""CSV exports never let a spreadsheet run what an applicant typed (formula injection), through the site."""

import csv
import io

import pytest

from hub.services.exports import safe_cell

from . import builders as b
from .test_private_files_and_roles import draft  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://example.org","clic")',
        "+33 1 99 00 00 00",
        "-2+3",
        "@SUM(A1)",
        "\tcaché",
        "\rretour",
    ],
)
def test_a_cell_that_starts_like_a_formula_is_neutralised(typed):
    assert safe_cell(typed) == "'" + typed
    assert safe_cell(-3) == -3 and safe_cell("Café « L'entraide »") == "Café « L'entraide »"


def test_the_secretariat_export_shows_formulas_as_text(draft, visitor):  # noqa: F811
    application = draft["application"]
    application.title = '=HYPERLINK("http://example.org/x","Cliquez")'
    application.save()
    draft["org"].name = "@Association « L'envol »"
    draft["org"].save()
    office = visitor(b.make_secretariat())
    response = office.get(f"/positivehub/secretariat/{draft['call'].slug}/export/candidatures.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r[0] == application.reference)
    assert row[5] == "'" + application.title
    assert row[2] == "'@Association « L'envol »"
