"""The secretariat's history import: earlier meetings from its tracking sheets.

One row per recommendation (the template's columns: COLUMNS; README "Spreadsheets in" documents
them, `imports/examples/history-example.xlsx` is an example). `read()` matches each row to what
exists (a recommendation by its reference, or by company + meeting + number; departments and
companies by either language's name) and plans what is missing; `apply()` creates it in one
transaction (meetings, companies, papers, recommendations, a published response, an initial
progress update marked as imported from a sheet), or nothing. Nothing is changed on what exists
but a response or a first update it lacks.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from accounts.models import Department
from ccec.spreadsheets import xlsx_row
from companies.models import Company
from imports.sheets import LANGUAGES, begin, by_label, progress_every
from meetings.models import Meeting, Paper
from recommendations.models import (
    ImplementationStatus,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseState,
    Stance,
    Visibility,
)
from recommendations.models.recommendation import sync_once

COLUMNS = [
    ("meeting", gettext_lazy("Meeting number")),
    ("meeting_date", gettext_lazy("Meeting date")),
    ("company", gettext_lazy("Company")),
    ("paper", gettext_lazy("Paper title")),
    ("number", gettext_lazy("Recommendation number")),
    ("reference", gettext_lazy("Reference")),
    ("title_en", gettext_lazy("Title (English)")),
    ("title_zh_hans", gettext_lazy("Title (Chinese)")),
    ("text_en", gettext_lazy("Text (English)")),
    ("text_zh_hans", gettext_lazy("Text (Chinese)")),
    ("department", gettext_lazy("Lead department")),
    ("stance", gettext_lazy("Response stance")),
    ("response", gettext_lazy("Response text")),
    ("responded_on", gettext_lazy("Response date")),
    ("status", gettext_lazy("Latest status")),
    ("progress", gettext_lazy("Progress (%)")),
    ("status_on", gettext_lazy("Status date")),
]
MAX_ROWS = 10000
IMPORTED_NOTE = ("Imported from the secretariat's tracking sheet.", "自秘书处跟踪表导入。")


def template(output, language):
    """An empty template: the header row in `language`."""
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("History")
        sheet.append(xlsx_row(sheet, [str(label) for _key, label in COLUMNS]))
        workbook.save(output)


@dataclass
class Row:
    number: int
    values: dict
    recommendation: object = None  # the one it matched
    changes: list = field(default_factory=list)  # what applying it does, in words
    errors: list = field(default_factory=list)  # (column header, message)
    matched: str = ""

    @property
    def reference(self):
        return self.matched


def names(model, fields):
    """Every name of the model's rows in either language, lower-cased -> the row."""
    known = {}
    for item in model.objects.all():
        for name in fields:
            value = (getattr(item, name) or "").strip().lower()
            if value:
                known.setdefault(value, item)
    return known


def as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def as_int(value, low, high):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number == int(number) and low <= number <= high else None


def read(content, user, progress=None):
    """Check the history sheet `content` (bytes): a Preview, nothing written. `progress(percent)`
    is called as the rows are checked (the background job of a large file)."""
    preview, sheet = begin(content, user)
    if sheet is None:
        return preview
    tick = progress_every(sheet.max_row, progress)
    rows = sheet.iter_rows()
    first = next(rows, ())
    headers = {}
    for language in LANGUAGES:
        with translation.override(language):
            headers.update({str(label).strip().lower(): key for key, label in COLUMNS})
    columns = {headers.get(str(cell.value or "").strip().lower()): index for index, cell in enumerate(first)}
    missing = [str(label) for key, label in COLUMNS if key not in columns and key != "reference"]
    if missing:
        preview.errors.append(_("Columns missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)})
        return preview
    context = Context()
    for number, cells in enumerate(rows, start=2):
        tick(number)
        if number > MAX_ROWS + 1:
            preview.errors.append(_("The workbook has more than %(count)s rows.") % {"count": MAX_ROWS})
            break
        values = {}
        formula = []
        for key, index in columns.items():
            if key is None or index >= len(cells):
                continue
            cell = cells[index]
            values[key] = cell.value
            if getattr(cell, "data_type", None) == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                formula.append(key)
        if all(value in (None, "") for value in values.values()):
            continue
        row = Row(number=number, values=values)
        preview.rows.append(row)
        for key in formula:
            row.errors.append((context.header[key], _("A formula where text or a number belongs: type the value.")))
    context.look_up(preview.rows)
    for row in preview.rows:
        if not row.errors:
            context.check(row)
    return preview


class Context:
    """What exists, read once, and what earlier rows of the sheet will create."""

    def __init__(self):
        self.header = {key: str(label) for key, label in COLUMNS}
        self.meetings = {meeting.number: meeting for meeting in Meeting.objects.all()}
        self.companies = names(Company, ("name_en", "name_zh_hans"))
        self.departments = names(Department, ("name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans"))
        self.statuses, self.stances = by_label(ImplementationStatus.choices), by_label(Stance.choices)
        self.new_meetings, self.seen = {}, set()
        self.by_reference, self.by_number = {}, {}
        self.made = {}  # what apply() created or found: meetings, companies, papers, by key

    def look_up(self, rows, chunk=2000):
        """Read the recommendations the rows name (by reference, or meeting + company + number)
        in a few queries, with whether each has a response and an update yet."""
        references = sorted({self.text(row, "reference") for row in rows} - {""})
        numbers = {as_int(row.values.get("meeting"), 1, 999) for row in rows} - {None}
        companies = {self.companies.get(self.text(row, "company").lower()) for row in rows} - {None, "new"}
        found = Recommendation.objects.annotate(
            has_response=Exists(Response.objects.filter(recommendation=OuterRef("pk"))),
            has_updates=Exists(ProgressUpdate.objects.filter(recommendation=OuterRef("pk"))),
        ).select_related("paper__meeting")
        matches = list(found.filter(paper__meeting__number__in=numbers, paper__company__in=companies))
        for start in range(0, len(references), chunk):
            matches += found.filter(reference__in=references[start : start + chunk])
        for recommendation in matches:
            self.by_reference[recommendation.reference] = recommendation
            key = (recommendation.paper.meeting.number, recommendation.paper.company_id, recommendation.order)
            known = self.by_number.get(key)
            if known is None or recommendation.sort_key < known.sort_key:
                self.by_number[key] = recommendation  # the company's first paper of the meeting

    def error(self, row, key, message):
        row.errors.append((self.header[key], message))

    def text(self, row, key):
        value = row.values.get(key)
        return "" if value is None else str(value).strip()

    def check(self, row):
        meeting_number = as_int(row.values.get("meeting"), 1, 999)
        if meeting_number is None:
            return self.error(row, "meeting", _("A meeting number (1, 2, 3 ...) is needed."))
        company_name = self.text(row, "company")
        if not company_name:
            return self.error(row, "company", _("The company is needed."))
        reference = self.text(row, "reference")
        number = as_int(row.values.get("number"), 1, 999)
        if reference:
            row.recommendation = self.by_reference.get(reference)
            if row.recommendation is None:
                return self.error(
                    row, "reference", _("There is no recommendation %(reference)s.") % {"reference": reference}
                )
        elif number is None:
            return self.error(row, "number", _("A recommendation number (1, 2, 3 ...) is needed."))
        key = (meeting_number, company_name.lower(), number)
        if key in self.seen:
            return self.error(row, "number", _("An earlier row has the same meeting, company and number."))
        self.seen.add(key)
        self.check_values(row)
        if row.errors:
            return None
        meeting = self.meetings.get(meeting_number)
        if meeting is None and meeting_number not in self.new_meetings:
            date = as_date(row.values.get("meeting_date"))
            if date is None:
                return self.error(
                    row,
                    "meeting_date",
                    _("Meeting %(number)s is new: its date (YYYY-MM-DD) is needed.") % {"number": meeting_number},
                )
            self.new_meetings[meeting_number] = date
            row.changes.append(_("New meeting %(number)s (%(year)s)") % {"number": meeting_number, "year": date.year})
        company = self.companies.get(company_name.lower())
        if company is None:
            self.companies[company_name.lower()] = "new"
            row.changes.append(_("New company %(name)s") % {"name": company_name})
        if row.recommendation is None and meeting is not None and company not in (None, "new"):
            row.recommendation = self.by_number.get((meeting_number, company.pk, number))
        if row.recommendation is not None:
            row.matched = row.recommendation.reference
            if self.text(row, "stance") and not row.recommendation.has_response:
                row.changes.append(_("Published response added"))
            if self.text(row, "status") and not row.recommendation.has_updates:
                row.changes.append(_("Initial progress added"))
            return None
        if not (self.text(row, "title_en") or self.text(row, "title_zh_hans")):
            return self.error(row, "title_en", _("A new recommendation needs a title in English or Chinese."))
        if not (self.text(row, "text_en") or self.text(row, "text_zh_hans")):
            return self.error(row, "text_en", _("A new recommendation needs its text in English or Chinese."))
        row.changes.append(_("New recommendation"))
        if self.text(row, "stance"):
            row.changes.append(_("Published response added"))
        if self.text(row, "status"):
            row.changes.append(_("Initial progress added"))
        return None

    def check_values(self, row):
        department = self.text(row, "department")
        if department and department.lower() not in self.departments:
            self.error(row, "department", _("There is no department named “%(name)s”.") % {"name": department})
        stance = self.text(row, "stance")
        if stance:
            if stance.lower() not in self.stances:
                self.error(row, "stance", _("“%(value)s” is not a stance in the list.") % {"value": stance})
            if not department:
                self.error(row, "department", _("A response needs the lead department that gave it."))
            if as_date(row.values.get("responded_on")) is None:
                self.error(row, "responded_on", _("A response needs its date (YYYY-MM-DD)."))
        status = self.text(row, "status")
        if status:
            if status.lower() not in self.statuses:
                self.error(row, "status", _("“%(value)s” is not a status in the list.") % {"value": status})
            progress = row.values.get("progress")
            if progress not in (None, "") and as_int(progress, 0, 100) is None:
                self.error(
                    row,
                    "progress",
                    _("Progress is a whole percentage from 0 to 100, not “%(value)s”.") % {"value": progress},
                )
            if as_date(row.values.get("status_on")) is None:
                self.error(row, "status_on", _("A status needs its date (YYYY-MM-DD)."))
            if not department:
                self.error(row, "department", _("Progress needs the lead department that reported it."))


def unique_slug(name):
    base = slugify(name)[:70] or "company"
    slug, index = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, index = f"{base}-{index}", index + 1
    return slug


@transaction.atomic
def apply(preview, user):
    """Create what the error-free preview plans, by `user`, or nothing; returns the rows applied."""
    from imports.models import WorkbookImport

    if preview.has_errors:
        raise ValueError("a preview with errors cannot be applied")
    record, _created = WorkbookImport.objects.select_for_update().get_or_create(
        digest=preview.digest, user=user, defaults={"kind": WorkbookImport.Kind.HISTORY}
    )
    if record.applied_at is not None:
        return 0
    context = Context()
    applied = 0
    for row in preview.changing:
        with sync_once():  # the row's status and progress computed once, not per object
            applied += apply_row(row, context, user)
    record.applied_at, record.rows, record.status = timezone.now(), applied, WorkbookImport.Status.APPLIED
    record.save(update_fields=["applied_at", "rows", "status", "updated_at"])
    return applied


def paper_of(row, context):
    """The paper a new row's recommendation goes in: found or created once per sheet."""
    made, values, name = context.made, row.values, context.text(row, "company")
    number = as_int(values["meeting"], 1, 999)
    if ("meeting", number) not in made:
        meeting = Meeting.objects.filter(number=number).first()
        if meeting is None:
            date = as_date(values.get("meeting_date"))
            meeting = Meeting.objects.create(number=number, year=date.year, date=date, theme_en="")
        made["meeting", number] = meeting
    meeting = made["meeting", number]
    if ("company", name.lower()) not in made:
        company = Company.objects.filter(Q(name_en__iexact=name) | Q(name_zh_hans__iexact=name)).first()
        if company is None:
            english = name if not any("\u4e00" <= char <= "\u9fff" for char in name) else ""
            company = Company.objects.create(
                slug=unique_slug(english or name), name_en=english or name, name_zh_hans="" if english else name
            )
        made["company", name.lower()] = company
    company = made["company", name.lower()]
    if ("paper", meeting.pk, company.pk) not in made:
        paper = Paper.objects.filter(meeting=meeting, company=company).order_by("position").first()
        if paper is None:
            position = (Paper.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"] or 0) + 1
            paper = Paper.objects.create(
                meeting=meeting, company=company, position=position, title_en=context.text(row, "paper")
            )
        made["paper", meeting.pk, company.pk] = paper
    return made["paper", meeting.pk, company.pk]


def apply_row(row, context, user):
    text = context.text
    values = row.values
    recommendation = row.recommendation and Recommendation.objects.select_for_update().get(pk=row.recommendation.pk)
    department = context.departments.get(text(row, "department").lower()) if text(row, "department") else None
    if recommendation is None:
        paper = paper_of(row, context)
        recommendation = Recommendation(
            paper=paper,
            order=as_int(values.get("number"), 1, 999),
            lead_department=department,
            **{key: text(row, key) for key in ("title_en", "title_zh_hans", "text_en", "text_zh_hans")},
        )
        recommendation.save()
    stance = text(row, "stance")
    # What the sheet matched is locked: look again whether it got a response or an update since.
    if stance and not (row.recommendation and Response.objects.filter(recommendation=recommendation).exists()):
        published = as_date(values["responded_on"])
        response_text = text(row, "response") or str(Stance(context.stances[stance.lower()]).label)
        chinese = any("\u4e00" <= char <= "\u9fff" for char in response_text)
        Response(
            recommendation=recommendation,
            department=department,
            stance=context.stances[stance.lower()],
            state=ResponseState.PUBLISHED,
            published_at=timezone.make_aware(datetime.datetime.combine(published, datetime.time(10))),
            drafted_by=user,
            signed_off_by=user,
            **{"text_zh_hans" if chinese else "text_en": response_text},
        ).save()
    status = text(row, "status")
    if status and not (row.recommendation and recommendation.updates.exists()):
        progress = values.get("progress")
        ProgressUpdate(
            recommendation=recommendation,
            author=user,
            date=as_date(values["status_on"]),
            status=context.statuses[status.lower()],
            progress=0 if progress in (None, "") else as_int(progress, 0, 100),
            note_en=IMPORTED_NOTE[0],
            note_zh_hans=IMPORTED_NOTE[1],
            visibility=Visibility.INTERNAL,
        ).save()
    return 1
