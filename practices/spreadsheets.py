"""CSV exports of the Wagtail admin (reports: pages, locked pages, site history, workflows; redirects; any listing
with `list_export`) neutralise formulas.

Wagtail turns formulas back into text in its XLSX exports, but writes CSV cells as they are: a page title or a
redirect typed as `=HYPERLINK("https://…")` would run when an editor opens the file in a spreadsheet. A text cell
that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip) gets a leading apostrophe, so
it is shown as typed and never run. The hub's own exports do the same (`hub/services/exports.py`).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_wagtail_csv_exports():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_lilith_safe_csv", False):
        return
    original = SpreadsheetExportMixin.write_csv_row

    def write_csv_row(self, writer, row_dict):
        row = {
            field: safe_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
        return writer.writerow(row)

    write_csv_row.__wrapped__ = original
    SpreadsheetExportMixin.write_csv_row = write_csv_row
    SpreadsheetExportMixin._lilith_safe_csv = True
