"""Every figure of the annual meeting report, computed once, in the database.

The page, the XLSX workbook, the Word report and the PDF all render from the `Report` that
`build_report()` returns, so they always agree. A report reads with a Viewer (tracks.py):

- the government side (the page for the secretariat, officers and heads): statuses and
  progress from every update, as the lists its figures link to;
- the public record (`PUBLIC_VIEW`, for the council): shared progress only;
- a company (its liaisons, and its extract): its own recommendations, shared progress only.

Whatever the viewer, the texts a report quotes are published responses and shared updates
only: report files travel, and internal notes stay on the recommendation pages.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import GOVERNMENT_VIEW, Viewer
from meetings.models import Meeting
from recommendations import figures, tracks
from recommendations.choices import (
    ImplementationStatus,
    ResponseState,
    Stance,
)
from recommendations.figures import Figure
from recommendations.filters import ACTING
from recommendations.models import ProgressUpdate, Recommendation
from recommendations.models.querysets import STILL_OPEN
from reports.rows import localized, recommendation_rows

PUBLISHED = Q(response__state=ResponseState.PUBLISHED)


@dataclass
class Report:
    meeting: Meeting
    language: str
    today: datetime.date
    department: object = None
    topic: object = None
    company: object = None
    viewer: Viewer = GOVERNMENT_VIEW
    headline: list = field(default_factory=list)  # (key, label, value)
    figures: list = field(default_factory=list)  # the same as figures.Figure, linked to their lists
    totals: dict = field(default_factory=dict)
    by_stance: list = field(default_factory=list)  # (value, label, count)
    by_status: list = field(default_factory=list)
    per_company: list = field(default_factory=list)  # dicts of group figures
    per_department: list = field(default_factory=list)
    per_topic: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    changes_count: int = 0
    carried_over: list = field(default_factory=list)
    carried_figure: object = None
    repeats: list = field(default_factory=list)
    trend: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    @property
    def title(self):
        with translation.override(self.language):
            scope = self.company or self.department or self.topic
            base = _("Annual meeting %(number)s (%(year)s): what became of the recommendations") % {
                "number": self.meeting.number,
                "year": self.meeting.year,
            }
            return f"{base} · {scope}" if scope else base

    @property
    def basis(self):
        """What the figures count, for every format's opening lines."""
        with translation.override(self.language):
            date = self.today.isoformat()
            if self.viewer.is_government:
                return _(
                    "Figures as of %(date)s, from all the progress the departments logged, including progress "
                    "not yet shared with the companies. Quoted texts are published responses and shared "
                    "progress only."
                ) % {"date": date}
            return _("Figures as of %(date)s; published responses and shared progress only.") % {"date": date}


def group_figures(queryset, fields):
    """received / assigned / responded / implemented / average progress per group, one query.

    No join of a report's queries repeats a recommendation within a group (the response is
    one-to-one, a topic filter matches one topic row, grouping by topic gives each topic its
    own rows), so the counts need no DISTINCT (which sorted every row; the average never had it)."""
    return (
        queryset.order_by()
        .values(*fields)
        .annotate(
            received=Count("pk"),
            assigned=Count("pk", filter=Q(lead_department__isnull=False)),
            responded=Count("pk", filter=PUBLISHED),
            accepted=Count(
                "pk",
                filter=PUBLISHED & Q(response__stance__in=[Stance.ACCEPTED, Stance.PARTIALLY_ACCEPTED]),
            ),
            implemented=Count("pk", filter=Q(seen_status=ImplementationStatus.IMPLEMENTED)),
            in_progress=Count(
                "pk",
                filter=Q(
                    seen_status__in=[ImplementationStatus.IN_PROGRESS, ImplementationStatus.PARTIALLY_IMPLEMENTED]
                ),
            ),
            average_progress=Avg("seen_progress"),
        )
    )


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


def finish_groups(rows, name_of):
    result = []
    for row in rows:
        row = dict(row)
        row["name"] = name_of(row)
        row["implemented_pct"] = percent(row["implemented"], row["received"])
        row["average_progress"] = round(row["average_progress"] or 0)
        result.append(row)
    return sorted(result, key=lambda row: (-row["received"], row["name"]))


def in_scope(queryset, department=None, topic=None, company=None):
    """The recommendations a report filtered by department, topic or company covers."""
    if department is not None:
        queryset = queryset.filter(lead_department=department)
    if topic is not None:
        queryset = queryset.filter(topics=topic)
    if company is not None:
        queryset = queryset.filter(paper__company=company)
    return queryset


def build_report(
    meeting,
    language="en",
    department=None,
    topic=None,
    company=None,
    today=None,
    with_rows=True,
    viewer=GOVERNMENT_VIEW,
):
    today = today or timezone.localdate()
    report = Report(
        meeting=meeting,
        language=language,
        today=today,
        department=department,
        topic=topic,
        company=company,
        viewer=viewer,
    )
    scope = in_scope(Recommendation.objects.seen_by(viewer), department=department, topic=topic, company=company)
    base = scope.filter(paper__meeting=meeting)
    with translation.override(language):
        shares = distributions(base, meeting)
        report.by_stance, report.by_status = shares["by_stance"], shares["by_status"]
        headline_figures(report, meeting, today, shares["average_days_to_respond"])
        report.per_company = finish_groups(
            group_figures(base, ["paper__company_id", "paper__company__name_en", "paper__company__name_zh_hans"]),
            lambda row: localized(row, "paper__company__name", language) or _("Unattributed"),
        )
        report.per_department = finish_groups(
            group_figures(
                base,
                [
                    "lead_department_id",
                    "lead_department__short_name_en",
                    "lead_department__short_name_zh_hans",
                    "lead_department__name_en",
                    "lead_department__name_zh_hans",
                ],
            ),
            lambda row: (
                localized(row, "lead_department__short_name", language)
                or localized(row, "lead_department__name", language)
                or _("Unassigned")
            ),
        )
        report.per_topic = finish_groups(
            group_figures(base, ["topics__id", "topics__name_en", "topics__name_zh_hans"]),
            lambda row: localized(row, "topics__name", language) or _("No topic"),
        )
        # The page shows the newest CHANGES_SHOWN of them; the files list every one.
        report.changes, report.changes_count = status_changes(
            base, meeting, language, tracks.track_of(viewer), limit=None if with_rows else CHANGES_SHOWN
        )
        report.trend, report.carried_over = meeting_by_meeting(scope, meeting)
        report.repeats = repeats(base, meeting, language, viewer)
        report.rows = recommendation_rows(base, language, today) if with_rows else []
    return report


CHANGES_SHOWN = 50


def changes_shown(report):
    """The changes a page or a summary shows: the most recent CHANGES_SHOWN, newest first."""
    return sorted(report.changes, key=lambda change: change["date"], reverse=True)[:CHANGES_SHOWN]


def headline_figures(report, meeting, today, average_days_to_respond):
    """The headline figures. Each one that counts recommendations is its list's filters
    (figures.py), so the page can link it to the list and both say the same number."""
    scope = {
        "meeting": meeting.pk,
        "department": getattr(report.department, "pk", None),
        "topic": getattr(report.topic, "pk", None),
        "company": getattr(report.company, "pk", None),
    }
    linked = report.viewer.is_government or report.viewer.company_id is not None
    counted = [
        Figure(key, label, {**scope, **params}, linked=linked)
        for key, label, params in [
            ("received", _("Recommendations received"), {}),
            ("assigned", _("Assigned to a department"), {"assigned": "yes"}),
            ("responded", _("Answered (published response)"), {"answered": "yes"}),
            ("responded_on_time", _("Answered by the deadline"), {"answered": "on_time"}),
            ("accepted", _("Accepted fully or partly"), {"answered": "yes", "stance": ACTING}),
            ("implemented", _("Implemented"), {"status": ImplementationStatus.IMPLEMENTED.value}),
            ("response_overdue", _("Responses overdue"), {"overdue": "response"}),
            ("update_overdue", _("Progress updates overdue"), {"overdue": "update"}),
        ]
    ]
    # The open recommendations of earlier meetings, listed with this one (the open-meeting
    # screen and the list's `carried_into` read the same query: querysets.carried_into).
    carried = Figure(
        "carried_over",
        _("Carried over from earlier meetings"),
        {**scope, "meeting": None, "carried_into": meeting.number},
        linked=linked,
    )
    counted.append(carried)
    figures.count(counted, report.viewer, today)
    totals = {figure.key: figure.count for figure in counted}
    totals["average_days_to_respond"] = average_days_to_respond
    totals["implemented_pct"] = percent(totals["implemented"], totals["received"])
    report.totals = totals
    by_key = {figure.key: figure for figure in counted}
    report.figures = [
        *(by_key[key] for key in ("received", "assigned", "responded", "responded_on_time")),
        Figure(
            "average_days_to_respond",
            _("Average days to respond"),
            count="—" if totals["average_days_to_respond"] is None else totals["average_days_to_respond"],
            linked=False,
        ),
        by_key["accepted"],
        by_key["implemented"],
        Figure(
            "implemented_pct",
            _("Share of recommendations implemented"),
            count=f"{totals['implemented_pct']}%",
            linked=False,
        ),
        by_key["response_overdue"],
        by_key["update_overdue"],
    ]
    report.headline = [(figure.key, figure.label, figure.count) for figure in report.figures]
    report.carried_figure = carried


def distributions(base, meeting):
    """The published responses by stance, the recommendations by status (each a list of
    (value, label, count) in the order of the choices) and the average days to respond
    (calendar days from the meeting to the local day of publication), in one pass."""
    stances = {f"stance_{value}": Count("pk", filter=PUBLISHED & Q(response__stance=value)) for value in Stance.values}
    statuses = {f"status_{value}": Count("pk", filter=Q(seen_status=value)) for value in ImplementationStatus.values}
    days = ExpressionWrapper(TruncDate("response__published_at") - Value(meeting.date), output_field=DurationField())
    counts = base.order_by().aggregate(**stances, **statuses, average=Avg(days, filter=PUBLISHED))
    average = counts["average"]
    return {
        "by_stance": [(value, str(label), counts[f"stance_{value}"]) for value, label in Stance.choices],
        "by_status": [(value, str(label), counts[f"status_{value}"]) for value, label in ImplementationStatus.choices],
        "average_days_to_respond": round(average.total_seconds() / 86400, 1) if average is not None else None,
    }


def status_changes(base, meeting, language, track, limit=None):
    """Recommendations whose status moved since the meeting on the viewer's track: the status
    before it (the latest update of that track dated before the meeting, or "not started")
    against the status now. Returns (changes, how many there are); with `limit`, only the
    `limit` most recent changes."""
    before = track.updates(
        ProgressUpdate.objects.filter(recommendation=OuterRef("pk"), date__lt=meeting.date)
    ).order_by("-date", "-created_at")
    labels = dict(ImplementationStatus.choices)
    changed = (
        base.filter(seen_last_update_at__gte=meeting.date)
        .annotate(
            status_before=Coalesce(Subquery(before.values("status")[:1]), Value(ImplementationStatus.NOT_STARTED))
        )
        .exclude(seen_status=F("status_before"))
        .order_by("reference")
        .values("reference", "title_en", "title_zh_hans", "status_before", "seen_status", "seen_last_update_at")
    )
    count = None
    if limit is not None:
        count = changed.count()
        changed = changed.order_by("-seen_last_update_at", "reference")[:limit]
    rows = [
        {
            "reference": row["reference"],
            "title": localized(row, "title", language),
            "before": str(labels[row["status_before"]]),
            "now": str(labels[row["seen_status"]]),
            "date": row["seen_last_update_at"],
        }
        for row in changed
    ]
    return rows, len(rows) if count is None else count


def repeats(base, meeting, language, viewer):
    """Recommendations of this meeting that repeat one made at an earlier meeting which the
    viewer may see (a company sees only its own), with that one's status on the viewer's track."""
    earlier = Recommendation.objects.seen_by(viewer).filter(paper__meeting__number__lt=meeting.number)
    rows = (
        Recommendation.related.through.objects.filter(
            from_recommendation__in=base.values("pk"), to_recommendation__in=earlier.values("pk")
        )
        .values(
            "from_recommendation__reference",
            "from_recommendation__title_en",
            "from_recommendation__title_zh_hans",
            "to_recommendation__reference",
            f"to_recommendation__{tracks.track_of(viewer).status}",
        )
        .order_by("from_recommendation__reference", "to_recommendation__reference")
    )
    labels = dict(ImplementationStatus.choices)
    return [
        {
            "reference": row["from_recommendation__reference"],
            "title": localized(row, "from_recommendation__title", language),
            "earlier": row["to_recommendation__reference"],
            "earlier_status": str(labels[row[f"to_recommendation__{tracks.track_of(viewer).status}"]]),
        }
        for row in rows
    ]


def meeting_by_meeting(scope, meeting):
    """The trend (received, answered, implemented for this and every earlier meeting, oldest
    first) and the carry-over (still open and of them answered, per earlier meeting with any
    open, newest first), counted in one pass over the recommendations. (No join here repeats a
    recommendation, so the counts need no DISTINCT.)"""
    earlier = Q(paper__meeting__number__lt=meeting.number) & STILL_OPEN
    rows = list(
        scope.filter(paper__meeting__number__lte=meeting.number)
        .values("paper__meeting", "paper__meeting__number", "paper__meeting__year")
        .annotate(
            received=Count("pk"),
            responded=Count("pk", filter=PUBLISHED),
            implemented=Count("pk", filter=Q(seen_status=ImplementationStatus.IMPLEMENTED)),
            open=Count("pk", filter=earlier),
            answered=Count("pk", filter=earlier & PUBLISHED),
        )
        .order_by("paper__meeting__number")
    )
    keys = ("paper__meeting", "paper__meeting__number", "paper__meeting__year")
    trend_rows = [{key: row[key] for key in (*keys, "received", "responded", "implemented")} for row in rows]
    carried = [{key: row[key] for key in (*keys, "open", "answered")} for row in reversed(rows) if row["open"]]
    return trend_rows, carried
