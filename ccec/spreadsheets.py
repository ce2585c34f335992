"""Values for spreadsheets that never run as formulas (CSV injection, OWASP).

Titles, notes and responses are typed by people and companies; one that begins with "=",
"+", "-", "@", a tab or a carriage return would run as a formula when a CSV file is opened in
Excel or LibreOffice. CSV cells get a leading apostrophe (OWASP's advice); XLSX cells are
written as string cells, which no spreadsheet evaluates.
"""

from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value):
    """A value for csv.writer: None as empty, risky text with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def xlsx_row(sheet, values):
    """A row for `sheet.append()` in which every text is a string cell, never a formula."""
    row = []
    for value in values:
        if isinstance(value, Promise):
            value = str(value)  # a lazy translation
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would otherwise make text starting with "=" a formula
        row.append(cell)
    return row
