"""The secretariat's actions on recommendations: assign (from a recommendation's page, from the
returned queue on the overview, or many at once from the list: the ticked rows or all its filter
finds), move a target date, link a related recommendation, reopen a published response. Each is one transaction: all
applied, or nothing and a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.once import submitted_once
from recommendations import workflow
from recommendations.filters import RecommendationFilter
from recommendations.forms import AssignmentForm, BulkAssignmentForm, ExtensionRequestForm, LinkForm, ReopenForm
from recommendations.models import Recommendation
from recommendations.views.detail import get_recommendation, recommendation_detail


def require_secretariat(request):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied


def back_to_where_it_came_from(request, *args, **kwargs):
    return request.POST.get("next") or reverse("recommendations:list")


@require_POST
@submitted_once(back=lambda request, reference: reverse("recommendations:detail", args=[reference]))
def assign(request, reference):
    require_secretariat(request)
    recommendation = get_recommendation(request, reference)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"assignment": form})
    try:
        changed = workflow.assign(
            [recommendation],
            request.user,
            form.cleaned_data["lead_department"],
            list(form.cleaned_data["supporting_departments"]),
            form.cleaned_data["note"],
        )
    except workflow.AssignmentRefused as refusal:
        form.add_error(None, str(refusal))
        return recommendation_detail(request, reference, forms={"assignment": form})
    if changed:
        messages.success(
            request, _("Assigned to %(department)s.") % {"department": form.cleaned_data["lead_department"]}
        )
    else:
        messages.info(request, _("Nothing changed: it was already assigned so."))
    return redirect(request.POST.get("next") or recommendation.get_absolute_url())


@require_POST
@submitted_once(back=back_to_where_it_came_from)
def bulk_assign(request):
    """Assign the ticked rows, or every recommendation the list's filter (sent as `filter`)
    finds, to one lead department; their supporting departments stay as they are."""
    require_secretariat(request)
    back = request.POST.get("next") or reverse("recommendations:list")
    form = BulkAssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a lead department and what to assign."))
        return redirect(back)
    if form.cleaned_data["scope"] == "all":
        filterset = RecommendationFilter(
            QueryDict(request.POST.get("filter", "")),
            queryset=Recommendation.objects.visible_to(request.user),
            request=request,
        )
        if not filterset.is_valid():
            messages.error(request, _("The list's filter is not valid: nothing was assigned."))
            return redirect(back)
        chosen = list(filterset.qs)
    else:
        references = request.POST.getlist("references")
        chosen = list(Recommendation.objects.visible_to(request.user).filter(reference__in=references))
        if len(chosen) != len(set(references)):
            messages.error(request, _("Some of the ticked recommendations do not exist: nothing was assigned."))
            return redirect(back)
    if not chosen:
        messages.error(request, _("Tick at least one recommendation, or choose all that the filter finds."))
        return redirect(back)
    lead = form.cleaned_data["lead_department"]
    try:
        changed = workflow.assign(chosen, request.user, lead, None, form.cleaned_data["note"])
    except workflow.AssignmentRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)d recommendation assigned to %(department)s.",
            "%(count)d recommendations assigned to %(department)s.",
            len(changed),
        )
        % {"count": len(changed), "department": lead},
    )
    return redirect(back)


def back_to_page(request, reference):
    return reverse("recommendations:detail", args=[reference])


@require_POST
@submitted_once(back=back_to_page)
def move_target(request, reference):
    require_secretariat(request)
    recommendation = get_recommendation(request, reference)
    form = ExtensionRequestForm(request.POST, auto_id="id_target_%s")
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"target": form})
    try:
        workflow.move_target_date(
            recommendation, request.user, form.cleaned_data["requested_date"], form.cleaned_data["reason"]
        )
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("The target date is moved."))
    return redirect(recommendation)


@require_POST
@submitted_once(back=back_to_page)
def link(request, reference):
    require_secretariat(request)
    recommendation = get_recommendation(request, reference)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"link": form})
    other = Recommendation.objects.filter(reference=form.cleaned_data["reference"].strip()).first()
    if other is None:
        form.add_error("reference", _("There is no recommendation with this reference."))
        return recommendation_detail(request, reference, forms={"link": form})
    try:
        workflow.link_related(recommendation, other)
    except workflow.Conflict as conflict:
        form.add_error("reference", str(conflict))
        return recommendation_detail(request, reference, forms={"link": form})
    messages.success(request, _("Linked with %(reference)s.") % {"reference": other.reference})
    return redirect(recommendation)


@require_POST
@submitted_once(back=back_to_page)
def reopen(request, reference):
    require_secretariat(request)
    recommendation = get_recommendation(request, reference)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"reopen": form})
    try:
        workflow.reopen_response(recommendation, request.user, form.cleaned_data["reason"])
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("The response went back to the department as a draft."))
    return redirect(recommendation)
