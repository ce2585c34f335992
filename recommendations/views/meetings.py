"""The secretariat opens the next annual meeting and sees, in the same step, what it carries
over: the open recommendations of earlier meetings, which stay where they are (querysets.
carried_into; the report's carry-over section and the list's `carried_into` filter count the same)."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.once import submitted_once
from meetings.forms import OpenMeetingForm
from meetings.models import Meeting
from recommendations.models import Recommendation
from recommendations.views.assignment import require_secretariat

# The open items the screen lists before "see all" (the list shows every one).
SHOWN = 50


def open_meeting(request):
    require_secretariat(request)
    form = OpenMeetingForm(request.POST or None)
    if request.method == "POST":
        return _create(request, form)
    return _page(request, form)


@submitted_once(back=lambda request, *args: reverse("open_meeting"))
def _create(request, form):
    if not form.is_valid():
        return _page(request, form)
    try:
        with transaction.atomic():
            meeting = form.save()
    except IntegrityError:
        # Someone opened a meeting with this number between the check and the save.
        form.add_error("number", _("An annual meeting with this number exists already."))
        return _page(request, form)
    carried = Recommendation.objects.visible_to(request.user).carried_into(meeting).count()
    messages.success(
        request,
        ngettext(
            "%(meeting)s is open. %(count)s open recommendation of earlier meetings is carried over.",
            "%(meeting)s is open. %(count)s open recommendations of earlier meetings are carried over.",
            carried,
        )
        % {"meeting": meeting, "count": carried},
    )
    return redirect(f"{reverse('recommendations:list')}?carried_into={meeting.number}")


def _page(request, form):
    number = form["number"].value()
    try:
        upcoming = Meeting(number=int(number))
    except (TypeError, ValueError):
        upcoming = None
    carried = None
    if upcoming is not None:
        carried = Recommendation.objects.visible_to(request.user).carried_into(upcoming).for_list().order_by("sort_key")
    return render(
        request,
        "meetings/open_meeting.html",
        {
            "form": form,
            "upcoming": upcoming,
            "carried": carried[:SHOWN] if carried is not None else None,
            "carried_count": carried.count() if carried is not None else 0,
            "carried_url": f"{reverse('recommendations:list')}?carried_into={upcoming.number}" if upcoming else "",
            "today": timezone.localdate(),
        },
    )
