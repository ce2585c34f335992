"""Paper import screens (secretariat): upload, review the proposed recommendations, confirm."""

from itertools import zip_longest

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from recommendations import paper_import, roles, tasks
from recommendations.forms import CandidateFormSet, PaperDetailsForm, PaperUploadForm
from recommendations.models import PaperImport


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
            paper_import.read_into(draft, form.lines)
        else:
            transaction.on_commit(lambda: tasks.read_paper_import.delay(str(draft.pk)))
        return redirect(draft)
    drafts = PaperImport.objects.exclude(status=PaperImport.Status.CONFIRMED).select_related("meeting", "company")
    return render(request, "recommendations/import_new.html", {"form": form, "drafts": drafts})


def initial_rows(draft):
    return [{**candidate, "keep": True, "order": index} for index, candidate in enumerate(draft.candidates, start=1)]


def import_review(request, pk):
    require_secretariat(request)
    draft = get_object_or_404(PaperImport.objects.select_related("meeting", "company", "paper"), pk=pk)
    if draft.status != PaperImport.Status.REVIEW:
        return render(request, "recommendations/import_status.html", {"draft": draft})
    proposed = draft.proposed
    details = PaperDetailsForm(
        request.POST or None,
        initial={
            "title": proposed.get("title", ""),
            "authors": proposed.get("authors", ""),
            "company": draft.company or paper_import.company_named(proposed.get("company", "")),
            "language": proposed.get("language", "en"),
        },
    )
    formset = CandidateFormSet(request.POST or None, initial=initial_rows(draft), prefix="candidates")
    if request.method == "POST" and details.is_valid() and formset.is_valid():
        rows = [
            {**row, "topics": [topic.pk for topic in row["topics"]]}
            for row in formset.cleaned_data
            if row  # an untouched extra row is empty
        ]
        draft.candidates = paper_import.apply_edits(rows)
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
            paper = paper_import.confirm(draft, {**details.cleaned_data, "company": draft.company})
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
        "recommendations/import_review.html",
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
