"""A department's workspace and the sign-off queue."""

from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from recommendations import figures
from recommendations.figures import Figure
from recommendations.models import (
    DeadlineExtension,
    ExtensionStatus,
    Feedback,
    Lifecycle,
    Recommendation,
    Response,
    ResponseState,
)

QUEUE_SIZE = 25


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
        "queues": queues,
        "department": department,
        "today": today,
        "awaiting_response": queue("awaiting_response", "paper__meeting__response_deadline", "reference"),
        "updates_due": queue("updates_due", "seen_update_due_on", "reference"),
        "clarifications": clarifications,
        "recently_updated": mine.filter(seen_last_update_at__isnull=False).order_by("-seen_last_update_at")[:10],
        "signoff_queue": Response.objects.awaiting_signoff_by(request.user)
        .select_related("recommendation__paper__company", "drafted_by")
        .order_by("submitted_at")
        if role == roles.HEAD
        else None,
        "pending_extensions": DeadlineExtension.objects.filter(
            status=ExtensionStatus.PENDING, recommendation__lead_department=department
        ).select_related("recommendation", "requested_by")
        if role == roles.HEAD
        else None,
        "returned_drafts": Response.objects.filter(
            recommendation__lead_department=department, state=ResponseState.DRAFT
        )
        .exclude(review_comment="")
        .select_related("recommendation"),
    }
    return render(request, "recommendations/workspace.html", context)


def signoff_queue(request):
    role = roles.role_of(request.user)
    if role not in (roles.HEAD, roles.SECRETARIAT):
        raise PermissionDenied
    responses = (
        Response.objects.awaiting_signoff_by(request.user)
        .select_related("recommendation__paper__company", "recommendation__lead_department", "drafted_by")
        .order_by("submitted_at")
    )
    return render(request, "recommendations/signoff_queue.html", {"responses": responses})
