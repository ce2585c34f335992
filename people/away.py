"""Away and stand-in: while an officer is away, the stand-in they (or their head, or the
secretariat) named receives their reminders and notices and acts for them (accounts.StandIn;
reminders/digests.py routes the e-mails, recommendations/permissions.acting_for the record)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import Officer, StandIn
from accounts.once import submitted_once
from people.forms import StandInForm


def scope(user):
    """(officers whose time away `user` may name, periods `user` sees); PermissionDenied for a
    liaison or an account without a role."""
    role = roles.role_of(user)
    officers = Officer.objects.filter(user__is_active=True).select_related("user", "department")
    periods = StandIn.objects.select_related("officer__user", "stand_in__user", "officer__department")
    if role == roles.SECRETARIAT:
        return officers, periods
    if role == roles.HEAD:
        department = user.officer.department_id
        return officers.filter(department_id=department), periods.filter(officer__department_id=department)
    if role == roles.OFFICER:
        mine = user.officer.pk
        return officers.filter(pk=mine), periods.filter(Q(officer_id=mine) | Q(stand_in_id=mine))
    raise PermissionDenied


def away(request):
    officers, periods = scope(request.user)
    today = timezone.localdate()
    own = getattr(request.user, "officer", None) if roles.role_of(request.user) != roles.SECRETARIAT else None
    stand_ins = Officer.objects.filter(user__is_active=True).select_related("user", "department")
    if own is not None:
        # An officer names a colleague; a head may also stand in for their officers.
        stand_ins = stand_ins.filter(department_id=own.department_id)
        if not own.is_head:
            stand_ins = stand_ins.exclude(pk=own.pk)
    form = StandInForm(
        request.POST or None,
        officers=officers,
        stand_ins=stand_ins,
        today=today,
        initial={"officer": own.pk if own else None, "starts_on": today},
    )
    if request.method == "POST":
        return name_stand_in(request, form)
    return render(request, "people/away.html", away_context(form, officers, periods, today))


def away_context(form, officers, periods, today):
    return {
        "form": form,
        "periods": periods.filter(ends_on__gte=today).order_by("starts_on", "pk"),
        # The periods this person may end: those of the officers they may name a period for.
        "endable": set(officers.values_list("pk", flat=True)),
        "today": today,
    }


@submitted_once(back=lambda request, *args: reverse("away"))
def name_stand_in(request, form):
    if not form.is_valid():
        officers, periods = scope(request.user)
        return render(request, "people/away.html", away_context(form, officers, periods, form.today), status=400)
    period = form.save(commit=False)
    period.created_by = request.user
    period.save()
    messages.success(
        request,
        _("%(stand_in)s stands in for %(name)s from %(start)s to %(end)s.")
        % {
            "stand_in": period.stand_in.name,
            "name": period.officer.name,
            "start": period.starts_on,
            "end": period.ends_on,
        },
    )
    return redirect("away")


@require_POST
@submitted_once(back=lambda request, *args, **kwargs: reverse("away"))
def end_period(request, pk):
    """End a period now: one not started yet is withdrawn, one under way ends yesterday."""
    officers, periods = scope(request.user)
    period = get_object_or_404(periods.filter(officer__in=officers), pk=pk)
    today = timezone.localdate()
    if period.starts_on >= today:
        period.delete()
    elif period.ends_on >= today:
        StandIn.objects.filter(pk=period.pk).update(ends_on=today - datetime.timedelta(days=1))
    messages.success(
        request, _("%(name)s is back: their reminders come to them again.") % {"name": period.officer.name}
    )
    return redirect("away")
