"""The papers and a paper's recommendations."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import roles
from meetings.models import Paper
from recommendations.models import (
    Recommendation,
)

PAGE_SIZE = 50


def paper_list(request):
    """The papers, newest meeting first, a page at a time with their counts."""
    papers = (
        Paper.objects.visible_to(request.user)
        .select_related("meeting", "company")
        .defer("abstract", "abstract_en", "abstract_zh_hans", "extracted_text")
        .order_by("-meeting__number", "position", "pk")
    )
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    counts = Recommendation.objects.visible_to(request.user).filter(paper__in=shown).counts_by("paper_id")
    for paper in shown:
        paper.counts = counts[paper.pk]
    return render(request, "recommendations/paper_list.html", {"papers": shown, "page": page})


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
            "status_summary": recommendations.status_summary(),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
        },
    )
