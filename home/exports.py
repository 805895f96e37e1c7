"""Spreadsheet exports that a spreadsheet never runs as formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel and LibreOffice (``=HYPERLINK(...)``,
``+cmd|...``, ``@SUM(...)``): such a value gets a leading apostrophe, which
spreadsheets show as text. Wagtail's XLSX exports are already safe; its CSV
exports are not.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSVExportMixin:
    """For views with Wagtail's ``SpreadsheetExportMixin``."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)
                )
                for field, value in row_dict.items()
            }
        )
