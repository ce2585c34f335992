"""Where each role lands: the secretariat's overview of every recommendation."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Department
from meetings.models import Meeting
from recommendations import figures
from recommendations.figures import Figure
from recommendations.models import (
    Lifecycle,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseState,
    ReturnedAssignment,
)


def home(request):
    """Each role lands on its own page."""
    role = roles.role_of(request.user)
    if role in (roles.OFFICER, roles.HEAD):
        return redirect("workspace")
    if role == roles.LIAISON:
        return redirect("portal")
    if role == roles.SECRETARIAT:
        return overview(request)
    return render(request, "home.html")


RETURNED_SHOWN = 20


def returned_queue():
    """The recommendations waiting to be assigned again, each with its latest return (why)."""
    waiting = Recommendation.objects.returned_to_secretariat().select_related("paper__company")[:RETURNED_SHOWN]
    latest = {}
    for item in ReturnedAssignment.objects.filter(recommendation__in=list(waiting)).select_related("department"):
        latest.setdefault(item.recommendation_id, item)  # newest first (Meta.ordering)
    return [(recommendation, latest.get(recommendation.pk)) for recommendation in waiting]


def overview(request):
    """The secretariat's overview: where every recommendation stands, what is late, what moved."""
    stages = [Figure(f"stage_{stage.value}", stage.label, {"stage": stage.value}) for stage in Lifecycle]
    alerts = [
        Figure("overdue_responses", _("Responses overdue"), {"overdue": "response"}),
        Figure("overdue_updates", _("Updates overdue"), {"overdue": "update"}),
        Figure("open_clarifications", _("Open clarification requests"), {"clarification": "on"}),
        Figure("returned", _("Returned, to assign again"), {"assigned": "returned"}),
    ]
    latest = Meeting.objects.order_by("-number").only("number", "year").first()
    if latest is not None:
        # What the newest meeting carries over: the open-meeting screen and the report count the same.
        alerts.append(
            Figure(
                "carried_over",
                _("Carried over into meeting %(number)s") % {"number": latest.number},
                {"carried_into": latest.number},
            )
        )
    figures.count(stages + alerts, roles.viewer_of(request.user))
    context = {
        "stages": stages,
        "alerts": alerts,
        "recent_updates": ProgressUpdate.objects.select_related("recommendation", "author").order_by("-created_at")[
            :10
        ],
        "recent_publications": Response.objects.filter(state=ResponseState.PUBLISHED)
        .select_related("recommendation", "signed_off_by")
        .order_by("-published_at")[:10],
        "returned_queue": returned_queue(),
        "departments": Department.objects.filter(is_active=True),
    }
    return render(request, "recommendations/overview.html", context)
