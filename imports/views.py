"""Paper import screens (secretariat): upload, review the proposed recommendations, confirm."""

from itertools import zip_longest

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from ccec.queue import dispatch
from imports import drafts, tasks
from imports.forms import CandidateFormSet, PaperDetailsForm, PaperUploadForm
from imports.models import PaperImport


def require_secretariat(request):
    if roles.role_of(request.user) != roles.SECRETARIAT:
        raise PermissionDenied


def import_new(request):
    require_secretariat(request)
    form = PaperUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        draft.uploaded_by = request.user
        draft.save()
        if form.lines is not None:
            drafts.read_into(draft, form.lines)
        elif not dispatch(tasks.read_paper_import, str(draft.pk)):
            PaperImport.objects.filter(pk=draft.pk).fail(PaperImport.BROKER_DOWN)
        return redirect(draft)
    unfinished = PaperImport.objects.exclude(status=PaperImport.Status.CONFIRMED).select_related("meeting", "company")
    return render(request, "imports/new.html", {"form": form, "drafts": unfinished})


def initial_rows(draft):
    return [{**candidate, "keep": True, "order": index} for index, candidate in enumerate(draft.candidates, start=1)]


def import_review(request, pk):
    require_secretariat(request)
    if request.method == "POST":
        # One post at a time per draft: a second "confirm" (or a save racing a confirm) waits for
        # the first, then finds the draft confirmed instead of writing it back to review.
        with transaction.atomic():
            get_object_or_404(PaperImport.objects.select_for_update(), pk=pk)
            return review(request, pk)
    return review(request, pk)


def review(request, pk):
    # A read that stopped moving (its worker died) says so instead of refreshing forever.
    PaperImport.objects.filter(pk=pk).stalled(timezone.now()).fail(PaperImport.STALLED)
    draft = get_object_or_404(PaperImport.objects.select_related("meeting", "company", "paper"), pk=pk)
    if draft.status != PaperImport.Status.REVIEW:
        if request.method == "POST" and draft.status == PaperImport.Status.CONFIRMED:
            messages.info(request, _("This paper was confirmed already; nothing was created twice."))
            return redirect("paper_detail", meeting=draft.paper.meeting.number, position=draft.paper.position)
        return render(request, "imports/status.html", {"draft": draft})
    proposed = draft.proposed
    details = PaperDetailsForm(
        request.POST or None,
        initial={
            "title": proposed.get("title", ""),
            "authors": proposed.get("authors", ""),
            "company": draft.company or drafts.company_named(proposed.get("company", "")),
            "language": proposed.get("language", "en"),
        },
    )
    named = proposed.get("company", "")
    if named and not details.initial["company"]:
        details.fields["company"].help_text = _(
            "The paper names “%(name)s”, which is no member company: choose the member, or leave it empty."
        ) % {"name": escape(named)}  # help texts are shown as HTML: the paper's words are escaped
    formset = CandidateFormSet(request.POST or None, initial=initial_rows(draft), prefix="candidates")
    if request.method == "POST" and details.is_valid() and formset.is_valid():
        rows = [
            {**row, "topics": [topic.pk for topic in row["topics"]]}
            for row in formset.cleaned_data
            if row  # an untouched extra row is empty
        ]
        draft.candidates = drafts.apply_edits(rows)
        draft.proposed = {**proposed, **{key: details.cleaned_data[key] for key in ("title", "authors", "language")}}
        draft.company = details.cleaned_data["company"]
        if "add" in request.POST:
            draft.candidates.append(
                {
                    "key": None,
                    "number": "",
                    "title": "",
                    "text": "",
                    "parent": "",
                    "page": None,
                    "line": None,
                    "excerpt": "",
                    "confidence": 1.0,
                    "topics": [],
                }
            )
        draft.save()
        if "confirm" in request.POST:
            if any(not candidate["title"] for candidate in draft.candidates):
                messages.error(request, _("Give every recommendation a title, or drop it, before confirming."))
                return redirect(draft)
            paper = drafts.confirm(draft, {**details.cleaned_data, "company": draft.company})
            messages.success(
                request,
                _("The paper and its %(count)d recommendations were created.")
                % {"count": paper.recommendations.count()},
            )
            return redirect("paper_detail", meeting=paper.meeting.number, position=paper.position)
        messages.success(request, _("Draft saved. You can come back to it later."))
        return redirect(draft)
    return render(
        request,
        "imports/review.html",
        {
            "draft": draft,
            "details": details,
            "formset": formset,
            # Each form beside the candidate it came from (its source excerpt, page and line).
            "rows": [
                (form, candidate)
                for form, candidate in zip_longest(formset.forms, draft.candidates, fillvalue={})
                if form
            ],
        },
    )


@require_POST
def import_retry(request, pk):
    """Read a paper again after the background service failed or stopped."""
    require_secretariat(request)
    draft = get_object_or_404(PaperImport, pk=pk)
    restarted = PaperImport.objects.filter(pk=pk, status=PaperImport.Status.FAILED).update(
        status=PaperImport.Status.EXTRACTING, error="", updated_at=timezone.now()
    )
    if restarted and not dispatch(tasks.read_paper_import, str(draft.pk)):
        PaperImport.objects.filter(pk=pk).fail(PaperImport.BROKER_DOWN)
    return redirect(draft)
