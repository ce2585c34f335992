"""The work screens. Every object is looked up through a `visible_to` queryset (a liaison
asking for another company's object gets a 404), and every change is checked with
permissions.py (a user who may see but not change gets a 403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations import exports, figures, permissions, roles, tasks, workflow
from recommendations.figures import Figure
from recommendations.filters import RecommendationFilter
from recommendations.forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FeedbackForm,
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
from recommendations.once import submitted_once
from recommendations.reminders import digests

M2M_HISTORY_FIELDS = {"recommendation": ["supporting_departments"]}
PAGE_SIZE = 50
QUEUE_SIZE = 25


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


def recommendation_detail(request, reference, forms=None, extra=None, status=None):
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
        "children": Recommendation.objects.visible_to(user)
        .filter(parent=recommendation)
        .select_related("lead_department", "response")
        .order_by("order"),
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
    context.update(extra or {})
    status = status or (400 if forms else 200)
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


def back_to_recommendation(request, reference, **kwargs):
    return reverse("recommendations:detail", args=[reference])


once_per_form = submitted_once(back=back_to_recommendation)


@require_POST
@once_per_form
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
@once_per_form
def save_response(request, reference):
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    form = ResponseForm(request.POST, instance=workflow.current_response(recommendation))
    if not form.is_valid():
        return recommendation_detail(request, reference, forms={"response": form})
    submit = "submit" in request.POST
    try:
        workflow.save_response(recommendation, request.user, form, submit)
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
        # The notices are written with the feedback; an outage of the broker delays them only.
        tasks.enqueue(digests.clarification_notices(feedback, timezone.localdate()))
    messages.success(request, _("Thank you: your feedback reached the department."))
    return redirect(recommendation)


@require_POST
@once_per_form
def resolve_clarification(request, reference, pk):
    """The department answered a company's clarification request: close it."""
    recommendation = get_recommendation(request, reference)
    require_work(request, recommendation)
    feedback = get_object_or_404(Feedback, pk=pk, response__recommendation=recommendation, requests_clarification=True)
    if workflow.resolve_clarification(feedback):
        messages.success(request, _("The clarification request is marked as answered."))
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
    viewer = roles.viewer_of(request.user)
    queues = figures.count(
        [
            Figure(
                "awaiting_response",
                _("Awaiting a response"),
                {"department": department.pk, "stage": Lifecycle.AWAITING_RESPONSE.value},
            ),
            Figure("updates_due", _("Progress update due or overdue"), {"department": department.pk, "due": "update"}),
            Figure(
                "overdue", _("All overdue items of the department"), {"department": department.pk, "overdue": "any"}
            ),
        ],
        viewer,
        today,
    )
    queues = {figure.key: figure for figure in queues}

    def queue(key, *ordering):
        return figures.filtered(viewer, queues[key].params, today).for_list().order_by(*ordering)[:QUEUE_SIZE]

    mine = Recommendation.objects.visible_to(request.user).filter(lead_department=department).for_list()
    context = {
        "queues": queues,
        "department": department,
        "today": today,
        "awaiting_response": queue("awaiting_response", "paper__meeting__response_deadline", "reference"),
        "updates_due": queue("updates_due", "seen_update_due_on", "reference"),
        "recently_updated": mine.filter(seen_last_update_at__isnull=False).order_by("-seen_last_update_at")[:10],
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
                queryset=Recommendation.objects.visible_to(request.user)
                .select_related("lead_department")
                .prefetch_related(Prefetch("response", queryset=published))
                .order_by("order"),
            )
        )
        .order_by("-meeting__number", "position")
    )
    summary = figures.count(
        [
            Figure("total", _("Recommendations made")),
            Figure("answered", _("Answered by the government"), {"answered": "yes"}),
            Figure("implemented", _("Implemented"), {"status": ImplementationStatus.IMPLEMENTED.value}),
        ],
        roles.viewer_of(request.user),
    )
    return render(
        request,
        "recommendations/portal.html",
        {"company": company, "papers": papers, "summary": summary, "liaison": request.user.liaison},
    )


def paper_list(request):
    papers = list(Paper.objects.visible_to(request.user).select_related("meeting", "company"))
    counts = counts_by(Recommendation.objects.visible_to(request.user), "paper_id")
    for paper in papers:
        paper.counts = counts.get(paper.pk, EMPTY_COUNTS)
    papers.sort(key=lambda paper: (-paper.meeting.number, paper.position))
    return render(request, "recommendations/paper_list.html", {"papers": papers})


EMPTY_COUNTS = {"recommendations": 0, "answered": 0, "implemented": 0}


def counts_by(recommendations, key):
    """Recommendations, answered and implemented per value of `key`, on the viewer's track."""
    rows = (
        recommendations.order_by()
        .values(key)
        .annotate(
            recommendations=Count("pk"),
            answered=Count("pk", filter=Q(response__state=ResponseState.PUBLISHED)),
            implemented=Count("pk", filter=Q(seen_status=ImplementationStatus.IMPLEMENTED)),
        )
    )
    return {row.pop(key): row for row in rows}


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
    counts = dict(recommendations.order_by().values_list("seen_status").annotate(n=Count("pk")))
    return [(status, label, counts.get(status, 0)) for status, label in ImplementationStatus.choices]
