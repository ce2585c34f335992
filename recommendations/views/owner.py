"""Who owns a recommendation: the head or the secretariat names the owner, an officer of the
lead department takes one nobody owns (workflow.set_owner, under the row lock)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations import permissions, workflow
from recommendations.forms import OwnerForm
from recommendations.views.actions import once_per_form
from recommendations.views.detail import get_recommendation, recommendation_detail


@require_POST
@once_per_form
def name_owner(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_name_owner(request.user, recommendation):
        raise PermissionDenied
    form = OwnerForm(request.POST, department=recommendation.lead_department)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"owner": form})
    officer = form.cleaned_data["officer"]
    try:
        workflow.set_owner(recommendation, request.user, officer)
    except workflow.Conflict as conflict:
        form.add_error(None, str(conflict))
        return recommendation_detail(request, reference, forms={"owner": form}, status=409)
    if officer is None:
        messages.success(request, _("Nobody owns it now: every officer of the department hears of it."))
    else:
        messages.success(request, _("%(name)s owns it now.") % {"name": officer.name})
    return redirect(recommendation)


@require_POST
@once_per_form
def take(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_take(request.user, recommendation):
        if recommendation.owner_id and permissions.can_work_on(request.user, recommendation):
            messages.error(request, _("%(name)s owns it already.") % {"name": recommendation.owner.name})
            return redirect(recommendation)
        raise PermissionDenied
    try:
        workflow.set_owner(recommendation, request.user, request.user.officer, take=True)
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("You own it now: its reminders and notices come to you."))
    return redirect(recommendation)
