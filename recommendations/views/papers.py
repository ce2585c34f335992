"""The papers and a paper's recommendations."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import roles
from meetings.models import Paper
from recommendations.models import (
    Recommendation,
)


def paper_list(request):
    papers = list(Paper.objects.visible_to(request.user).select_related("meeting", "company"))
    counts = Recommendation.objects.visible_to(request.user).counts_by("paper_id")
    for paper in papers:
        paper.counts = counts[paper.pk]
    papers.sort(key=lambda paper: (-paper.meeting.number, paper.position))
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
            "status_summary": recommendations.status_summary(),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
        },
    )
