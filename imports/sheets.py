"""Reading spreadsheets people upload (the department workbook, the history sheet): plain
openpyxl in read-only mode behind the archive checks every upload gets."""

import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ccec.zipcheck import NotAZip, UnsafeArchive, check_zip

LANGUAGES = ("en", "zh-hans")


@dataclass
class Preview:
    """What an uploaded sheet would do: its rows (each with `number`, `changes` in words and
    `errors` as (column header, message)), problems with the file itself, and the earlier
    application of the same file, if any. Nothing is written while it is only a preview."""

    rows: list
    digest: str
    language: str = ""
    errors: list = field(default_factory=list)
    already_applied: object = None

    @property
    def cell_errors(self):
        return [(row.number, column, message) for row in self.rows for column, message in row.errors]

    @property
    def error_count(self):
        return len(self.errors) + len(self.cell_errors)

    @property
    def has_errors(self):
        return bool(self.errors or self.cell_errors)

    @property
    def changing(self):
        return [row for row in self.rows if row.changes and not row.errors]

    def error_lines(self):
        """Every error as one line, for a command's output."""
        yield from self.errors
        for number, column, message in self.cell_errors:
            yield f"row {number}, {column}: {message}"


def by_label(choices):
    """Every label of the choices in both languages, and the values themselves -> value."""
    known = {}
    for language in LANGUAGES:
        with translation.override(language):
            known.update({str(label).strip().lower(): value for value, label in choices})
    known.update({str(value).lower(): value for value, _label in choices})
    return known


def open_sheet(content):
    """The first sheet of the workbook `content` (bytes), read-only, or an error in words: the
    archive is checked before anything inflates (size, ratio), and hidden sheets and merged
    cells are refused (what is imported must be what the person sees, one value a cell)."""
    try:
        check_zip(io.BytesIO(content), settings.MAX_UNZIPPED_SIZE, settings.MAX_ZIP_RATIO)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
            merged = any(b"<mergeCell " in archive.read(name) for name in sheets)
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except UnsafeArchive as problem:
        if isinstance(problem, NotAZip):
            return None, _("The file is not an Excel workbook (.xlsx) that can be read.")
        return None, _("The file would unpack to too much data, or is compressed suspiciously much.")
    except Exception:
        return None, _("The file is not an Excel workbook (.xlsx) that can be read.")
    if any(sheet.sheet_state != "visible" for sheet in workbook.worksheets):
        return None, _("The workbook has hidden sheets: show or delete them, so that what is imported is what you see.")
    if merged:
        return None, _("The workbook has merged cells: unmerge them, so that each cell holds its own value.")
    return workbook.worksheets[0], None
