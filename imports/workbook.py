"""The department workbook: an officer's recommendations out to Excel and their progress back in.

`write()` gives one row per recommendation the user may work on (their department's; every one
for the secretariat): what it is and where it stands (locked, shaded) and the columns to fill
(new status and visibility from drop-downs in the user's language, new progress validated 0-100,
a note, a response stance and draft text). `read()` checks an uploaded copy and says, per row,
what would change and, per cell, what is wrong; `apply()` writes every change in one
transaction as progress updates and response drafts by that user, or nothing. A file applied
once is recorded by its digest and never applied again; a row whose update is the user's
latest already is skipped.
"""

from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ccec.spreadsheets import xlsx_row
from imports.sheets import LANGUAGES, begin, by_label, progress_every
from recommendations.models import (
    ImplementationStatus,
    ProgressUpdate,
    Recommendation,
    ResponseState,
    Stance,
    Visibility,
)
from recommendations.models.recommendation import sync_once
from recommendations.workflow import current_response, lock

# (key, header, width, filled by the user)
COLUMNS = [
    ("reference", gettext_lazy("Reference"), 12, False),
    ("title", gettext_lazy("Recommendation"), 50, False),
    ("company", gettext_lazy("Company"), 24, False),
    ("stance", gettext_lazy("Response"), 18, False),
    ("status", gettext_lazy("Status"), 18, False),
    ("progress", gettext_lazy("Progress (%)"), 12, False),
    ("new_status", gettext_lazy("New status"), 20, True),
    ("new_progress", gettext_lazy("New progress (%)"), 14, True),
    ("note", gettext_lazy("Note"), 40, True),
    ("visibility", gettext_lazy("Visibility"), 14, True),
    ("new_stance", gettext_lazy("Response stance (draft)"), 20, True),
    ("draft", gettext_lazy("Response draft"), 50, True),
]
KEYS = [key for key, *_rest in COLUMNS]
MAX_ROWS = 5000
SHADE = PatternFill("solid", fgColor="E5E7EB")
BOLD = Font(bold=True)


def editable(user):
    return (
        Recommendation.objects.editable_by(user)
        .filter(lead_department__isnull=False)
        .select_related("paper__company", "response")
        .order_by("sort_key")
    )


def labels(choices):
    return [str(label) for _value, label in choices]


def write(user, output, language, department=None):
    """The user's department workbook, in `language`, to the binary file `output`; only
    `department`'s recommendations when given (the secretariat's choice). At most MAX_ROWS rows:
    returns how many were written."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Recommendations")
        sheet.append(xlsx_row(sheet, [str(header) for _key, header, _width, _filled in COLUMNS]))
        for cell in sheet[1]:
            cell.font = BOLD
        stances = dict(Stance.choices)
        statuses = dict(ImplementationStatus.choices)
        count = 0
        rows = editable(user)
        if department is not None:
            rows = rows.filter(lead_department=department)
        for recommendation in rows[:MAX_ROWS]:
            response = getattr(recommendation, "response", None)
            stance = str(stances[response.stance]) if response else ""
            if response and response.state != ResponseState.PUBLISHED:
                stance = f"{stance} ({response.get_state_display()})"
            company = recommendation.paper.company
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        recommendation.reference,
                        recommendation.title,
                        str(company) if company else "",
                        stance,
                        str(statuses[recommendation.status]),
                        recommendation.progress,
                    ],
                )
            )
            count += 1
        last = count + 1
        for index, (_key, _header, width, filled) in enumerate(COLUMNS, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = width
            for row in range(2, last + 1):
                cell = sheet.cell(row=row, column=index)
                cell.protection = Protection(locked=not filled)
                if not filled:
                    cell.fill = SHADE
        choose(sheet, "new_status", labels(ImplementationStatus.choices), last)
        choose(sheet, "visibility", labels(Visibility.choices), last)
        choose(sheet, "new_stance", labels(Stance.choices), last)
        column = get_column_letter(KEYS.index("new_progress") + 1)
        progress = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True)
        progress.error = _("Progress is a percentage from 0 to 100.")
        progress.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(progress)
        sheet.freeze_panes = "B2"
        # Locked cells stay locked; the columns to fill are not (no password: it guards mistakes).
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        workbook.save(output)
    return count


def choose(sheet, key, options, last):
    """A drop-down of `options` in column `key` for the rows 2..last."""
    column = get_column_letter(KEYS.index(key) + 1)
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    validation.error = _("Choose a value from the list.")
    validation.add(f"{column}2:{column}{last}")
    sheet.add_data_validation(validation)


@dataclass
class Row:
    number: int
    reference: str
    recommendation: object = None
    status: str = ""
    progress: int | None = None
    note: str = ""
    visibility: str = Visibility.INTERNAL
    stance: str = ""
    draft: str = ""
    changes: list = field(default_factory=list)  # what applying this row does, in words
    errors: list = field(default_factory=list)  # (column header, message)

    @property
    def logs_progress(self):
        return bool(self.status or self.progress is not None or self.note)


def headers():
    """Header text in either language -> column key."""
    known = {}
    for language in LANGUAGES:
        with translation.override(language):
            known.update({str(header).strip().lower(): key for key, header, _width, _filled in COLUMNS})
    return known


def read(content, user, progress=None):
    """Check the uploaded workbook `content` (bytes) for `user`: a Preview, nothing written.
    `progress(percent)` is called as the rows are checked (the background job of a large file)."""
    preview, sheet = begin(content, user)
    if sheet is None:
        return preview
    rows = list(islice(sheet.iter_rows(), MAX_ROWS + 2))
    names = headers()
    columns = (
        {names.get(str(cell.value or "").strip().lower()): index for index, cell in enumerate(rows[0])} if rows else {}
    )
    if "reference" not in columns:
        preview.errors.append(_("The first row must hold the column headers, with a “Reference” column."))
        return preview
    header = {key: str(label) for key, label, _width, _filled in COLUMNS}
    statuses, visibilities, stances = (
        by_label(ImplementationStatus.choices),
        by_label(Visibility.choices),
        by_label(Stance.choices),
    )
    index = columns["reference"]
    references = {str(cells[index].value).strip() for cells in rows[1:] if index < len(cells) and cells[index].value}
    children = Recommendation.objects.filter(parent=OuterRef("pk"))
    mine = {
        recommendation.reference: recommendation
        for recommendation in editable(user).filter(reference__in=references).annotate(has_children=Exists(children))
    }
    others = set(
        Recommendation.objects.filter(reference__in=references - mine.keys()).values_list("reference", flat=True)
    )
    tick = progress_every(len(rows), progress)
    for number, cells in enumerate(rows[1:], start=2):
        tick(number)
        if number > MAX_ROWS + 1:
            preview.errors.append(_("The workbook has more than %(count)s rows.") % {"count": MAX_ROWS})
            break

        def value(key, cells=cells):
            index = columns.get(key)
            if index is None or index >= len(cells):
                return None, None
            cell = cells[index]
            return cell.value, getattr(cell, "data_type", None)

        reference, _type = value("reference")
        if reference in (None, ""):
            continue
        row = Row(number=number, reference=str(reference).strip())
        preview.rows.append(row)
        for key in ("new_status", "new_progress", "note", "visibility", "new_stance", "draft"):
            raw, kind = value(key)
            if kind == "f" or (isinstance(raw, str) and raw.startswith("=")):
                row.errors.append((header[key], _("A formula where text or a number belongs: type the value.")))
        if row.errors:
            continue
        row.recommendation = mine.get(row.reference)
        if row.recommendation is None:
            known = row.reference in others
            row.errors.append(
                (
                    header["reference"],
                    _("%(reference)s is another department's recommendation.") % {"reference": row.reference}
                    if known
                    else _("There is no recommendation %(reference)s.") % {"reference": row.reference},
                )
            )
            continue
        check_row(row, value, header, statuses, visibilities, stances)
    return preview


def check_row(row, value, header, statuses, visibilities, stances):
    raw, _kind = value("new_status")
    if raw not in (None, ""):
        row.status = statuses.get(str(raw).strip().lower(), "")
        if not row.status:
            row.errors.append((header["new_status"], _("“%(value)s” is not a status in the list.") % {"value": raw}))
    raw, _kind = value("new_progress")
    if raw not in (None, ""):
        try:
            number = float(raw)
        except (TypeError, ValueError):
            number = None
        if number is None or number != int(number) or not 0 <= number <= 100:
            row.errors.append(
                (
                    header["new_progress"],
                    _("Progress is a whole percentage from 0 to 100, not “%(value)s”.") % {"value": raw},
                )
            )
        else:
            row.progress = int(number)
    raw, _kind = value("note")
    row.note = str(raw).strip() if raw not in (None, "") else ""
    raw, _kind = value("visibility")
    if raw not in (None, ""):
        row.visibility = visibilities.get(str(raw).strip().lower(), "")
        if not row.visibility:
            row.errors.append(
                (header["visibility"], _("“%(value)s” is not a visibility in the list.") % {"value": raw})
            )
    raw, _kind = value("new_stance")
    if raw not in (None, ""):
        row.stance = stances.get(str(raw).strip().lower(), "")
        if not row.stance:
            row.errors.append((header["new_stance"], _("“%(value)s” is not a stance in the list.") % {"value": raw}))
    raw, _kind = value("draft")
    row.draft = str(raw).strip() if raw not in (None, "") else ""
    plan(row, header)


def plan(row, header):
    """What applying the row does, in words; or why it cannot."""
    recommendation = row.recommendation
    if row.logs_progress:
        if recommendation.has_children:
            row.errors.append((header["new_status"], _("Its progress rolls up from its sub-points: log it on them.")))
        else:
            status = row.status or recommendation.status
            progress = recommendation.progress if row.progress is None else row.progress
            row.changes.append(
                _("Progress update: %(status)s, %(progress)s%%")
                % {
                    "status": ImplementationStatus(status).label,
                    "progress": progress,
                }
            )
    if row.draft or row.stance:
        response = getattr(recommendation, "response", None)
        if response is not None and response.state != ResponseState.DRAFT:
            row.errors.append(
                (header["draft"], _("The response is with the department head or published: it cannot change here."))
            )
        elif response is None and not (row.draft and row.stance):
            row.errors.append((header["new_stance"], _("A first draft needs both a stance and a text.")))
        else:
            row.changes.append(_("Response draft saved"))


def already_logged(row, user, language):
    """The user's latest update of the recommendation is this one already (a file applied twice)."""
    latest = (
        ProgressUpdate.objects.filter(recommendation=row.recommendation, author=user).order_by("-created_at").first()
    )
    if latest is None:
        return False
    note = getattr(latest, f"note_{language.replace('-', '_')}") or ""
    status = row.status or row.recommendation.status
    progress = row.recommendation.progress if row.progress is None else row.progress
    return (latest.status, latest.progress, note, latest.visibility) == (status, progress, row.note, row.visibility)


@transaction.atomic
def apply(preview, user):
    """Write every change of an error-free preview by `user`, or nothing; returns how many rows
    changed. The file's digest is recorded, so the same file never applies twice."""
    from imports.models import WorkbookImport

    if preview.has_errors:
        raise ValueError("a preview with errors cannot be applied")
    record, _created = WorkbookImport.objects.select_for_update().get_or_create(digest=preview.digest, user=user)
    if record.applied_at is not None:
        return 0
    suffix = preview.language.replace("-", "_")
    changed = 0
    for row in preview.changing:
        with sync_once():  # status and progress computed once for the update and the draft
            recommendation = lock(row.recommendation)
            if row.logs_progress and not already_logged(row, user, preview.language):
                ProgressUpdate(
                    recommendation=recommendation,
                    author=user,
                    date=timezone.localdate(),
                    status=row.status or recommendation.status,
                    progress=recommendation.progress if row.progress is None else row.progress,
                    visibility=row.visibility,
                    **{f"note_{suffix}": row.note},
                ).save()
            if row.draft or row.stance:
                save_draft(recommendation, user, row, suffix)
        changed += 1
    record.applied_at, record.rows, record.status = timezone.now(), changed, WorkbookImport.Status.APPLIED
    record.save(update_fields=["applied_at", "rows", "status", "updated_at"])
    return changed


def save_draft(recommendation, user, row, suffix):
    from recommendations.models import Response

    response = current_response(recommendation) or Response(
        recommendation=recommendation, department=recommendation.lead_department, version=0
    )
    if row.stance:
        response.stance = row.stance
    if row.draft:
        setattr(response, f"text_{suffix}", row.draft)
    response.drafted_by = user
    response.version += 1
    response.save()
