"""Spreadsheet exports that a spreadsheet never runs as formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel and LibreOffice (``=HYPERLINK(...)``,
``+cmd|...``, ``@SUM(...)``): such a value gets a leading apostrophe, which
spreadsheets show as text. Wagtail's XLSX exports are already safe from
formulas; its CSV exports are not. XLSX cells cannot hold control characters
at all: they are replaced.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSVExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX and isinstance(value, str):
            # openpyxl refuses control characters in a cell, and one value
            # stored with them (before the forms refused them) would fail
            # the whole export.
            return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        return value

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)
                )
                for field, value in row_dict.items()
            }
        )
