"""A recommendation's page, its change history, and its evidence files.

Every object is looked up through a `visible_to` queryset (a liaison asking for another
company's object gets a 404).
"""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import roles
from recommendations import permissions, revisions
from recommendations.forms import (
    AssignmentForm,
    ClarificationForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FeedbackForm,
    LinkForm,
    OwnerForm,
    ProgressUpdateForm,
    ReopenForm,
    ResponseForm,
    ReturnAssignmentForm,
    RevisionForm,
    RevisionSignOffForm,
    SignOffForm,
)
from recommendations.history import history_of
from recommendations.models import (
    ExtensionStatus,
    Feedback,
    ProgressUpdate,
    Recommendation,
    ResponseState,
)


def get_recommendation(request, reference):
    queryset = Recommendation.objects.visible_to(request.user).select_related(
        "paper__meeting",
        "paper__company",
        "lead_department",
        "parent",
        "response__signed_off_by",
        "owner__user",
    )
    return get_object_or_404(queryset, reference=reference)


def recommendation_detail(request, reference, forms=None, extra=None, status=None):
    recommendation = get_recommendation(request, reference)
    user = request.user
    internal = permissions.sees_internal(user)
    response = permissions.response_shown_to(user, recommendation)
    is_secretariat = roles.role_of(user) == roles.SECRETARIAT
    forms = forms or {}
    # The secretariat sees its own actions; a department's forms only when it deliberately acts
    # on the department's behalf (?on_behalf=1: a banner says so, and its name is on the record).
    on_behalf = is_secretariat and (
        request.GET.get("on_behalf") == "1" or bool({"progress", "response", "return", "extension"} & set(forms))
    )
    can_work = permissions.can_work_on(user, recommendation) and (not is_secretariat or on_behalf)
    response_editable = can_work and (response is None or response.state == ResponseState.DRAFT)
    pending_extension = (
        recommendation.extensions.filter(status=ExtensionStatus.PENDING).select_related("requested_by").first()
        if internal
        else None
    )
    children = list(
        Recommendation.objects.visible_to(user)
        .filter(parent=recommendation)
        .select_related("lead_department", "response")
        .order_by("order")
    )
    supporting = list(recommendation.supporting_departments.all())
    today = timezone.localdate()
    context = {
        "recommendation": recommendation,
        "response": response,
        "internal": internal,
        # The secretariat edits both languages on the translation screen (translations app).
        "can_translate": is_secretariat,
        "is_secretariat": is_secretariat,
        "on_behalf": on_behalf,
        "target_form": forms.get("target")
        or (ExtensionRequestForm(auto_id="id_target_%s") if is_secretariat else None),
        "link_form": forms.get("link") or (LinkForm() if is_secretariat else None),
        "reopen_form": forms.get("reopen")
        or (ReopenForm() if is_secretariat and response is not None and response.is_published else None),
        "assignment_form": forms.get("assignment")
        or (
            AssignmentForm(
                initial={
                    "lead_department": recommendation.lead_department_id,
                    "supporting_departments": [department.pk for department in supporting],
                }
            )
            if is_secretariat
            else None
        ),
        "today": today,
        **(owner_context(user, recommendation, today, forms) if internal else {}),
        **revision_context(user, recommendation, response, can_work, internal, forms),
        "updates": ProgressUpdate.objects.visible_to(user)
        .filter(recommendation=recommendation)
        .select_related("author", "on_behalf_of")
        .order_by("-date", "-created_at"),
        "children": children,
        "related": recommendation.related.visible_to(user).select_related("paper__company"),
        "supporting": supporting,
        "topics": recommendation.topics.all(),
        "feedback": Feedback.objects.visible_to(user)
        .filter(response__recommendation=recommendation)
        .select_related("author"),
        "returns": recommendation.returns.select_related("department", "returned_by") if internal else [],
        "history": history_of(recommendation) if internal else [],
        "can_work": can_work,
        # A parent's progress rolls up from its sub-points: the page explains it instead.
        "progress_form": forms.get("progress")
        # (the government side sees every sub-point, so `children` holds them all when can_work)
        or (ProgressUpdateForm() if can_work and not children else None),
        "response_form": forms.get("response") or (ResponseForm(instance=response) if response_editable else None),
        "return_form": forms.get("return")
        or (ReturnAssignmentForm() if can_work and recommendation.published_response() is None else None),
        "signoff_form": forms.get("signoff")
        or (
            SignOffForm()
            if response is not None
            and response.state == ResponseState.AWAITING_SIGNOFF
            and permissions.can_sign_off(user, recommendation)
            else None
        ),
        # One form serves every open request; `clarifying` says which one a re-rendered form was for.
        "clarification_form": forms.get("clarification") or (ClarificationForm() if can_work else None),
        "feedback_form": forms.get("feedback")
        or (FeedbackForm() if permissions.can_give_feedback(user, recommendation) else None),
        "extensions": recommendation.extensions.select_related("requested_by", "decided_by") if internal else [],
        "pending_extension": pending_extension,
        "extension_form": forms.get("extension")
        or (ExtensionRequestForm() if can_work and pending_extension is None else None),
        "extension_decision_form": forms.get("extension_decision")
        or (
            ExtensionDecisionForm()
            if pending_extension is not None and permissions.can_sign_off(user, recommendation)
            else None
        ),
    }
    context.update(extra or {})
    if can_work and "clarifying" not in context:
        # The answer form sits under the oldest open request (one at a time).
        open_requests = [
            item for item in context["feedback"] if item.requests_clarification and not item.clarification_resolved_at
        ]
        context["clarifying"] = open_requests[-1].pk if open_requests else None
    status = status or (400 if forms else 200)
    return render(request, "recommendations/recommendation_detail.html", context, status=status)


def owner_context(user, recommendation, today, forms):
    """The owner card: who owns it, whether they are away (and who stands in), the head's or
    the secretariat's form to name one, an officer's "Take it", and the stand-in's banner."""
    owner = recommendation.owner
    away = owner.away.covering(today).select_related("stand_in__user").last() if owner is not None else None
    return {
        "owner_away": away,
        "owner_form": forms.get("owner")
        or (
            OwnerForm(initial={"officer": owner.pk if owner else None}, department=recommendation.lead_department)
            if permissions.can_name_owner(user, recommendation)
            else None
        ),
        "can_take": permissions.can_take(user, recommendation),
        "acting_for": permissions.acting_for(user, recommendation, today) if away is not None else None,
    }


def revision_context(user, recommendation, response, can_work, internal, forms):
    """A published answer's earlier versions (everyone who reads the answer), and for the
    government side the revision in the works with its forms."""
    if response is None or not response.is_published:
        return {}
    context = {"earlier_versions": list(response.earlier_versions.all()) if response.revised_at else []}
    if not internal:
        return context
    revision = revisions.open_revision(response)
    drafting = revision is None or revision.state == ResponseState.DRAFT
    if can_work and drafting:
        context["revision_form"] = forms.get("revision") or (
            RevisionForm(instance=revision, published=response) if revision else RevisionForm.from_published(response)
        )
    waiting = revision is not None and revision.state == ResponseState.AWAITING_SIGNOFF
    if waiting and permissions.can_sign_off(user, recommendation):
        context["revision_signoff_form"] = forms.get("revision_signoff") or RevisionSignOffForm()
    context["revision"] = revision
    return context


def evidence(request, pk):
    """Evidence files are never public: only people who may see the update (its company's
    liaisons for a shared one, the government side for any) get the file."""
    update = get_object_or_404(ProgressUpdate.objects.visible_to(request.user).exclude(evidence=""), pk=pk)
    return FileResponse(
        update.evidence.open("rb"), as_attachment=True, filename=update.evidence.name.rsplit("/", 1)[-1]
    )
