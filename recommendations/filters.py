"""The recommendation list's filters: one FilterSet, its state in the URL."""

import re

import django_filters
from django import forms
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from recommendations import roles
from recommendations.models import (
    Department,
    ImplementationStatus,
    Lifecycle,
    Meeting,
    Recommendation,
    ResponseState,
    Stance,
    Topic,
)

CJK = re.compile(r"[\u3400-\u9fff]")
SEARCHED_FIELDS = ["title_en", "title_zh_hans", "text_en", "text_zh_hans"]
RESPONSE_FIELDS = ["response__text_en", "response__text_zh_hans"]

OVERDUE_CHOICES = [
    ("any", _("Response or update overdue")),
    ("response", _("Response overdue")),
    ("update", _("Update overdue")),
]


def companies_for(request):
    if request is None:
        return Company.objects.none()
    return Company.objects.visible_to(request.user)


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    meeting = django_filters.ModelChoiceFilter(
        field_name="paper__meeting", queryset=Meeting.objects.all(), label=_("Annual meeting")
    )
    company = django_filters.ModelChoiceFilter(field_name="paper__company", queryset=companies_for, label=_("Company"))
    topic = django_filters.ModelChoiceFilter(field_name="topics", queryset=Topic.objects.all(), label=_("Topic"))
    department = django_filters.ModelChoiceFilter(
        field_name="lead_department", queryset=Department.objects.all(), label=_("Lead department")
    )
    stance = django_filters.ChoiceFilter(choices=Stance.choices, method="filter_stance", label=_("Response"))
    status = django_filters.ChoiceFilter(choices=ImplementationStatus.choices, label=_("Implementation status"))
    stage = django_filters.ChoiceFilter(choices=Lifecycle.choices, method="filter_stage", label=_("Stage"))
    overdue = django_filters.ChoiceFilter(choices=OVERDUE_CHOICES, method="filter_overdue", label=_("Overdue"))
    clarification = django_filters.BooleanFilter(
        method="filter_clarification",
        label=_("Open clarification request"),
        widget=forms.CheckboxInput,
    )
    progress_min = django_filters.NumberFilter(
        field_name="progress", lookup_expr="gte", label=_("Progress from (%)"), min_value=0, max_value=100
    )
    progress_max = django_filters.NumberFilter(
        field_name="progress", lookup_expr="lte", label=_("Progress to (%)"), min_value=0, max_value=100
    )
    o = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("paper__company__name_en", "company"),
            ("status", "status"),
            ("progress", "progress"),
            ("last_update_at", "updated"),
            ("target_date", "target"),
        ],
        field_labels={
            "reference": _("Reference"),
            "paper__company__name_en": _("Company"),
            "status": _("Status"),
            "progress": _("Progress"),
            "last_update_at": _("Last update"),
            "target_date": _("Target date"),
        },
        label=_("Order by"),
    )

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        # The BooleanFilter's checkbox sends "on"; anything else means "not asked".
        self.form.fields["clarification"].required = False

    @property
    def is_liaison(self):
        return self.request is not None and roles.role_of(self.request.user) == roles.LIAISON

    def published_only(self):
        """A liaison's filters and search may only look at published responses."""
        return Q(response__state=ResponseState.PUBLISHED) if self.is_liaison else Q()

    def filter_stance(self, queryset, name, value):
        return queryset.filter(Q(response__stance=value) & self.published_only())

    def filter_stage(self, queryset, name, value):
        return queryset.in_lifecycle(value)

    def filter_overdue(self, queryset, name, value):
        if value == "response":
            return queryset.response_overdue(self.today)
        if value == "update":
            return queryset.update_overdue(self.today)
        return queryset.overdue(self.today)

    def filter_clarification(self, queryset, name, value):
        return queryset.with_open_clarification() if value else queryset

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql" and not CJK.search(value):
            return self._full_text_search(queryset, value)
        # SQLite, and Chinese text (PostgreSQL's parsers do not split it into words): substring match.
        match = Q(reference__icontains=value)
        for field in SEARCHED_FIELDS:
            match |= Q(**{f"{field}__icontains": value})
        response_match = Q()
        for field in RESPONSE_FIELDS:
            response_match |= Q(**{f"{field}__icontains": value})
        return queryset.filter(match | (response_match & self.published_only()))

    def _full_text_search(self, queryset, value):
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(value, search_type="websearch", config="simple")
        own = SearchVector(*SEARCHED_FIELDS, config="simple")
        response = SearchVector(*RESPONSE_FIELDS, config="simple")
        matched_own = queryset.annotate(_own=own).filter(_own=query).values("pk")
        matched_response = (
            queryset.filter(self.published_only()).annotate(_response=response).filter(_response=query).values("pk")
        )
        return queryset.filter(Q(pk__in=matched_own) | Q(pk__in=matched_response) | Q(reference__iexact=value))
