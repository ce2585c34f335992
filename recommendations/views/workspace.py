"""A department's workspace and the sign-off queue."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Min
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from meetings.models import Meeting
from recommendations import figures
from recommendations.figures import Figure
from recommendations.models import (
    DeadlineExtension,
    ExtensionStatus,
    Feedback,
    Lifecycle,
    Recommendation,
    Response,
    ResponseRevision,
    ResponseState,
)

QUEUE_SIZE = 25
PAGE_SIZE = 50
# The long texts a sign-off line never shows.
RESPONSE_DEFERRED = [
    "text",
    "text_en",
    "text_zh_hans",
    "planned_measures",
    "planned_measures_en",
    "planned_measures_zh_hans",
    "recommendation__text",
    "recommendation__text_en",
    "recommendation__text_zh_hans",
    "recommendation__search_text",
    "recommendation__shared_search_text",
    "recommendation__search_vector",
    "recommendation__shared_search_vector",
    "recommendation__paper__abstract",
    "recommendation__paper__abstract_en",
    "recommendation__paper__abstract_zh_hans",
    "recommendation__paper__extracted_text",
]


def workspace(request):
    """My department: what awaits a response, what needs an update, what moved lately."""
    role = roles.role_of(request.user)
    if role not in (roles.OFFICER, roles.HEAD):
        raise PermissionDenied
    department = request.user.officer.department
    today = timezone.localdate()
    viewer = roles.viewer_of(request.user)
    queues = figures.count(
        [
            Figure(
                "awaiting_response",
                _("Awaiting a response"),
                {"department": department.pk, "stage": Lifecycle.AWAITING_RESPONSE.value},
            ),
            Figure("updates_due", _("Progress update due or overdue"), {"department": department.pk, "due": "update"}),
            Figure(
                "overdue", _("All overdue items of the department"), {"department": department.pk, "overdue": "any"}
            ),
            Figure("clarifications", _("Clarification requests"), {"department": department.pk, "clarification": "on"}),
            Figure("owned", _("Owned by you"), {"owner": request.user.officer.pk}),
            *carried_figure(department),
        ],
        viewer,
        today,
    )
    queues = {figure.key: figure for figure in queues}

    def queue(key, *ordering):
        return figures.filtered(viewer, queues[key].params, today).for_list().order_by(*ordering)[:QUEUE_SIZE]

    clarifications = list(queue("clarifications", "reference"))
    asked = dict(
        Feedback.objects.filter(
            response__recommendation__in=clarifications,
            requests_clarification=True,
            clarification_resolved_at__isnull=True,
        )
        .order_by()
        .values_list("response__recommendation_id")
        .annotate(first=Min("created_at"))
    )
    for recommendation in clarifications:
        recommendation.asked_on = timezone.localdate(asked[recommendation.pk]) if recommendation.pk in asked else None
        recommendation.asked_days = (today - recommendation.asked_on).days if recommendation.asked_on else None
    clarifications.sort(key=lambda item: item.asked_on or today)
    mine = Recommendation.objects.visible_to(request.user).filter(lead_department=department).for_list()
    context = {
        "comparison": compared(department),
        "queues": queues,
        "department": department,
        "today": today,
        "awaiting_response": queue("awaiting_response", "paper__meeting__response_deadline", "reference"),
        "updates_due": queue("updates_due", "seen_update_due_on", "reference"),
        "clarifications": clarifications,
        "recently_updated": mine.filter(seen_last_update_at__isnull=False).order_by("-seen_last_update_at")[:10],
        "signoff_queue": signoff_responses(request.user)[:QUEUE_SIZE] if role == roles.HEAD else None,
        "signoff_count": signoff_responses(request.user).count() if role == roles.HEAD else 0,
        "pending_extensions": DeadlineExtension.objects.filter(
            status=ExtensionStatus.PENDING, recommendation__lead_department=department
        ).select_related("recommendation", "requested_by")[:QUEUE_SIZE]
        if role == roles.HEAD
        else None,
        "returned_drafts": Response.objects.filter(
            recommendation__lead_department=department, state=ResponseState.DRAFT
        )
        .exclude(review_comment="")
        .select_related("recommendation")
        .order_by("-updated_at")[:QUEUE_SIZE],
    }
    return render(request, "recommendations/workspace.html", context)


def carried_figure(department):
    """The department's open items of earlier meetings that the latest meeting carries over
    (the list's `carried_into`, the report's and the overview's query); none before a second meeting."""
    numbers = list(Meeting.objects.order_by("-number").values_list("number", flat=True)[:2])
    if len(numbers) < 2:
        return []
    label = _("Carried over into meeting %(number)s") % {"number": numbers[0]}
    return [Figure("carried_over", label, {"department": department.pk, "carried_into": numbers[0]})]


# The figures a department sees against the median department (recommendations/performance.py).
COMPARED = ("on_time_pct", "median_days", "updates_on_time_pct")


def compared(department):
    """[(column, this department's value, its list's URL, the median department's value)] over
    every meeting; None when the department leads nothing yet."""
    from recommendations import performance

    dashboard = performance.build(with_trend=False, compact=True)
    mine = next((row for row in dashboard.rows if row.department.pk == department.pk), None)
    if mine is None:
        return None
    columns = {column.key: column for column in performance.COLUMNS}
    return [
        (columns[key], mine.values[key], mine.urls.get(columns[key].link), dashboard.medians.values[key])
        for key in COMPARED
    ]


def signoff_responses(user):
    """What waits for `user`'s sign-off, oldest submission first."""
    return (
        Response.objects.awaiting_signoff_by(user)
        .select_related("recommendation__paper__company", "recommendation__lead_department", "drafted_by")
        .defer(*RESPONSE_DEFERRED)
        .order_by("submitted_at", "pk")
    )


def signoff_revisions(user):
    """The revised answers waiting for `user`'s sign-off, oldest submission first."""
    waiting = ResponseRevision.objects.filter(state=ResponseState.AWAITING_SIGNOFF)
    if roles.role_of(user) == roles.HEAD:
        waiting = waiting.filter(response__recommendation__lead_department_id=user.officer.department_id)
    return (
        waiting.select_related("response__recommendation__paper__company", "drafted_by")
        .defer(*(f"response__{field}" for field in RESPONSE_DEFERRED))
        .order_by("submitted_at", "pk")
    )


def signoff_queue(request):
    role = roles.role_of(request.user)
    if role not in (roles.HEAD, roles.SECRETARIAT):
        raise PermissionDenied
    page = Paginator(signoff_responses(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"responses": page.object_list, "page": page, "revisions": list(signoff_revisions(request.user))}
    return render(request, "recommendations/signoff_queue.html", context)
