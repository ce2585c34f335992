from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from companies.models import Company
from recommendations import roles
from recommendations.models import Recommendation, ResponseState
from recommendations.views import EMPTY_COUNTS, counts_by, status_summary


def company_list(request):
    companies = list(
        Company.objects.visible_to(request.user)
        .annotate(paper_count=Count("papers", distinct=True))
        .order_by("name_en")
    )
    counts = counts_by(Recommendation.objects.visible_to(request.user), "paper__company_id")
    for company in companies:
        company.counts = counts.get(company.pk, EMPTY_COUNTS)
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
            "status_summary": status_summary(recommendations),
            "answered": recommendations.filter(response__state=ResponseState.PUBLISHED).count(),
            "today": timezone.localdate(),
            "is_liaison": roles.role_of(request.user) == roles.LIAISON,
        },
    )
