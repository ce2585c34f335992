"""The department dashboard: how each department answers and implements (README, "Department
performance", defines each figure).

Every count is what the recommendation list shows for the figure's filters, grouped by meeting
and department, so a click on a figure opens the list of exactly the recommendations it counts:
the figures of a recommendation's own row, response and meeting as the list filters' conditions
in one pass (one_pass), the others (supporting departments, ratings, clarification requests,
returns) as the list's own queries (figures.filtered), grouped and joined by UNION ALL. With the
companies' ratings and the days to respond (how many answers took each number of days, from
which the median and the 90th percentile are read), five queries make the table whatever the
number of recommendations.
"""

import statistics
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from accounts.roles import GOVERNMENT_VIEW
from recommendations.figures import Figure, filtered
from recommendations.models import Feedback, ImplementationStatus, Recommendation, ResponseState
from recommendations.models.querysets import HIGH_RATING

# (key, the list's filters, the department column it is grouped by). Each counts recommendations.
COUNTS = [
    ("received", {}, "lead_department"),
    ("supporting", {}, "supporting_departments"),
    ("answered", {"answered": "yes"}, "lead_department"),
    ("answered_on_time", {"answered": "on_time"}, "lead_department"),
    ("response_overdue", {"overdue": "response"}, "lead_department"),
    ("updates_expected", {"updates": "expected"}, "lead_department"),
    ("updates_on_time", {"updates": "on_time"}, "lead_department"),
    ("update_overdue", {"overdue": "update"}, "lead_department"),
    ("implemented", {"status": "implemented"}, "lead_department"),
    ("clarifications", {"clarification": "on"}, "lead_department"),
    ("rated", {"rated": "yes"}, "lead_department"),
    ("returned", {}, "returns__department"),
]
# Summed rather than counted over the department's recommendations (the average progress).
SUMS = [("progress_sum", {}, "lead_department")]
# The list parameter that names the department, per grouping column.
DEPARTMENT_PARAM = {
    "lead_department": "department",
    "supporting_departments": "supporting",
    "returns__department": "returned_by",
}
LINKS = {key: (params, DEPARTMENT_PARAM[column]) for key, params, column in COUNTS}


@dataclass
class Column:
    key: str
    label: str
    kind: str = "count"  # count, percent, days, rating, share
    link: str | None = None  # the COUNTS key whose list the figure opens
    help: str = ""


COLUMNS = [
    Column("received", _("Received (lead)"), link="received"),
    Column("supporting", _("Supporting"), link="supporting"),
    Column("answered", _("Answered"), link="answered"),
    Column("on_time_pct", _("Answered by the deadline"), "percent", "answered_on_time"),
    Column("median_days", _("Median days to respond"), "days"),
    Column("p90_days", _("90th percentile days to respond"), "days"),
    Column("response_overdue", _("Responses overdue now"), link="response_overdue"),
    Column("update_overdue", _("Updates overdue now"), link="update_overdue"),
    Column("updates_on_time_pct", _("Updates on time"), "percent", "updates_on_time"),
    Column("implemented_pct", _("Implemented"), "percent", "implemented"),
    Column("average_progress", _("Average progress"), "percent", "received"),
    Column("answer_rating", _("Satisfaction with the answer"), "rating", "rated"),
    Column("answer_high_pct", _("Answer rated 4-5"), "percent", "rated"),
    Column("result_rating", _("Satisfaction with the result"), "rating", "rated"),
    Column("result_high_pct", _("Result rated 4-5"), "percent", "rated"),
    Column("clarifications", _("Open clarification requests"), link="clarifications"),
    Column("returned", _("Returned assignments"), link="returned"),
]
COLUMN_KEYS = {column.key for column in COLUMNS}
FIGURE_KEYS = [key for key, *_rest in COUNTS + SUMS]


@dataclass
class Row:
    department: Department | None  # None: the council, all departments together
    name: str
    values: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)

    def cells(self):
        return [(column, self.values.get(column.key), self.urls.get(column.link)) for column in COLUMNS]


@dataclass
class Dashboard:
    meeting: object  # None: every meeting
    today: object
    rows: list
    council: Row
    medians: Row  # each column's median over the departments with recommendations
    trend: list  # (meeting number, year, on-time %, answered by the deadline, due)
    days: list  # days to respond of every answer in scope, council-wide: [(days, answers)]


def build(meeting=None, today=None, order="name", with_trend=True, compact=False):
    """The dashboard of one meeting (or all). `compact`: the one-pass figures and the days to
    respond only (the workspace's comparison), without supporting, ratings, clarifications and
    returns (left at 0 / None)."""
    today = today or timezone.localdate()
    departments = list(Department.objects.order_by("name_en"))
    counts = grouped_counts(today, compact)  # {(meeting_id, department_id, key): n}
    meeting_id = getattr(meeting, "pk", None)
    in_scope = {}
    for (meeting_key, department_id, key), number in counts.items():
        if meeting_id is None or meeting_key == meeting_id:
            in_scope[department_id, key] = in_scope.get((department_id, key), 0) + number
    ratings = {} if compact else grouped_ratings(meeting_id)
    days = days_to_respond(meeting_id)
    rows = []
    for department in departments:
        values = {key: in_scope.get((department.pk, key), 0) for key in FIGURE_KEYS}
        values.update(rates(values, ratings.get(department.pk, {}), days.get(department.pk, {})))
        name = department.short_name or department.name
        rows.append(Row(department, name, values, links(department.pk, meeting_id)))
    council_counts = {key: sum(row.values[key] for row in rows) for key in FIGURE_KEYS}
    council_days = {}
    for histogram in days.values():
        for number, answers in histogram.items():
            council_days[number] = council_days.get(number, 0) + answers
    council = Row(None, str(_("All departments")), council_counts, links(None, meeting_id))
    council.values.update(rates(council_counts, merged(ratings.values()), council_days))
    active = [row for row in rows if row.values["received"]]
    medians = Row(None, str(_("Median department")))
    medians.values = {
        column.key: statistics.median(values) if values else None
        for column in COLUMNS
        for values in [[row.values[column.key] for row in active if row.values[column.key] is not None]]
    }
    return Dashboard(
        meeting=meeting,
        today=today,
        rows=sort_rows(active, order),
        council=council,
        medians=medians,
        trend=trend(counts) if with_trend else [],
        days=sorted(council_days.items()),
    )


def one_pass(today):
    """The figures whose lists filter on a recommendation's own row, its response and its
    meeting, as conditions of one pass over the recommendations (a dozen grouped list queries
    took 0.7 s at 100,000). Each condition is its list filter's (RecommendationFilter and the
    queryset methods it calls); tests/reports/test_departments.py checks every figure against
    its list."""
    answered = Q(response__state=ResponseState.PUBLISHED)
    expected = Q(seen_update_due_on__isnull=False)
    return {
        "received": Count("pk"),
        "answered": Count("pk", filter=answered),
        "answered_on_time": Count(
            "pk", filter=answered & Q(response__published_at__date__lte=F("paper__meeting__response_deadline"))
        ),
        "response_overdue": Count("pk", filter=~answered & Q(paper__meeting__response_deadline__lt=today)),
        "updates_expected": Count("pk", filter=expected),
        "updates_on_time": Count("pk", filter=expected & ~Q(seen_update_due_on__lt=today)),
        "update_overdue": Count("pk", filter=Q(seen_update_due_on__lt=today)),
        "implemented": Count("pk", filter=Q(seen_status=ImplementationStatus.IMPLEMENTED)),
        "progress_sum": Sum("seen_progress"),
    }


def grouped_counts(today, compact=False):
    """{(meeting id, department id, figure key): recommendations} for every COUNTS figure (and
    the SUMS): the one-pass figures in one query, the others (joins to supporting departments,
    ratings, clarification requests, returns) each its list's query, grouped, joined by UNION ALL."""
    aggregates = one_pass(today)
    rows = (
        Recommendation.objects.seen_by(GOVERNMENT_VIEW)
        .order_by()
        .filter(lead_department__isnull=False)
        .values("paper__meeting_id", "lead_department")
        .annotate(**aggregates)
    )
    counts = {
        (row["paper__meeting_id"], row["lead_department"], key): row[key] or 0 for row in rows for key in aggregates
    }
    parts = []
    for key, params, column in [] if compact else COUNTS:
        if key in aggregates:
            continue
        # Lists are distinct; a join to several supporting departments, returns or
        # clarification requests repeats a recommendation within its group.
        distinct = column != "lead_department" or key == "clarifications"
        parts.append((key, column, filtered(GOVERNMENT_VIEW, params, today), Count("pk", distinct=distinct)))
    quote = connection.ops.quote_name
    selects, arguments = [], []
    for index, (key, column, queryset, aggregate) in enumerate(parts):
        grouped = (
            queryset.order_by()
            .filter(**{f"{column}__isnull": False})
            .values("paper__meeting_id", column)
            .annotate(n=aggregate)
        )
        try:
            sql, params = grouped.query.sql_with_params()
        except EmptyResultSet:
            continue
        # Django's own compiled queries, their values passed as parameters; the columns by name.
        selects.append(
            f"SELECT {quote('paper__meeting_id')}, {quote(column)}, %s, n FROM ({sql}) part_{index}"  # noqa: S608
        )
        arguments.extend([key, *params])
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), arguments)
            for meeting_id, department_id, key, number in cursor.fetchall():
                counts[meeting_id, department_id, key] = number or 0
    return counts


def grouped_ratings(meeting_id):
    """{department id: {answer/result: (sum, ratings, rated 4-5)}} of the companies' ratings of
    the published responses of each department's lead recommendations."""
    ratings = Feedback.objects.filter(response__recommendation__lead_department__isnull=False)
    if meeting_id is not None:
        ratings = ratings.filter(response__recommendation__paper__meeting_id=meeting_id)
    rows = (
        ratings.order_by()
        .values("response__recommendation__lead_department")
        .annotate(
            answer_sum=Sum("answer_satisfaction"),
            answer_n=Count("answer_satisfaction"),
            answer_high=Count("pk", filter=Q(answer_satisfaction__gte=HIGH_RATING)),
            result_sum=Sum("result_satisfaction"),
            result_n=Count("result_satisfaction"),
            result_high=Count("pk", filter=Q(result_satisfaction__gte=HIGH_RATING)),
        )
    )
    return {
        row["response__recommendation__lead_department"]: {
            what: (row[f"{what}_sum"] or 0, row[f"{what}_n"], row[f"{what}_high"]) for what in ("answer", "result")
        }
        for row in rows
    }


def merged(ratings):
    total = {"answer": (0, 0, 0), "result": (0, 0, 0)}
    for rating in ratings:
        for what, numbers in rating.items():
            total[what] = tuple(a + b for a, b in zip(total[what], numbers, strict=True))
    return total


def days_to_respond(meeting_id):
    """{department id: {days: answers}}: calendar days from the meeting to the local day its
    response was published, for each published response (the list's "answered")."""
    params = {"answered": "yes", "meeting": meeting_id}
    days = ExpressionWrapper(
        TruncDate("response__published_at") - F("paper__meeting__date"), output_field=DurationField()
    )
    rows = (
        filtered(GOVERNMENT_VIEW, params)
        .order_by()
        .filter(lead_department__isnull=False)
        .values("lead_department", days=days)
        .annotate(n=Count("pk"))
    )
    histogram = {}
    for row in rows:
        number = row["days"].days if hasattr(row["days"], "days") else int(row["days"])
        by_department = histogram.setdefault(row["lead_department"], {})
        by_department[number] = by_department.get(number, 0) + row["n"]
    return histogram


def percentile(histogram, fraction):
    """The nearest-rank percentile of the days in {days: answers}; None without answers."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, -(-total * fraction // 1))  # ceil(total * fraction), at least the first
    seen = 0
    for number in sorted(histogram):
        seen += histogram[number]
        if seen >= rank:
            return number
    return None


def percent(part, whole):
    return round(100 * part / whole) if whole else None


def rates(counts, ratings, days):
    answer = ratings.get("answer", (0, 0, 0))
    result = ratings.get("result", (0, 0, 0))
    return {
        # Of the recommendations whose answer fell due (answered, or past the deadline without one).
        "on_time_pct": percent(counts["answered_on_time"], counts["answered"] + counts["response_overdue"]),
        "median_days": percentile(days, 0.5),
        "p90_days": percentile(days, 0.9),
        "updates_on_time_pct": percent(counts["updates_on_time"], counts["updates_expected"]),
        "implemented_pct": percent(counts["implemented"], counts["received"]),
        "average_progress": round(counts["progress_sum"] / counts["received"]) if counts["received"] else None,
        "answer_rating": round(answer[0] / answer[1], 1) if answer[1] else None,
        "answer_high_pct": percent(answer[2], answer[1]),
        "result_rating": round(result[0] / result[1], 1) if result[1] else None,
        "result_high_pct": percent(result[2], result[1]),
    }


def links(department_id, meeting_id):
    """The list URL behind each COUNTS figure of a department (or of all departments)."""
    urls = {}
    for key, (params, department_param) in LINKS.items():
        scoped = {**params, "meeting": meeting_id}
        if department_id is not None:
            scoped[department_param] = department_id
        else:
            scoped["assigned"] = "yes"  # all departments: every assigned recommendation
        if department_id is None and department_param != "department":
            continue  # "supported or returned by any department" is not one list
        urls[key] = Figure(key, "", scoped).url
    return urls


def sort_rows(rows, order):
    descending = order.startswith("-")
    key = order.lstrip("-")
    if key not in COLUMN_KEYS:
        return sorted(rows, key=lambda row: row.name)
    present = [row for row in rows if row.values.get(key) is not None]
    missing = [row for row in rows if row.values.get(key) is None]
    return sorted(present, key=lambda row: (row.values[key], row.name), reverse=descending) + missing


def trend(counts):
    """Council-wide on-time rate meeting by meeting, oldest first."""
    from meetings.models import Meeting

    result = []
    for meeting in Meeting.objects.order_by("number").only("pk", "number", "year"):
        totals = {
            key: sum(n for (meeting_id, _d, k), n in counts.items() if meeting_id == meeting.pk and k == key)
            for key in ("answered", "answered_on_time", "response_overdue")
        }
        due = totals["answered"] + totals["response_overdue"]
        result.append((meeting.number, meeting.year, percent(totals["answered_on_time"], due), due))
    return result
