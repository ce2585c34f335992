"""Where each role lands: the secretariat's overview of every recommendation."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import roles
from recommendations import figures
from recommendations.figures import Figure
from recommendations.models import (
    Lifecycle,
    ProgressUpdate,
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


def overview(request):
    """The secretariat's overview: where every recommendation stands, what is late, what moved."""
    stages = [Figure(f"stage_{stage.value}", stage.label, {"stage": stage.value}) for stage in Lifecycle]
    alerts = [
        Figure("overdue_responses", _("Responses overdue"), {"overdue": "response"}),
        Figure("overdue_updates", _("Updates overdue"), {"overdue": "update"}),
        Figure("open_clarifications", _("Open clarification requests"), {"clarification": "on"}),
    ]
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
        "recent_returns": ReturnedAssignment.objects.select_related("recommendation", "department", "returned_by")[:10],
    }
    return render(request, "recommendations/overview.html", context)
