"""The work screens. Every object is looked up through a `visible_to` queryset (a liaison
asking for another company's object gets a 404), and every change is checked with
permissions.py (a user who may see but not change gets a 403).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations import accounts, exports, permissions, roles, tasks
from recommendations.filters import RecommendationFilter
from recommendations.forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FeedbackForm,
    InviteForm,
    ProgressUpdateForm,
    ResponseForm,
    ReturnAssignmentForm,
    SignOffForm,
)
from recommendations.models import (
    DeadlineExtension,
    ExtensionStatus,
    Feedback,
    ImplementationStatus,
    Lifecycle,
    Paper,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseState,
    ReturnedAssignment,
)

M2M_HISTORY_FIELDS = {"recommendation": ["supporting_departments"]}
PAGE_SIZE = 50
QUEUE_SIZE = 25
# The workspace lists updates falling due within this many days, as the reminders do.
UPDATE_WARNING = datetime.timedelta(days=14)


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
    today = timezone.localdate()
    recommendations = Recommendation.objects.all()
    counts = {stage: recommendations.in_lifecycle(stage).count() for stage in Lifecycle}
    stages = [(stage, stage.label, counts[stage]) for stage in Lifecycle]
    context = {
        "stages": stages,
        "overdue_responses": recommendations.response_overdue(today).filter(lead_department__isnull=False).count(),
        "overdue_updates": recommendations.update_overdue(today).count(),
        "open_clarifications": recommendations.with_open_clarification().count(),
        "recent_updates": ProgressUpdate.objects.select_related("recommendation", "author").order_by("-created_at")[
            :10
        ],
        "recent_publications": Response.objects.filter(state=ResponseState.PUBLISHED)
        .select_related("recommendation", "signed_off_by")
        .order_by("-published_at")[:10],
        "recent_returns": ReturnedAssignment.objects.select_related("recommendation", "department", "returned_by")[:10],
    }
    return render(request, "recommendations/overview.html", context)


def recommendation_list(request):
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.visible_to(request.user).for_list(), request=request
    )
    page = None
    if filterset.is_valid():
        queryset = filterset.qs
        if not filterset.form.cleaned_data.get("o"):
            queryset = queryset.order_by("paper__meeting__number", "paper__position", "order")
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/recommendation_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
        },
    )


def recommendation_export(request, file_format):
    filterset = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.visible_to(request.user).for_list(), request=request
    )
    if not filterset.is_valid():
        messages.error(request, _("Fix the filters before downloading."))
        return redirect(f"{reverse('recommendations:list')}?{request.GET.urlencode()}")
    queryset = filterset.qs.order_by("paper__meeting__number", "paper__position", "order")
    show_drafts = permissions.sees_internal(request.user)
    if file_format == "csv":
        return exports.csv_response(queryset, show_drafts, timezone.localdate())
    return exports.xlsx_response(queryset, show_drafts, timezone.localdate())


def get_recommendation(request, reference):
    queryset = Recommendation.objects.visible_to(request.user).select_related(
        "paper__meeting", "paper__company", "lead_department", "parent", "response__signed_off_by"
    )
    return get_object_or_404(queryset, reference=reference)


def recommendation_detail(request, reference, forms=None):
    recommendation = get_recommendation(request, reference)
    user = request.user
    internal = permissions.sees_internal(user)
    response = permissions.response_shown_to(user, recommendation)
    can_work = permissions.can_work_on(user, recommendation)
    response_editable = can_work and (response is None or response.state == ResponseState.DRAFT)
    pending_extension = (
        recommendation.extensions.filter(status=ExtensionStatus.PENDING).select_related("requested_by").first()
        if internal
        else None
    )
    forms = forms or {}
    context = {
        "recommendation": recommendation,
        "response": response,
        "internal": internal,
        "today": timezone.localdate(),
        "updates": ProgressUpdate.objects.visible_to(user)
        .filter(recommendation=recommendation)
        .select_related("author")
        .order_by("-date", "-created_at"),
        "children": recommendation.children.select_related("lead_department", "response").order_by("order"),
        "related": recommendation.related.visible_to(user).select_related("paper__company"),
        "supporting": recommendation.supporting_departments.all(),
        "topics": recommendation.topics.all(),
        "feedback": Feedback.objects.visible_to(user)
        .filter(response__recommendation=recommendation)
        .select_related("author"),
        "returns": recommendation.returns.select_related("department", "returned_by") if internal else [],
        "history": history_of(recommendation) if internal else [],
        "can_work": can_work,
        "progress_form": forms.get("progress") or (ProgressUpdateForm() if can_work else None),
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
    status = 400 if forms else 200
    return render(request, "recommendations/recommendation_detail.html", context, status=status)


def history_of(recommendation):
    """The recommendation's and its response's changes, newest first: who, when, which fields."""
    entries = []
    sources = [("recommendation", recommendation, Recommendation)]
    response = getattr(recommendation, "response", None)
    if response is not None:
        sources.append(("response", response, Response))
    for kind, obj, model in sources:
        records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
        for previous, record in zip([None, *records], records, strict=False):
            fields = []
            if previous is not None:
                # Many-to-many fields are left out: comparing them costs a query per entry.
                delta = record.diff_against(previous, excluded_fields=M2M_HISTORY_FIELDS.get(kind, ()))
                fields = [str(model._meta.get_field(change.field).verbose_name) for change in delta.changes]
            entries.append({"record": record, "kind": kind, "fields": fields, "created": previous is None})
    entries.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return entries


def require_work(request, recommendation):
    if not permissions.can_work_on(request.user, recommendation):
        raise PermissionDenied


@require_POST
def log_progress(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    form = ProgressUpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"progress": form})
    update = form.save(commit=False)
    update.recommendation = recommendation
    update.author = request.user
    update.save()
    messages.success(request, _("Progress logged."))
    return redirect(recommendation)


@require_POST
def save_response(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    response = getattr(recommendation, "response", None)
    if response is not None and response.state != ResponseState.DRAFT:
        messages.error(request, _("This response is with the department head or already published: it cannot change."))
        return redirect(recommendation)
    form = ResponseForm(request.POST, instance=response)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"response": form})
    response = form.save(commit=False)
    response.recommendation = recommendation
    response.department = recommendation.lead_department
    response.drafted_by = request.user
    if "submit" in request.POST:
        response.state = ResponseState.AWAITING_SIGNOFF
        response.submitted_at = timezone.now()
        messages.success(request, _("Response submitted for sign-off."))
    else:
        messages.success(request, _("Draft saved."))
    response.save()
    return redirect(recommendation)


@require_POST
def sign_off(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_sign_off(request.user, recommendation):
        raise PermissionDenied
    response = getattr(recommendation, "response", None)
    if response is None or response.state != ResponseState.AWAITING_SIGNOFF:
        messages.error(request, _("There is no response waiting for sign-off."))
        return redirect(recommendation)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"signoff": form})
    if form.cleaned_data["decision"] == SignOffForm.PUBLISH:
        response.state = ResponseState.PUBLISHED
        response.signed_off_by = request.user
        response.published_at = timezone.now()
        response.review_comment = form.cleaned_data["comment"]
        messages.success(request, _("Response published."))
    else:
        response.state = ResponseState.DRAFT
        response.review_comment = form.cleaned_data["comment"]
        messages.success(request, _("Response sent back to the officer."))
    response.save()
    return redirect(recommendation)


@require_POST
def return_assignment(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    if recommendation.lead_department_id is None or recommendation.published_response() is not None:
        messages.error(request, _("Only an assigned recommendation without a published response can be returned."))
        return redirect(recommendation)
    form = ReturnAssignmentForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"return": form})
    with transaction.atomic():
        ReturnedAssignment.objects.create(
            recommendation=recommendation,
            department=recommendation.lead_department,
            returned_by=request.user,
            reason=form.cleaned_data["reason"],
        )
        recommendation.lead_department = None
        recommendation._change_reason = form.cleaned_data["reason"]
        recommendation.save()
    messages.success(request, _("The recommendation went back to the secretariat."))
    return redirect("home")


@require_POST
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
        transaction.on_commit(lambda: tasks.notify_clarification.delay(feedback.pk))
    messages.success(request, _("Thank you: your feedback reached the department."))
    return redirect(recommendation)


@require_POST
def resolve_clarification(request, reference, pk):
    """The department answered a company's clarification request: close it."""
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    feedback = get_object_or_404(Feedback, pk=pk, response__recommendation=recommendation, requests_clarification=True)
    if feedback.clarification_resolved_at is None:
        feedback.clarification_resolved_at = timezone.now()
        feedback.save(update_fields=["clarification_resolved_at"])
        messages.success(request, _("The clarification request is marked as answered."))
    return redirect(recommendation)


@require_POST
def request_extension(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    if recommendation.extensions.filter(status=ExtensionStatus.PENDING).exists():
        messages.error(request, _("A request to move the target date is already waiting for a decision."))
        return redirect(recommendation)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"extension": form})
    DeadlineExtension.objects.create(
        recommendation=recommendation,
        requested_by=request.user,
        previous_date=recommendation.target_date,
        requested_date=form.cleaned_data["requested_date"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Your request to move the target date went to the head for a decision."))
    return redirect(recommendation)


@require_POST
def decide_extension(request, reference):
    recommendation = get_recommendation(request, reference)
    if not permissions.can_sign_off(request.user, recommendation):
        raise PermissionDenied
    extension = recommendation.extensions.filter(status=ExtensionStatus.PENDING).first()
    if extension is None:
        messages.error(request, _("There is no request to decide."))
        return redirect(recommendation)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"extension_decision": form})
    approve = form.cleaned_data["decision"] == ExtensionDecisionForm.APPROVE
    extension.decide(request.user, approve, form.cleaned_data["comment"])
    messages.success(request, _("Target date moved.") if approve else _("Request refused."))
    return redirect(recommendation)


def evidence(request, pk):
    """Evidence files are never public: only people who may see the update (its company's
    liaisons for a shared one, the government side for any) get the file."""
    update = get_object_or_404(ProgressUpdate.objects.visible_to(request.user).exclude(evidence=""), pk=pk)
    return FileResponse(
        update.evidence.open("rb"), as_attachment=True, filename=update.evidence.name.rsplit("/", 1)[-1]
    )


def workspace(request):
    """My department: what awaits a response, what needs an update, what moved lately."""
    role = roles.role_of(request.user)
    if role not in (roles.OFFICER, roles.HEAD):
        raise PermissionDenied
    department = request.user.officer.department
    today = timezone.localdate()
    mine = Recommendation.objects.filter(lead_department=department).for_list()
    context = {
        "department": department,
        "today": today,
        "awaiting_response": mine.awaiting_response().order_by("paper__meeting__response_deadline", "reference")[
            :QUEUE_SIZE
        ],
        "awaiting_response_count": mine.awaiting_response().count(),
        "updates_due": mine.filter(update_due_on__lte=today + UPDATE_WARNING).order_by("update_due_on")[:QUEUE_SIZE],
        "updates_due_count": mine.filter(update_due_on__lte=today + UPDATE_WARNING).count(),
        "recently_updated": mine.filter(last_update_at__isnull=False).order_by("-last_update_at")[:10],
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


@require_POST
def notice_settings(request):
    """A liaison turns the daily notices about their company's recommendations on or off."""
    if roles.role_of(request.user) != roles.LIAISON:
        raise PermissionDenied
    liaison = request.user.liaison
    liaison.wants_email = request.POST.get("wants_email") == "on"
    liaison.save(update_fields=["wants_email"])
    messages.success(request, _("E-mail notices are on.") if liaison.wants_email else _("E-mail notices are off."))
    return redirect("portal")


def portal(request):
    """My company: every paper and recommendation across meetings, as the company may see them."""
    if roles.role_of(request.user) != roles.LIAISON:
        raise PermissionDenied
    company = request.user.liaison.company
    published = Response.objects.filter(state=ResponseState.PUBLISHED)
    papers = (
        Paper.objects.visible_to(request.user)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("lead_department")
                .prefetch_related(Prefetch("response", queryset=published))
                .order_by("order"),
            )
        )
        .order_by("-meeting__number", "position")
    )
    summary = Recommendation.objects.visible_to(request.user).aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(response__state=ResponseState.PUBLISHED)),
        implemented=Count("pk", filter=Q(status="implemented")),
    )
    return render(
        request,
        "recommendations/portal.html",
        {"company": company, "papers": papers, "summary": summary, "liaison": request.user.liaison},
    )


def paper_list(request):
    papers = (
        Paper.objects.visible_to(request.user)
        .select_related("meeting", "company")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            answered_count=Count(
                "recommendations", filter=Q(recommendations__response__state=ResponseState.PUBLISHED), distinct=True
            ),
            implemented_count=Count("recommendations", filter=Q(recommendations__status="implemented"), distinct=True),
        )
        .order_by("-meeting__number", "position")
    )
    return render(request, "recommendations/paper_list.html", {"papers": papers})


def paper_detail(request, meeting, position):
    paper = get_object_or_404(
        Paper.objects.visible_to(request.user).select_related("meeting", "company"),
        meeting__number=meeting,
        position=position,
    )
    recommendations = Recommendation.objects.visible_to(request.user).filter(paper=paper).for_list().order_by("order")
    return render(
        request,
        "recommendations/paper_detail.html",
        {
            "paper": paper,
            "recommendations": recommendations,
            "status_summary": status_summary(recommendations),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
        },
    )


def status_summary(recommendations):
    """Counts by implementation status, in the order of the choices, for a bar of badges."""
    counts = dict(recommendations.order_by().values_list("status").annotate(n=Count("pk")))
    return [(status, label, counts.get(status, 0)) for status, label in ImplementationStatus.choices]


def invite(request):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = accounts.invite(form.cleaned_data, invited_by=request.user)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        return redirect("invite")
    return render(request, "registration/invite.html", {"form": form})
