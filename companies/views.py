from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from companies.models import Company
from recommendations import roles
from recommendations.models import Recommendation, ResponseState
from recommendations.views import status_summary


def company_list(request):
    companies = (
        Company.objects.visible_to(request.user)
        .annotate(
            paper_count=Count("papers", distinct=True),
            recommendation_count=Count("papers__recommendations", distinct=True),
            implemented_count=Count(
                "papers__recommendations", filter=Q(papers__recommendations__status="implemented"), distinct=True
            ),
        )
        .order_by("name_en")
    )
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
