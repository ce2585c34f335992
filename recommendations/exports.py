"""Downloads of the filtered recommendation list, from plain rows.

A row is read with `values_list` (no model instances), its choices turned into labels by a
dictionary built once, and its link formatted from one reversed URL: at 100,000 rows the
per-row `get_*_display()`, instances and `reverse()` cost more than the database. CSV streams
row by row as it is read; XLSX is written in openpyxl's write-only mode to a file. A list
larger than `EXPORT_ASYNC_THRESHOLD` is written by a background job (ExportJob).
"""

import csv
import io

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ccec.bilingual import in_language
from ccec.spreadsheets import FORMULA_STARTS, csv_value
from recommendations import csv_copy, permissions
from recommendations.choices import ImplementationStatus, ResponseState, Stance

CHUNK = 2000
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
WIDTHS = [10, 60, 28, 30, 18, 16, 20, 10, 12, 12, 14, 9, 50]

# What a row reads: both languages of each translated name, the language's own first.
FIELDS = (
    "reference",
    "title_en",
    "title_zh_hans",
    "paper__company__name_en",
    "paper__company__name_zh_hans",
    "lead_department__short_name_en",
    "lead_department__short_name_zh_hans",
    "lead_department__name_en",
    "lead_department__name_zh_hans",
    "response__stance",
    "response__state",
    "seen_status",
    "seen_progress",
    "seen_last_update_at",
    "target_date",
    "seen_update_due_on",
    "paper__meeting__response_deadline",
)


def header():
    return [
        _("Reference"),
        _("Title"),
        _("Company"),
        _("Lead department"),
        _("Response"),
        _("Response state"),
        _("Implementation status"),
        _("Progress (%)"),
        _("Last update"),
        _("Target date"),
        _("Next update due"),
        _("Overdue"),
        _("Link"),
    ]


def plain_rows(queryset, fields):
    """The values of `fields` of each row of `queryset`, read in chunks (a server-side cursor on
    PostgreSQL) as Django's own values_list reads them, without the dict per row that
    modeltranslation's values_list builds for its fallbacks (the rows pick a language here)."""
    return QuerySet.values_list(queryset, *fields).iterator(chunk_size=CHUNK)


def rows(queryset, show_drafts, today):
    """The export's rows of `queryset` (a visible_to queryset), in the active language."""
    language = get_language() or settings.LANGUAGE_CODE
    stances = {value: str(label) for value, label in Stance.choices}
    states = {value: str(label) for value, label in ResponseState.choices}
    statuses = {value: str(label) for value, label in ImplementationStatus.choices}
    statuses[""] = ""
    overdue = _("yes")
    link = f"{settings.SITE_URL}{reverse('recommendations:detail', args=['0'])}"[:-2]
    for (
        reference,
        title_en,
        title_zh,
        company_en,
        company_zh,
        short_en,
        short_zh,
        name_en,
        name_zh,
        stance,
        state,
        status,
        progress,
        last_update_at,
        target_date,
        update_due_on,
        response_deadline,
    ) in plain_rows(queryset, FIELDS):
        title, company = in_language(title_en, title_zh, language), in_language(company_en, company_zh, language)
        department = in_language(short_en, short_zh, language) or in_language(name_en, name_zh, language)
        published = state == ResponseState.PUBLISHED
        shown = state is not None and (show_drafts or published)
        late = (not published and response_deadline < today) or (update_due_on is not None and update_due_on < today)
        yield [
            reference,
            title,
            company or "",
            department or "",
            stances[stance] if shown else "",
            states[state] if shown else "",
            statuses[status or ""],
            progress,
            last_update_at,
            target_date,
            update_due_on,
            overdue if late else "",
            f"{link}{reference}/",
        ]


# The columns people typed (reference, title, company, department): the others are numbers,
# dates, links and the site's own labels, none of which can begin like a formula.
TYPED = (0, 1, 2, 3)


def csv_safe(line):
    """`line` with its typed text made safe from running as a formula (ccec/spreadsheets.py);
    csv.writer writes None as an empty cell."""
    for index in TYPED:
        line[index] = csv_value(line[index])
    return line


def write_csv(lines, output):
    """Write `lines` (header first) to the text file `output` as Excel-readable CSV."""
    output.write("\ufeff")  # Excel needs the byte-order mark to read UTF-8 (Chinese) correctly
    csv.writer(output).writerows(csv_safe(line) for line in lines)


def write_xlsx(lines, output, progress=None, total=None):
    """Write `lines` (header first) to the binary file `output` as one sheet; text is never a
    formula (ccec/spreadsheets.py). `progress(percent)` is called every CHUNK rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Recommendations"))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for count, line in enumerate(lines):
        for index, value in enumerate(line):
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # openpyxl would otherwise make text starting with "=" a formula
                line[index] = cell
        sheet.append(line)
        if progress and total and count % CHUNK == 0:
            progress(min(95, 5 + 90 * count // total))
    workbook.save(output)


def write_file(queryset, user, file_format, output, progress=None, total=None, today=None):
    """Write the export of `queryset` as `user` sees it to `output` (text for CSV, binary for
    XLSX), in the active language."""
    show_drafts, today = permissions.sees_internal(user), today or timezone.localdate()
    if file_format == "csv" and csv_copy.available():
        csv_copy.copy(queryset, show_drafts, today, output, header())
        return
    lines = _with_header(rows(queryset, show_drafts, today))
    if file_format == "csv":
        write_csv(lines, output)
    else:
        write_xlsx(lines, output, progress=progress, total=total)


def _with_header(lines):
    yield header()
    yield from lines


def csv_lines(queryset, show_drafts, today):
    """The CSV export as a generator of text, CHUNK rows at a time, for a StreamingHttpResponse."""
    if csv_copy.available():
        buffer = io.StringIO()  # at most EXPORT_ASYNC_THRESHOLD rows: a few megabytes
        csv_copy.copy(queryset, show_drafts, today, buffer, header())
        text = buffer.getvalue()
        for start in range(0, len(text), 2**16):
            yield text[start : start + 2**16]
        return
    buffer = io.StringIO()
    write_csv([header()], buffer)
    writer = csv.writer(buffer)
    for count, line in enumerate(rows(queryset, show_drafts, today), 1):
        writer.writerow(csv_safe(line))
        if count % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
