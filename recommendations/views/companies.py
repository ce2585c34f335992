"""Companies as the government side sees them, and a liaison's own company (the portal)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
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
from recommendations.models.querysets import LIST_DEFERRED

# The portal shows this many papers a page, each with all its recommendations.
PORTAL_PAPERS = 10
COMPANY_PAGE_SIZE = 50
PAPER_DEFERRED = ("abstract", "abstract_en", "abstract_zh_hans", "extracted_text")
PUBLISHED_DEFERRED = ("planned_measures", "planned_measures_en", "planned_measures_zh_hans", "review_comment")


def portal(request):
    """My company: every paper and recommendation across meetings, as the company may see them."""
    if roles.role_of(request.user) != roles.LIAISON:
        raise PermissionDenied
    company = request.user.liaison.company
    published = Response.objects.filter(state=ResponseState.PUBLISHED).defer(*PUBLISHED_DEFERRED)
    papers = (
        Paper.objects.visible_to(request.user)
        .select_related("meeting")
        .defer(*PAPER_DEFERRED)
        .order_by("-meeting__number", "position", "pk")
    )
    page = Paginator(papers, PORTAL_PAPERS).get_page(request.GET.get("page"))
    papers = list(page.object_list)
    prefetch_related_objects(
        papers,
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.visible_to(request.user)
            .select_related("lead_department")
            .defer(*(name for name in LIST_DEFERRED if "__" not in name))
            .prefetch_related(Prefetch("response", queryset=published))
            .order_by("order"),
        ),
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
        {"company": company, "papers": papers, "page": page, "summary": summary, "liaison": request.user.liaison},
    )


def company_list(request):
    companies = (
        Company.objects.visible_to(request.user)
        .annotate(paper_count=Count("papers", distinct=True))
        .order_by("name_en", "pk")
    )
    page = Paginator(companies, COMPANY_PAGE_SIZE).get_page(request.GET.get("page"))
    companies = list(page.object_list)
    counts = (
        Recommendation.objects.visible_to(request.user)
        .filter(paper__company__in=companies)
        .counts_by("paper__company_id")
    )
    for company in companies:
        company.counts = counts[company.pk]
    return render(request, "companies/company_list.html", {"companies": companies, "page": page})


def company_detail(request, slug):
    company = get_object_or_404(Company.objects.visible_to(request.user), slug=slug)
    recommendations = (
        Recommendation.objects.visible_to(request.user)
        .filter(paper__company=company)
        .for_list()
        .order_by("-paper__meeting__number", "paper__position", "order", "pk")
    )
    page = Paginator(recommendations, COMPANY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "liaisons": company.liaisons.select_related("user") if roles.role_of(request.user) != roles.LIAISON else [],
            "recommendations": page.object_list,
            "page": page,
            "status_summary": recommendations.status_summary(),
            "answered": recommendations.filter(response__state=ResponseState.PUBLISHED).count(),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
        },
    )
