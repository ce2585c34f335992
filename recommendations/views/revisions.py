"""Revising a published response on its recommendation's page (recommendations/revisions.py):
the lead department drafts and submits the revision, the head or the secretariat publishes it
or sends it back. The company reads the published answer until then."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations import permissions, revisions, workflow
from recommendations.forms import RevisionForm, RevisionSignOffForm
from recommendations.views.actions import once_per_form, require_work
from recommendations.views.detail import get_recommendation, recommendation_detail


@require_POST
@once_per_form
def save_revision(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    response = workflow.current_response(recommendation)
    form = RevisionForm(request.POST, instance=revisions.open_revision(response), published=response)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"revision": form})
    submit = "submit" in request.POST
    try:
        revisions.save_revision(recommendation, request.user, form, submit)
    except workflow.StaleDraft as conflict:
        form.after_conflict(conflict.current)
        form.add_error(None, str(conflict))
        return recommendation_detail(
            request, reference, forms={"revision": form}, extra={"revision_conflict": conflict.current}, status=409
        )
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(
        request,
        _("Revision submitted for sign-off.")
        if submit
        else _("Revision saved: the company still reads the published answer."),
    )
    return redirect(recommendation)


@require_POST
@once_per_form
def sign_off_revision(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_sign_off(request.user, recommendation):
        raise PermissionDenied
    form = RevisionSignOffForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"revision_signoff": form})
    publish = form.cleaned_data["decision"] == RevisionSignOffForm.PUBLISH
    try:
        revisions.sign_off_revision(recommendation, request.user, publish, form.cleaned_data["comment"])
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(
        request,
        _("Revised answer published: the company reads it now and hears of it.")
        if publish
        else _("Revision sent back to the officer."),
    )
    return redirect(recommendation)
