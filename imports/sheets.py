"""Reading spreadsheets people upload (the department workbook, the history sheet): plain
openpyxl in read-only mode behind the archive checks every upload gets."""

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from types import SimpleNamespace

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

    @property
    def change_count(self):
        return len(self.changing)

    def stored(self):
        """What the preview page shows, as JSON for the job row of a large file (StoredPreview)."""
        rows = [
            {
                "number": row.number,
                "reference": row.reference,
                "url": row.recommendation.get_absolute_url() if row.recommendation else "",
                "changes": [str(change) for change in row.changes],
                "errors": [[str(column), str(message)] for column, message in row.errors],
            }
            for row in self.rows
        ]
        return {"rows": rows, "errors": [str(error) for error in self.errors], "change_count": self.change_count}

    def error_lines(self):
        """Every error as one line, for a command's output."""
        yield from self.errors
        for number, column, message in self.cell_errors:
            yield f"row {number}, {column}: {message}"


class StoredPreview:
    """A large file's preview as its background check stored it (Preview.stored), in the
    language it was uploaded in; the page reads it instead of reading the file again."""

    def __init__(self, record):
        stored = record.preview or {}
        self.rows = [SimpleNamespace(**row) for row in stored.get("rows", [])]
        for row in self.rows:
            row.errors = [tuple(error) for error in row.errors]
        self.errors = stored.get("errors", [])
        self.change_count = stored.get("change_count", 0)
        self.cell_errors = [(row.number, column, message) for row in self.rows for column, message in row.errors]
        self.error_count = len(self.errors) + len(self.cell_errors)
        self.has_errors = bool(self.error_count)
        self.already_applied = record if record.applied_at else None


def progress_every(total, report, step=500):
    """A function of the row number that calls `report(percent)` every `step` rows (or never,
    without `report` or a known total)."""

    def tick(number):
        if report and total and number % step == 0:
            report(min(99, int(100 * number / total)))

    return tick


def by_label(choices):
    """Every label of the choices in both languages, and the values themselves -> value."""
    known = {}
    for language in LANGUAGES:
        with translation.override(language):
            known.update({str(label).strip().lower(): value for value, label in choices})
    known.update({str(value).lower(): value for value, _label in choices})
    return known


def begin(content, user):
    """The start of reading an upload: an empty Preview (with the person's earlier application
    of the same file, if any) and the first sheet, or None when the file itself is refused
    (the reason is then in preview.errors)."""
    from imports.models import WorkbookImport

    digest = hashlib.sha256(content).hexdigest()
    preview = Preview(rows=[], digest=digest, language=translation.get_language())
    preview.already_applied = WorkbookImport.objects.filter(digest=digest, user=user, applied_at__isnull=False).first()
    sheet, error = open_sheet(content)
    if error:
        preview.errors.append(error)
    return preview, sheet


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
