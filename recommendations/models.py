"""The council's year: meetings, papers, recommendations, responses and their progress.

Bilingual fields (titles, texts, themes, names) are registered in translation.py, which also
registers the audit history, because the history must copy the translated columns too.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recommendations import roles, tracks
from recommendations.choices import (
    ACTING_STANCES,
    CLOSING_STANCES,
    FINISHED_STATUSES,
    DeliveryStatus,
    DigestKind,
    ExtensionStatus,
    ImplementationStatus,
    Lifecycle,
    ResponseState,
    Stance,
    Visibility,
)
from recommendations.reminders.rules import ReminderRules
from recommendations.validators import validate_evidence, validate_paper_document

PROGRESS_RANGE = Q(progress__gte=0) & Q(progress__lte=100)
SHARED_PROGRESS_RANGE = Q(shared_progress__gte=0) & Q(shared_progress__lte=100)
# A recommendation's fields that follow its updates and response, both tracks (tracks.py; see
# Recommendation.sync_progress).
COMPUTED_FIELDS = tracks.GOVERNMENT.fields + tracks.COMPANY.fields


class Meeting(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("The ordinal, e.g. 16."))
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    response_deadline = models.DateField(
        _("response deadline"), blank=True, help_text=_("Leave empty for the meeting date plus 60 days.")
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("annual meeting")
        verbose_name_plural = _("annual meetings")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
            models.CheckConstraint(
                condition=Q(response_deadline__gte=models.F("date")), name="meeting_deadline_after_date"
            ),
        ]

    def __str__(self):
        return _("Annual meeting %(number)s (%(year)s)") % {"number": self.number, "year": self.year}

    def save(self, *args, **kwargs):
        if self.response_deadline is None and self.date is not None:
            self.response_deadline = self.date + datetime.timedelta(days=settings.RESPONSE_DEADLINE_DAYS)
        super().save(*args, **kwargs)


class Topic(models.Model):
    """A policy area, used to group recommendations in lists and in the annual report."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Department(models.Model):
    """A municipal department that answers and implements recommendations."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    email = models.EmailField(_("inbox e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.short_name or self.name


class Officer(models.Model):
    """A user working for one department; a head signs off its responses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer", verbose_name=_("user")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="officers", verbose_name=_("department")
    )
    is_head = models.BooleanField(_("department head"), default=False)
    language = models.CharField(_("e-mail language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")

    class Meta:
        ordering = ["department__slug", "user__username"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.department})"


class PaperQuerySet(roles.CompanyScopedQuerySet):
    company_field = "company_id"


def paper_upload_to(paper, filename):
    return f"papers/{paper.meeting.number}/{filename}"


class Paper(models.Model):
    """A member company's theme paper for one meeting; `position` is its place in the book."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="papers", verbose_name=_("meeting"))
    position = models.PositiveSmallIntegerField(_("position in the book"))
    # Null for a paper whose text names no company: keep it unattributed rather than guess.
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        related_name="papers",
        null=True,
        blank=True,
        verbose_name=_("company"),
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    document = models.FileField(
        _("document"), upload_to=paper_upload_to, blank=True, validators=[validate_paper_document]
    )
    extracted_text = models.TextField(_("extracted text"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="paper_position_unique_in_meeting"),
        ]

    def __str__(self):
        label = self.title or (_("Paper of %(company)s") % {"company": self.company or _("an unnamed member")})
        return f"{self.meeting.number}-{self.position:02d} {label}"


class RecommendationQuerySet(ReminderRules, roles.CompanyScopedQuerySet):
    """The vocabulary that views, filters, reminders and reports share.

    Methods about implementation (closed, in implementation, update overdue) read the viewer's
    track, `seen_*` (tracks.py): call them on a `visible_to(user)` / `seen_by(viewer)` queryset.
    """

    company_field = "paper__company_id"

    def seen_by(self, viewer):
        return super().seen_by(viewer).with_track(viewer.track if viewer else tracks.GOVERNMENT)

    def with_track(self, track):
        """Annotate `track`'s fields under the viewer-neutral `seen_*` names."""
        return self.annotate(**{seen: F(field) for seen, field in zip(tracks.SEEN_FIELDS, track.fields, strict=True)})

    def editable_by(self, user):
        """Where `user` may log progress and draft the response."""
        role = roles.role_of(user)
        if role == roles.SECRETARIAT:
            return self
        if role in (roles.OFFICER, roles.HEAD):
            return self.filter(lead_department_id=user.officer.department_id)
        return self.none()

    def with_published_response(self):
        return self.filter(response__state=ResponseState.PUBLISHED)

    def answered_by_deadline(self):
        """Published on or before its meeting's response deadline (the local day counts)."""
        return self.with_published_response().filter(
            response__published_at__date__lte=F("paper__meeting__response_deadline")
        )

    def unassigned(self):
        return self.filter(lead_department__isnull=True)

    def awaiting_response(self):
        return self.assigned().exclude(response__state=ResponseState.PUBLISHED)

    def closed(self):
        """Published as not adopted / noted, or implemented / closed on the viewer's track."""
        return (
            self.assigned()
            .with_published_response()
            .filter(Q(response__stance__in=CLOSING_STANCES) | Q(seen_status__in=FINISHED_STATUSES))
        )

    def in_implementation(self):
        return (
            self.assigned()
            .with_published_response()
            .exclude(response__stance__in=CLOSING_STANCES)
            .exclude(seen_status__in=FINISHED_STATUSES)
        )

    def still_open(self):
        """Neither finished nor closed by its response: what a later meeting carries over."""
        return self.exclude(
            Q(seen_status__in=FINISHED_STATUSES)
            | Q(response__state=ResponseState.PUBLISHED, response__stance__in=CLOSING_STANCES)
        )

    def in_lifecycle(self, stage):
        return {
            Lifecycle.UNASSIGNED: self.unassigned,
            Lifecycle.AWAITING_RESPONSE: self.awaiting_response,
            Lifecycle.IN_IMPLEMENTATION: self.in_implementation,
            Lifecycle.CLOSED: self.closed,
        }[stage]()

    def response_overdue(self, today):
        """No published response and the meeting's response deadline has passed, whether or not
        a department has it yet (the reminders' response_late() needs one to write to)."""
        return self.without_published_response().filter(paper__meeting__response_deadline__lt=today)

    def update_overdue(self, today):
        """An update was expected (see update_due_on) before today."""
        return self.filter(seen_update_due_on__lt=today)

    def update_due_within(self, today, days):
        """The next update falls due within `days` days, or is overdue."""
        return self.filter(seen_update_due_on__lte=today + datetime.timedelta(days=days))

    def overdue(self, today):
        return self.filter(Q(pk__in=self.response_overdue(today).values("pk")) | Q(seen_update_due_on__lt=today))

    def with_open_clarification(self):
        return self.filter(
            response__feedback__requests_clarification=True, response__feedback__clarification_resolved_at__isnull=True
        ).distinct()

    def for_list(self):
        """What a list row shows, fetched in one query."""
        return self.select_related("paper__meeting", "paper__company", "lead_department", "response")


class Recommendation(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("paper"))
    # `16-07-03`: meeting, the paper's position, the order of the recommendation in the paper.
    # Generated once on creation and never changed, so that people can quote it for years.
    reference = models.CharField(_("reference"), max_length=20, editable=False)
    number = models.CharField(_("number as printed"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(_("order in the paper"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
        verbose_name=_("parent recommendation"),
        help_text=_("Set for a sub-point; the parent's progress rolls up from its sub-points."),
    )
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("full text"), blank=True)
    source_page = models.PositiveIntegerField(_("source page"), null=True, blank=True)
    source_line_start = models.PositiveIntegerField(_("source first line"), null=True, blank=True)
    source_line_end = models.PositiveIntegerField(_("source last line"), null=True, blank=True)
    topics = models.ManyToManyField(Topic, related_name="recommendations", blank=True, verbose_name=_("topics"))
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="led_recommendations",
        null=True,
        blank=True,
        verbose_name=_("lead department"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True, editable=False)
    supporting_departments = models.ManyToManyField(
        Department, related_name="supported_recommendations", blank=True, verbose_name=_("supporting departments")
    )
    is_priority = models.BooleanField(_("priority"), default=False)
    # Kept equal to the latest progress update (or the sub-points' roll-up) by sync_progress(),
    # so that lists and reports read them without aggregating.
    status = models.CharField(
        _("implementation status"),
        max_length=30,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    last_update_at = models.DateField(_("last update"), null=True, blank=True, editable=False)
    # When the next progress update is expected: set only while the government has accepted the
    # recommendation (fully or partly) and it is not finished; see sync_progress().
    update_due_on = models.DateField(_("next update due"), null=True, blank=True, editable=False)
    # The same four as the company sees them: from the updates shared with it (tracks.py).
    shared_status = models.CharField(
        _("status shown to the company"),
        max_length=30,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
        editable=False,
    )
    shared_progress = models.PositiveSmallIntegerField(
        _("progress shown to the company (%)"), default=0, editable=False
    )
    shared_last_update_at = models.DateField(_("last shared update"), null=True, blank=True, editable=False)
    shared_update_due_on = models.DateField(_("next shared update due"), null=True, blank=True, editable=False)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    reporting_interval_days = models.PositiveSmallIntegerField(
        _("reporting interval (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the default interval."),
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("related recommendations"),
        help_text=_("The same ask made by another company or in another year."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["paper__meeting__number", "paper__position", "order"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="recommendation_reference_unique"),
            models.UniqueConstraint(fields=["paper", "order"], name="recommendation_order_unique_in_paper"),
            models.CheckConstraint(condition=PROGRESS_RANGE, name="recommendation_progress_0_100"),
            models.CheckConstraint(condition=SHARED_PROGRESS_RANGE, name="recommendation_shared_progress_0_100"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="recommendation_not_own_parent"),
        ]
        indexes = [
            # The officer's queues and the list's department + status filters.
            models.Index(fields=["lead_department", "status"], name="rec_lead_status_idx"),
            # The list's status filter and the report's counts by status.
            models.Index(fields=["status"], name="rec_status_idx"),
            # The list's ordering by last update.
            models.Index(fields=["last_update_at"], name="rec_last_update_idx"),
            # The "past target date" reminder and the list's deadline ordering.
            models.Index(fields=["target_date"], name="rec_target_date_idx"),
            # The "update overdue" filter, queue and reminder.
            models.Index(fields=["update_due_on"], name="rec_update_due_idx"),
            # The same filters and orderings on a company's track.
            models.Index(fields=["shared_status"], name="rec_shared_status_idx"),
            models.Index(fields=["shared_update_due_on"], name="rec_shared_update_due_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        computed_only = kwargs.get("update_fields") is not None
        with transaction.atomic():
            previous_parent_id = None
            if self._state.adding:
                self._assign_order_and_reference()
            elif not computed_only:
                # Only sync_progress() writes the computed fields: take them from the database so
                # that a form holding an older copy neither overwrites them nor records them in
                # the history as a change.
                current = Recommendation.objects.filter(pk=self.pk).values(*COMPUTED_FIELDS, "parent_id").first() or {}
                previous_parent_id = current.pop("parent_id", None)
                for name, value in current.items():
                    setattr(self, name, value)
            if self.lead_department_id and self.assigned_at is None:
                self.assigned_at = timezone.now()
            elif not self.lead_department_id:
                self.assigned_at = None
            super().save(*args, **kwargs)
            if computed_only:
                return
            # Any other save may have changed the reporting interval or added or moved a
            # sub-point: bring this recommendation and the parents concerned up to date.
            self.sync_progress()
            for parent_id in {self.parent_id, previous_parent_id} - {None}:
                Recommendation.objects.get(pk=parent_id).sync_progress()

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.reference])

    def _assign_order_and_reference(self):
        # Lock the paper so that two people adding recommendations to it get distinct numbers.
        paper = Paper.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=self.paper_id)
        siblings = Recommendation.objects.filter(paper=paper)
        if self.order is None:
            self.order = (siblings.aggregate(m=Max("order"))["m"] or 0) + 1
        if not self.reference:
            prefix = f"{paper.meeting.number}-{paper.position:02d}-"
            sequence = self.order
            taken = set(siblings.filter(reference__startswith=prefix).values_list("reference", flat=True))
            # A reference is never reused, even after reordering, so skip ahead past taken ones.
            while f"{prefix}{sequence:02d}" in taken:
                sequence += 1
            self.reference = f"{prefix}{sequence:02d}"

    @property
    def reporting_interval(self):
        return datetime.timedelta(days=self.reporting_interval_days or settings.DEFAULT_REPORTING_INTERVAL_DAYS)

    def sync_progress(self):
        """Make the computed fields of both tracks follow the updates and the response, then
        tell the parent; one transaction, so the tracks never disagree about the same moment.

        On each track (tracks.py): a recommendation without sub-points takes status and
        progress from its latest update that the track follows. One with sub-points rolls them
        up: the average progress and the combined status of its sub-points on that track (its
        own updates stay in its timeline). The next update is due a reporting interval after
        the latest update or the response's publication, while the government has accepted
        the recommendation and it is not finished.
        """
        with transaction.atomic():
            # Lock the row (two updates logged at once are computed one after the other) and
            # compare with what the database holds: this instance may be older than the row.
            before = list(
                Recommendation.objects.select_for_update().filter(pk=self.pk).values_list(*COMPUTED_FIELDS).first()
                or []
            )
            response = Response.objects.filter(recommendation=self).only("state", "stance", "published_at").first()
            children = list(self.children.values(*COMPUTED_FIELDS))
            for track in tracks.TRACKS:
                latest = track.updates(self.updates.all()).order_by("-date", "-created_at", "-id").first()
                status, progress, last_update_at = self._track_state(track, latest, children)
                due = self._next_update_due(response, status, last_update_at)
                for name, value in zip(track.fields, (status, progress, last_update_at, due), strict=True):
                    setattr(self, name, value)
            if [getattr(self, name) for name in COMPUTED_FIELDS] == before:
                return  # nothing moved: no write, no history row, nothing to roll up
            # The computed fields follow the updates and the response, which keep their own
            # history: a history row here would only say "the status followed".
            self.skip_history_when_saving = True
            try:
                self.save(update_fields=COMPUTED_FIELDS)
            finally:
                del self.skip_history_when_saving
            if self.parent_id:
                self.parent.sync_progress()

    @staticmethod
    def _track_state(track, latest, children):
        if children:
            progress = round(sum(child[track.progress] for child in children) / len(children))
            status = rollup_status([child[track.status] for child in children])
            dates = [child[track.last_update_at] for child in children if child[track.last_update_at]]
            return status, progress, max(dates + ([latest.date] if latest else []), default=None)
        if latest:
            return latest.status, latest.progress, latest.date
        return ImplementationStatus.NOT_STARTED, 0, None

    def _next_update_due(self, response, status, last_update_at):
        if (
            response is None
            or response.state != ResponseState.PUBLISHED
            or response.stance not in ACTING_STANCES
            or status in FINISHED_STATUSES
        ):
            return None
        published_on = timezone.localdate(response.published_at)
        since = max(filter(None, [last_update_at, published_on]))
        return since + self.reporting_interval

    @property
    def lifecycle(self):
        """The lifecycle stage on the viewer's track; needs the response (select_related) and
        the `seen_*` annotations (a visible_to queryset)."""
        if self.lead_department_id is None:
            return Lifecycle.UNASSIGNED
        response = getattr(self, "response", None)
        if response is None or response.state != ResponseState.PUBLISHED:
            return Lifecycle.AWAITING_RESPONSE
        if response.stance in CLOSING_STANCES or self.seen_status in FINISHED_STATUSES:
            return Lifecycle.CLOSED
        return Lifecycle.IN_IMPLEMENTATION

    def get_seen_status_display(self):
        return tracks.status_label(self.seen_status)

    def published_response(self):
        response = getattr(self, "response", None)
        return response if response is not None and response.is_published else None

    def is_response_overdue(self, today):
        """As RecommendationQuerySet.response_overdue, for one loaded row."""
        return self.published_response() is None and self.paper.meeting.response_deadline < today

    def is_update_overdue(self, today):
        """As RecommendationQuerySet.update_overdue, on the viewer's track."""
        return self.seen_update_due_on is not None and self.seen_update_due_on < today

    def is_overdue(self, today):
        return self.is_response_overdue(today) or self.is_update_overdue(today)


def rollup_status(statuses):
    """The status a parent shows for its sub-points' statuses."""
    distinct = set(statuses)
    if len(distinct) == 1:
        return distinct.pop()
    if distinct & {ImplementationStatus.IMPLEMENTED, ImplementationStatus.PARTIALLY_IMPLEMENTED}:
        return ImplementationStatus.PARTIALLY_IMPLEMENTED
    if ImplementationStatus.IN_PROGRESS in distinct:
        return ImplementationStatus.IN_PROGRESS
    if ImplementationStatus.STALLED in distinct:
        return ImplementationStatus.STALLED
    return ImplementationStatus.NOT_STARTED


class ResponseQuerySet(roles.CompanyScopedQuerySet):
    # Liaisons read only their own company's published responses.
    company_field = "recommendation__paper__company_id"
    liaison_only = {"state": ResponseState.PUBLISHED}

    def awaiting_signoff_by(self, user):
        """The sign-off queue: the head's own department, everything for the secretariat."""
        role = roles.role_of(user)
        queue = self.filter(state=ResponseState.AWAITING_SIGNOFF)
        if role == roles.SECRETARIAT:
            return queue
        if role == roles.HEAD:
            return queue.filter(recommendation__lead_department_id=user.officer.department_id)
        return self.none()


class Response(models.Model):
    """The government response to one recommendation; only a published one reaches the company."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response", verbose_name=_("recommendation")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="responses", verbose_name=_("answering department")
    )
    stance = models.CharField(_("stance"), max_length=30, choices=Stance.choices)
    text = models.TextField(_("response text"))
    planned_measures = models.TextField(_("planned measures"), blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    state = models.CharField(
        _("workflow state"), max_length=20, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafted_responses",
        verbose_name=_("drafted by"),
    )
    submitted_at = models.DateTimeField(_("submitted for sign-off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_off_responses",
        verbose_name=_("signed off by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    review_comment = models.TextField(_("sign-off comment"), blank=True)
    # Counts the saves through workflow.py, so that an editor holding an older copy of the draft
    # sees a conflict instead of overwriting a colleague's text.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Made up for the demo."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("government response")
        verbose_name_plural = _("government responses")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="response_published_has_date",
            ),
        ]
        indexes = [
            # The head's sign-off queue and the "response due" reminder filter on state.
            models.Index(fields=["state", "department"], name="response_state_dept_idx"),
        ]

    def __str__(self):
        return f"{self.recommendation.reference}: {self.get_stance_display()}"

    def save(self, *args, **kwargs):
        if self.state == ResponseState.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        with transaction.atomic():
            super().save(*args, **kwargs)
            # Publishing starts the reporting clock; the stance decides whether updates are due.
            self.recommendation.sync_progress()

    @property
    def is_published(self):
        return self.state == ResponseState.PUBLISHED


class ProgressUpdateQuerySet(roles.CompanyScopedQuerySet):
    # Liaisons read only the updates shared with their own company.
    company_field = "recommendation__paper__company_id"
    liaison_only = {"visibility": Visibility.SHARED}


def evidence_upload_to(update, filename):
    return f"evidence/{update.recommendation.reference}/{filename}"


class ProgressUpdate(models.Model):
    """A dated entry on a recommendation's implementation; the latest one sets its status."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates", verbose_name=_("recommendation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status after this update"), max_length=30, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress after this update (%)"))
    note = models.TextField(_("note"))
    evidence = models.FileField(
        _("evidence file"), upload_to=evidence_upload_to, blank=True, validators=[validate_evidence]
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    is_sample = models.BooleanField(_("sample data"), default=False, help_text=_("Made up for the demo."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        get_latest_by = ["date", "created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(condition=PROGRESS_RANGE, name="update_progress_0_100"),
        ]
        indexes = [
            # The latest update of a recommendation (sync_progress, the timeline).
            models.Index(fields=["recommendation", "-date"], name="update_rec_date_idx"),
        ]

    def __str__(self):
        return f"{self.recommendation.reference} {self.date}: {self.get_status_display()} {self.progress}%"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.recommendation.sync_progress()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.recommendation.sync_progress()
        return result


class FeedbackQuerySet(roles.CompanyScopedQuerySet):
    company_field = "response__recommendation__paper__company_id"


class Feedback(models.Model):
    """A liaison's rating of a published response, possibly asking for clarification."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("response")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("author")
    )
    answer_satisfaction = models.PositiveSmallIntegerField(_("satisfaction with the answer (1-5)"))
    result_satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with the result (1-5)"), null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    requests_clarification = models.BooleanField(_("requests clarification"), default=False)
    clarification_resolved_at = models.DateTimeField(_("clarification resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_satisfaction__gte=1, answer_satisfaction__lte=5), name="feedback_answer_1_5"
            ),
            models.CheckConstraint(
                condition=Q(result_satisfaction__isnull=True)
                | Q(result_satisfaction__gte=1, result_satisfaction__lte=5),
                name="feedback_result_1_5",
            ),
        ]
        indexes = [
            # The list's "open clarification request" filter.
            models.Index(
                fields=["response"],
                condition=Q(requests_clarification=True, clarification_resolved_at__isnull=True),
                name="feedback_open_clarif_idx",
            ),
        ]

    def __str__(self):
        return f"{self.response.recommendation.reference}: {self.answer_satisfaction}/5"


class ReturnedAssignment(models.Model):
    """A department gave a recommendation back to the secretariat (退办), saying why."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="returns", verbose_name=_("recommendation")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="returned_assignments", verbose_name=_("department")
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("returned by")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("returned at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("returned assignment")
        verbose_name_plural = _("returned assignments")

    def __str__(self):
        return f"{self.recommendation.reference} ← {self.department}"


class DeadlineExtension(models.Model):
    """An officer asks to move a recommendation's target date; the head or the secretariat decides.

    Reminders follow the recommendation's target date, which changes only on approval; the
    request, the decision and the recommendation's history keep both dates.
    """

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("recommendation")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    previous_date = models.DateField(_("target date before"), null=True, blank=True)
    requested_date = models.DateField(_("requested target date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            # One open request at a time per recommendation.
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(status="pending"),
                name="extension_one_pending_per_recommendation",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.reference}: {self.previous_date} → {self.requested_date}"

    def decide(self, user, approve, comment=""):
        """Approve (the target date moves) or refuse, recording who and when."""
        with transaction.atomic():
            self.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
            self.decided_by = user
            self.decided_at = timezone.now()
            self.decision_comment = comment
            self.save()
            if approve:
                recommendation = self.recommendation
                recommendation.target_date = self.requested_date
                recommendation._change_reason = self.reason
                recommendation.save()


class Delivery(models.Model):
    """One e-mail to one person: claimed here before it is sent, with every attempt logged.

    The row is unique per recipient, day, kind and key (the key tells apart several immediate
    notices of one day), so that a second pass, a retried task or a second worker finds the
    row taken instead of sending again.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("recipient")
    )
    email = models.EmailField(_("address"))
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=20, choices=DigestKind.choices)
    key = models.CharField(_("key"), max_length=50, blank=True, default="")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    # What the e-mail says, fixed when the row is created so that a retry sends the same thing.
    payload = models.JSONField(_("content"), default=dict)
    references = models.TextField(_("recommendations"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    attempt_log = models.JSONField(_("attempt log"), default=list)
    last_error = models.TextField(_("last error"), blank=True)
    duration_ms = models.PositiveIntegerField(_("last attempt (ms)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "recipient_id"]
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day", "kind", "key"], name="delivery_once_per_day"),
        ]
        indexes = [
            # The pass picks up its pending rows; the admin filters the log by status and day.
            models.Index(fields=["status", "day"], name="delivery_status_day_idx"),
        ]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()} → {self.email}"


class JobQuerySet(models.QuerySet):
    """Background jobs with a status (ReportJob, PaperImport): find and fail stalled ones."""

    def stalled(self, now):
        cutoff = now - datetime.timedelta(minutes=settings.JOB_STALL_MINUTES)
        return self.filter(status__in=self.model.ACTIVE_STATUSES, updated_at__lt=cutoff)

    def fail(self, reason):
        """Mark these jobs failed with `reason` (a code of the model's FAILURES, or a message)."""
        return self.update(status=self.model.Status.FAILED, error=reason, updated_at=timezone.now())


class JobFailures:
    """What went wrong with a job, in words for its page (a code, or the error itself)."""

    BROKER_DOWN = "broker-unavailable"
    STALLED = "stalled"

    @property
    def can_retry(self):
        """Whether trying again may help: the service failed, not the input."""
        return self.error in (self.BROKER_DOWN, self.STALLED)

    @property
    def failure_message(self):
        if self.error == self.BROKER_DOWN:
            return _("The background service did not answer, so the work could not start. Try again in a moment.")
        if self.error == self.STALLED:
            return _("The work stopped without finishing (the background service may have restarted). Try again.")
        return self.error


def report_upload_to(job, filename):
    return f"reports/{job.pk}/{filename}"


class ReportJob(JobFailures, models.Model):
    """A report file built by a Celery task because it takes a while; the page shows progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting"))
    file_format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Whose eyes the report reads with (tracks.viewer_for_audience).
    audience = models.CharField(_("audience"), max_length=12, default=tracks.GOVERNMENT_AUDIENCE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Moves with every step of the work (jobs.py), so that a job nobody works on shows as stalled.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self):
        return f"{self.meeting} {self.file_format} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("report_job", args=[self.pk])


def import_upload_to(paper_import, filename):
    return f"imports/{paper_import.pk}/{filename}"


class PaperImport(JobFailures, models.Model):
    """A paper being imported: the uploaded file, the extractor's candidates as the secretariat
    edits them, and, once confirmed, the paper it became. A draft can be left and resumed."""

    class Status(models.TextChoices):
        EXTRACTING = "extracting", _("Reading the paper")
        REVIEW = "review", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed")
        FAILED = "failed", _("Could not be read")

    ACTIVE_STATUSES = (Status.EXTRACTING,)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="imports", verbose_name=_("meeting"))
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    document = models.FileField(_("document"), upload_to=import_upload_to, validators=[validate_paper_document])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.EXTRACTING)
    error = models.TextField(_("error"), blank=True)
    # What the extractor proposed for the paper: title, authors, company, language, text.
    proposed = models.JSONField(_("proposed paper"), default=dict)
    # The candidate recommendations as the reviewer last saved them (see paper_import.py).
    candidates = models.JSONField(_("candidates"), default=list)
    paper = models.OneToOneField(
        Paper, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_record", verbose_name=_("paper")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("paper import")
        verbose_name_plural = _("paper imports")

    def __str__(self):
        return f"{self.meeting} · {self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("paper_import", args=[self.pk])

    @property
    def filename(self):
        return self.document.name.rsplit("/", 1)[-1]


class FormSubmission(models.Model):
    """A form post that changed something, by its one-time token (see once.py): the same post
    sent twice (a double click, a resent page) finds its token taken and changes nothing more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="form_submission_once")]
        indexes = [
            # The sweeper forgets old tokens.
            models.Index(fields=["created_at"], name="form_submission_created_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.token}"
