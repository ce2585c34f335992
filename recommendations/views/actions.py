"""What people do on a recommendation's page: each a POST, checked with permissions.py (a user
who may see but not change gets a 403), sent once (accounts/once.py), and carried out by one
locked transition (workflow.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.once import submitted_once
from recommendations import permissions, signals, workflow
from recommendations.forms import (
    ClarificationForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FeedbackForm,
    ProgressUpdateForm,
    ResponseForm,
    ReturnAssignmentForm,
    SignOffForm,
)
from recommendations.models import (
    Feedback,
)
from recommendations.views.detail import get_recommendation, recommendation_detail


def require_work(request, recommendation):
    if not permissions.can_work_on(request.user, recommendation):
        raise PermissionDenied


def back_to_recommendation(request, reference, **kwargs):
    return reverse("recommendations:detail", args=[reference])


once_per_form = submitted_once(back=back_to_recommendation)


@require_POST
@once_per_form
def log_progress(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    if recommendation.children.exists():
        # Its status rolls up from its sub-points: an update here would be ignored.
        messages.error(request, _("This recommendation's progress rolls up from its sub-points: log it on them."))
        return redirect(recommendation)
    form = ProgressUpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"progress": form})
    update = form.save(commit=False)
    update.recommendation = recommendation
    update.author = request.user
    owner = permissions.acting_for(request.user, recommendation, timezone.localdate())
    update.on_behalf_of = owner.user if owner else None
    update.save()
    messages.success(request, _("Progress logged."))
    return redirect(recommendation)


@require_POST
@once_per_form
def save_response(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    form = ResponseForm(request.POST, instance=workflow.current_response(recommendation))
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"response": form})
    submit = "submit" in request.POST
    try:
        owner = permissions.acting_for(request.user, recommendation, timezone.localdate())
        workflow.save_response(recommendation, request.user, form, submit, on_behalf_of=owner)
    except workflow.StaleDraft as conflict:
        form.after_conflict(conflict.current)
        form.add_error(None, str(conflict))
        return recommendation_detail(
            request, reference, forms={"response": form}, extra={"response_conflict": conflict.current}, status=409
        )
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("Response submitted for sign-off.") if submit else _("Draft saved."))
    return redirect(recommendation)


@require_POST
@once_per_form
def sign_off(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_sign_off(request.user, recommendation):
        raise PermissionDenied
    form = SignOffForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"signoff": form})
    publish = form.cleaned_data["decision"] == SignOffForm.PUBLISH
    try:
        workflow.sign_off(recommendation, request.user, publish, form.cleaned_data["comment"])
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("Response published.") if publish else _("Response sent back to the officer."))
    return redirect(recommendation)


@require_POST
@once_per_form
def return_assignment(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    form = ReturnAssignmentForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"return": form})
    try:
        workflow.return_assignment(recommendation, request.user, form.cleaned_data["reason"])
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("The recommendation went back to the secretariat."))
    return redirect("home")


@require_POST
@once_per_form
def give_feedback(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_give_feedback(request.user, recommendation):
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"feedback": form})
    feedback = form.save(commit=False)
    feedback.response = recommendation.response
    feedback.author = request.user
    feedback.save()
    if feedback.requests_clarification:
        # The notices are written with the feedback (reminders/receivers.py); an outage of the
        # broker delays them only.
        signals.clarification_requested.send(sender=Feedback, feedback=feedback, by=request.user)
    messages.success(request, _("Thank you: your feedback reached the department."))
    return redirect(recommendation)


@require_POST
@once_per_form
def answer_clarification(request, reference, pk):
    """The department answers a company's clarification request in words; the company reads the
    answer under its request and hears of it (reminders/receivers.py)."""
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    feedback = get_object_or_404(Feedback, pk=pk, response__recommendation=recommendation, requests_clarification=True)
    form = ClarificationForm(request.POST, instance=feedback)
    if not form.is_valid():
        return recommendation_detail(
            request, reference, forms={"clarification": form}, extra={"clarifying": feedback.pk}
        )
    texts = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        workflow.answer_clarification(feedback, request.user, texts)
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("Your clarification is sent to the company."))
    return redirect(recommendation)


@require_POST
@once_per_form
def request_extension(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"extension": form})
    try:
        workflow.request_extension(
            recommendation, request.user, form.cleaned_data["requested_date"], form.cleaned_data["reason"]
        )
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("Your request to move the target date went to the head for a decision."))
    return redirect(recommendation)


@require_POST
@once_per_form
def decide_extension(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_sign_off(request.user, recommendation):
        raise PermissionDenied
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"extension_decision": form})
    approve = form.cleaned_data["decision"] == ExtensionDecisionForm.APPROVE
    try:
        workflow.decide_extension(recommendation, request.user, approve, form.cleaned_data["comment"])
    except workflow.Conflict as conflict:
        messages.error(request, str(conflict))
        return redirect(recommendation)
    messages.success(request, _("Target date moved.") if approve else _("Request refused."))
    return redirect(recommendation)
