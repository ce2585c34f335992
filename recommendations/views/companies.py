"""Companies as the government side sees them, and a liaison's own company (the portal)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from companies.models import Company
from meetings.models import Paper
from recommendations import figures
from recommendations.figures import Figure
from recommendations.models import (
    ImplementationStatus,
    Recommendation,
    Response,
    ResponseState,
)


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


def company_list(request):
    companies = list(
        Company.objects.visible_to(request.user)
        .annotate(paper_count=Count("papers", distinct=True))
        .order_by("name_en")
    )
    counts = Recommendation.objects.visible_to(request.user).counts_by("paper__company_id")
    for company in companies:
        company.counts = counts[company.pk]
    return render(request, "companies/company_list.html", {"companies": companies})


def company_detail(request, slug):
    company = get_object_or_404(Company.objects.visible_to(request.user), slug=slug)
    recommendations = (
        Recommendation.objects.visible_to(request.user)
        .filter(paper__company=company)
        .for_list()
        .order_by("-paper__meeting__number", "paper__position", "order")
    )
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "liaisons": company.liaisons.select_related("user") if roles.role_of(request.user) != roles.LIAISON else [],
            "recommendations": recommendations,
            "status_summary": recommendations.status_summary(),
            "answered": recommendations.filter(response__state=ResponseState.PUBLISHED).count(),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
        },
    )
