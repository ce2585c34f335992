"""The recommendation list and its downloads: one FilterSet, its state in the URL."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from recommendations import exports, permissions
from recommendations.filters import RecommendationFilter
from recommendations.forms import BulkAssignmentForm
from recommendations.models import (
    Recommendation,
)

PAGE_SIZE = 50


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
            "bulk_form": BulkAssignmentForm() if roles.role_of(request.user) == roles.SECRETARIAT else None,
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
