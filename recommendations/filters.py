"""The recommendation list's filters: one FilterSet, its state in the URL."""

import re

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Department, Officer
from ccec.bilingual import in_language
from ccec.widgets import fast_selects
from companies.models import Company
from meetings.models import Meeting, Topic
from recommendations import search, tracks
from recommendations.choices import ACTING_STANCES
from recommendations.models import ImplementationStatus, Lifecycle, Recommendation, ResponseState, Stance

# "16-02" or "16-02-01": the recommendations of a paper, or one, by reference.
REFERENCE_PREFIX = re.compile(r"\d+(-\d+){1,2}")
OVERDUE_CHOICES = [
    ("any", _("Response or update overdue")),
    ("response", _("Response overdue")),
    ("update", _("Update overdue")),
]
ASSIGNED_CHOICES = [
    ("yes", _("Assigned to a department")),
    ("no", _("Not assigned yet")),
    ("returned", _("Returned by a department, to assign again")),
]
ANSWERED_CHOICES = [
    ("yes", _("Answered (published response)")),
    ("on_time", _("Answered by the deadline")),
    ("late", _("Answered after the deadline")),
    ("no", _("Not answered yet")),
]
UPDATES_CHOICES = [
    ("expected", _("Progress updates expected")),
    ("on_time", _("Progress updates on time")),
]
RATED_CHOICES = [
    ("yes", _("Rated by the company")),
    ("answer_high", _("Answer rated 4 or 5")),
    ("result_high", _("Result rated 4 or 5")),
]
TRANSLATION_CHOICES = [("needs", _("Needs translation")), ("machine", _("Machine draft to check"))]
# "acting": the stances that commit the government to act (ACTING_STANCES).
ACTING = "acting"
STANCE_CHOICES = [(ACTING, _("Accepted fully or partly")), *Stance.choices]
# The daily reminder's rules (models/deadlines.py): a reminder e-mail's "see all" link opens
# the list with `reminder=<rule>` (and the department), the same query that counted it.
REMINDER_RULES = {
    "response_due_soon": ("response_due_soon", _("Response due soon")),
    "response_overdue": ("response_late", _("Response overdue")),
    "update_due_soon": ("update_due_soon", _("Progress update due soon")),
    "update_overdue": ("update_late", _("Progress update overdue")),
    "past_target": ("past_target", _("Past the target date, not implemented")),
    "unassigned": ("awaiting_assignment", _("Waiting for a lead department")),
    "escalations": (None, _("Escalated to the head: long overdue")),
}
REMINDER_CHOICES = [(key, label) for key, (_method, label) in REMINDER_RULES.items()]
DUE_CHOICES = [("update", _("Progress update due within 14 days or overdue"))]
# The workspace and the reminders warn this many days before an update falls due.
UPDATE_WARNING_DAYS = 14


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering with its "(descending)" labels in ccec's catalogue, built
    lazily so that each request reads them in its own language."""

    descending_fmt = _("{} (descending)")

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, field)) for field, param in fields.items()]
        descending = [
            (f"-{param}", labels.get(f"-{param}", format_lazy(self.descending_fmt, label)))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


def _picked(english, chinese):
    """A translated name in the reader's language (ccec/bilingual.py), never None."""
    return in_language(english, chinese) or ""


# The model choices of the filter form as the columns their labels are made of: the form names
# 350 companies, meetings, topics and departments, and building a model instance for each
# option was a quarter of the list page's time. The labels are the models' __str__.
PLAIN_CHOICES = {
    **{
        name: (
            ("number", "year"),
            lambda number, year: gettext("Annual meeting %(number)s (%(year)s)") % {"number": number, "year": year},
        )
        for name in ("meeting", "carried_into")
    },
    "company": (("name_en", "name_zh_hans"), _picked),
    "owner": (
        ("user__first_name", "user__last_name", "user__username"),
        lambda first, last, username: f"{first} {last}".strip() or username,
    ),
    "topic": (("name_en", "name_zh_hans"), _picked),
    **{
        name: (
            ("short_name_en", "short_name_zh_hans", "name_en", "name_zh_hans"),
            lambda short_en, short_zh, name_en, name_zh: _picked(short_en, short_zh) or _picked(name_en, name_zh),
        )
        for name in ("supporting", "returned_by")
    },
    "department": (
        ("short_name_en", "short_name_zh_hans", "name_en", "name_zh_hans"),
        lambda short_en, short_zh, name_en, name_zh: _picked(short_en, short_zh) or _picked(name_en, name_zh),
    ),
}


# The selects whose choices are every department: one read of the table serves them all.
DEPARTMENT_SELECTS = ("department", "supporting", "returned_by")
GOVERNMENT_ONLY = ("reminder", "supporting", "returned_by", "rated", "owner", "responsible")


def plain_choices(field, columns, label, rows=None):
    """A callable that lists `field`'s choices (its queryset, in its order) from plain rows;
    `rows()`, when given, reads them (several selects of one table share one read)."""

    listed = []
    if rows is None:
        key = field.to_field_name or "pk"
        # The option's value is the field's key (pk, or e.g. a meeting's number), read apart from
        # the label's columns even when it is one of them.
        if key in columns:
            at = columns.index(key)
            rows = lambda: [(row[at], *row) for row in field.queryset.values_list(*columns)]  # noqa: E731
        else:
            rows = lambda: field.queryset.values_list(key, *columns)  # noqa: E731

    def choices():
        # Read once: rendering a select also asks for its first choice (the required attribute).
        if not listed:
            listed.extend([("", field.empty_label)] if field.empty_label is not None else [])
            if getattr(field, "null_label", None):
                listed.append((field.null_value, field.null_label))
            listed.extend((pk, label(*values)) for pk, *values in rows())
        return listed

    return choices


def shared_rows(queryset, columns, read):
    """The rows of `queryset` (pk and `columns`), read once per `read` dict."""
    key = (queryset.model, columns)

    def rows():
        if key not in read:
            read[key] = list(queryset.values_list("pk", *columns))
        return read[key]

    return rows


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    meeting = django_filters.ModelChoiceFilter(
        field_name="paper__meeting", queryset=Meeting.objects.all(), label=_("Annual meeting")
    )
    # `?carried_into=17`: the open recommendations of earlier meetings that meeting 17 carries
    # over (querysets.carried_into; the report and the open-meeting screen count the same).
    carried_into = django_filters.ModelChoiceFilter(
        queryset=Meeting.objects.all(),
        to_field_name="number",
        method="filter_carried_into",
        label=_("Carried over into meeting"),
    )
    # Its choices are the companies the viewer may see (set in __init__).
    company = django_filters.ModelChoiceFilter(
        field_name="paper__company", queryset=Company.objects.none(), label=_("Company")
    )
    topic = django_filters.ModelChoiceFilter(field_name="topics", queryset=Topic.objects.all(), label=_("Topic"))
    department = django_filters.ModelChoiceFilter(
        field_name="lead_department", queryset=Department.objects.all(), label=_("Lead department")
    )
    # The department dashboard's figures (recommendations/performance.py) open these; the government's only.
    supporting = django_filters.ModelChoiceFilter(
        field_name="supporting_departments", queryset=Department.objects.all(), label=_("Supporting department")
    )
    # `?owner=<officer>` (or `none`); `?responsible=<officer>` is what a reminder e-mail counted
    # for that officer (querysets.responsible: owner, stand-in, or unowned in their department).
    owner = django_filters.ModelChoiceFilter(
        queryset=Officer.objects.select_related("user"), null_label=_("Nobody"), null_value="none", label=_("Owner")
    )
    responsible = django_filters.ModelChoiceFilter(
        queryset=Officer.objects.all(), method="filter_responsible", label=_("Responsible officer")
    )
    returned_by = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), method="filter_returned_by", label=_("Returned by department")
    )
    assigned = django_filters.ChoiceFilter(choices=ASSIGNED_CHOICES, method="filter_assigned", label=_("Assignment"))
    answered = django_filters.ChoiceFilter(choices=ANSWERED_CHOICES, method="filter_answered", label=_("Answer"))
    stance = django_filters.ChoiceFilter(choices=STANCE_CHOICES, method="filter_stance", label=_("Response"))
    # The implementation fields are the viewer's track (tracks.py): visible_to() annotates them.
    status = django_filters.ChoiceFilter(
        field_name="seen_status", choices=ImplementationStatus.choices, label=_("Implementation status")
    )
    stage = django_filters.ChoiceFilter(choices=Lifecycle.choices, method="filter_stage", label=_("Stage"))
    overdue = django_filters.ChoiceFilter(choices=OVERDUE_CHOICES, method="filter_overdue", label=_("Overdue"))
    updates = django_filters.ChoiceFilter(choices=UPDATES_CHOICES, method="filter_updates", label=_("Progress updates"))
    rated = django_filters.ChoiceFilter(choices=RATED_CHOICES, method="filter_rated", label=_("Company rating"))
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="filter_due", label=_("Due soon"))
    reminder = django_filters.ChoiceFilter(
        choices=REMINDER_CHOICES, method="filter_reminder", label=_("Daily reminder rule")
    )
    clarification = django_filters.BooleanFilter(
        method="filter_clarification",
        label=_("Open clarification request"),
        widget=forms.CheckboxInput,
    )
    translation = django_filters.ChoiceFilter(
        choices=TRANSLATION_CHOICES, method="filter_translation", label=_("Translation")
    )
    progress_min = django_filters.NumberFilter(
        field_name="seen_progress", lookup_expr="gte", label=_("Progress from (%)"), min_value=0, max_value=100
    )
    progress_max = django_filters.NumberFilter(
        field_name="seen_progress", lookup_expr="lte", label=_("Progress to (%)"), min_value=0, max_value=100
    )
    o = OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("paper__company__name_en", "company"),
            ("seen_status", "status"),
            ("seen_progress", "progress"),
            ("seen_last_update_at", "updated"),
            ("target_date", "target"),
        ],
        field_labels={
            "reference": _("Reference"),
            "paper__company__name_en": _("Company"),
            "seen_status": _("Status"),
            "seen_progress": _("Progress"),
            "seen_last_update_at": _("Last update"),
            "target_date": _("Target date"),
        },
        label=_("Order by"),
    )

    class Meta:
        model = Recommendation
        fields = []

    def __init__(self, *args, today=None, viewer=None, **kwargs):
        """`viewer` (tracks.py) is whose eyes the list reads with: the request's user's by
        default. The queryset must be that viewer's (`visible_to` / `seen_by`)."""
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.viewer = viewer or roles.viewer_of(self.request.user)
        self.filters["company"].queryset = Company.objects.seen_by(self.viewer)
        if not self.viewer.is_government:
            # The reminder rules read the government's track, and supporting departments, returns
            # and ratings are the government's view of its own work: a company's list has none.
            for name in GOVERNMENT_ONLY:
                del self.filters[name]
        if "owner" in self.form.fields:
            self.form.fields["owner"].label_from_instance = lambda officer: officer.name  # as PLAIN_CHOICES
        if "responsible" in self.form.fields:
            # Reached from a reminder's link, not chosen in the form.
            self.form.fields["responsible"].widget = forms.HiddenInput()
        # The BooleanFilter's checkbox sends "on"; anything else means "not asked".
        self.form.fields["clarification"].required = False
        fast_selects(self.form)
        read = {}
        for name, (columns, label) in PLAIN_CHOICES.items():
            if name in self.form.fields:
                field = self.form.fields[name]
                rows = shared_rows(Department.objects.all(), columns, read) if name in DEPARTMENT_SELECTS else None
                field.widget.choices = plain_choices(field, columns, label, rows)

    def published_only(self):
        """A company's filters and search may only look at published responses."""
        return Q() if self.viewer.is_government else Q(response__state=ResponseState.PUBLISHED)

    def filter_carried_into(self, queryset, name, value):
        return queryset.carried_into(value)

    def filter_assigned(self, queryset, name, value):
        if value == "returned":
            return queryset.returned_to_secretariat()
        return queryset.assigned() if value == "yes" else queryset.unassigned()

    def filter_answered(self, queryset, name, value):
        if value == "no":
            return queryset.without_published_response()
        answered = queryset.with_published_response()
        if value == "on_time":
            return answered.answered_by_deadline()
        if value == "late":
            return answered.exclude(pk__in=answered.answered_by_deadline().values("pk"))
        return answered

    def filter_stance(self, queryset, name, value):
        stances = ACTING_STANCES if value == ACTING else [value]
        return queryset.filter(Q(response__stance__in=stances) & self.published_only())

    def filter_due(self, queryset, name, value):
        return queryset.update_due_within(self.today, UPDATE_WARNING_DAYS)

    def filter_reminder(self, queryset, name, value):
        method, _label = REMINDER_RULES[value]
        if method is None:
            return queryset.filter(
                Q(pk__in=queryset.response_escalated(self.today).values("pk"))
                | Q(pk__in=queryset.update_escalated(self.today).values("pk"))
            )
        return getattr(queryset, method)(self.today)

    def filter_responsible(self, queryset, name, value):
        return queryset.responsible(value, self.today)

    def filter_returned_by(self, queryset, name, value):
        return queryset.returned_by(value)

    def filter_updates(self, queryset, name, value):
        expected = queryset.updates_expected()
        return expected if value == "expected" else expected.exclude(seen_update_due_on__lt=self.today)

    def filter_rated(self, queryset, name, value):
        return queryset.rated({"yes": None, "answer_high": "answer", "result_high": "result"}[value])

    def filter_stage(self, queryset, name, value):
        return queryset.in_lifecycle(value)

    def filter_overdue(self, queryset, name, value):
        if value == "response":
            return queryset.response_overdue(self.today)
        if value == "update":
            return queryset.update_overdue(self.today)
        return queryset.overdue(self.today)

    def filter_translation(self, queryset, name, value):
        return queryset.machine_drafts() if value == "machine" else queryset.needs_translation()

    def filter_clarification(self, queryset, name, value):
        return queryset.with_open_clarification() if value else queryset

    def search(self, queryset, name, value):
        """The list's `q`: a reference or a paper's part of one ("16-02"), or words in English or
        Chinese (search.py) in what the viewer's track may find."""
        value = value.strip()
        if REFERENCE_PREFIX.fullmatch(value):
            return queryset.filter(reference__startswith=value)
        query = search.Query(value)
        if not query:
            return queryset
        track = tracks.track_of(self.viewer)
        if connection.vendor == "postgresql" and not query.needs_substring:
            return queryset.filter(**{track.vector: SearchQuery(query.tsquery(), search_type="raw", config="simple")})
        return queryset.filter(*(Q(**{f"{track.search}__contains": needle}) for needle in query.needles()))
