"""A recommendation: its place in a paper, its assignment, and its two progress tracks."""

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Officer
from ccec import bilingual, history
from meetings.models import Paper, Topic
from recommendations import search, tracks
from recommendations.choices import (
    ACTING_STANCES,
    CLOSING_STANCES,
    FINISHED_STATUSES,
    ImplementationStatus,
    Lifecycle,
    ResponseState,
    Translation,
)
from recommendations.models.querysets import RecommendationQuerySet
from recommendations.models.response import Response

PROGRESS_RANGE = Q(progress__gte=0) & Q(progress__lte=100)
SHARED_PROGRESS_RANGE = Q(shared_progress__gte=0) & Q(shared_progress__lte=100)
# A recommendation's fields that follow its updates and response, both tracks (tracks.py; see
# Recommendation.sync_progress).
PROGRESS_FIELDS = tracks.GOVERNMENT.fields + tracks.COMPANY.fields
# What each track's search may find (search.py), kept current by the same method.
SEARCH_FIELDS = tuple(track.search for track in tracks.TRACKS)
COMPUTED_FIELDS = PROGRESS_FIELDS + SEARCH_FIELDS
# What a "did anything change?" check leaves out (ccec/history.py): the untranslated shadows of
# the bilingual fields and the search vectors (written apart, by write_search_vectors).
HISTORY_BLIND = {"title", "text", "search_vector", "shared_search_vector", "sort_key"}
# The parts of the sort key (Recommendation.sort_key): meeting number, paper position, order.
SORT_KEY_MEETING = 10**10
SORT_KEY_PAPER = 10**5


def sort_key(meeting_number, paper_position, order):
    """The books' order (meeting, paper, order in the paper) as one number."""
    return meeting_number * SORT_KEY_MEETING + paper_position * SORT_KEY_PAPER + (order or 0)


# Recommendations whose sync_progress() waits for the end of a sync_once() block, by pk.
_deferred_sync = contextvars.ContextVar("deferred_sync", default=None)


@contextlib.contextmanager
def sync_once():
    """Within the block, each recommendation's sync_progress() runs once, at its end, however
    many of its saves, responses and updates ask for it (an import writing all three); not at
    all when the block fails (its transaction is rolled back anyway)."""
    if _deferred_sync.get() is not None:
        yield  # an outer block syncs
        return
    pending = {}
    token = _deferred_sync.set(pending)
    try:
        yield
    finally:
        _deferred_sync.reset(token)
    for recommendation in pending.values():
        recommendation.sync_progress()


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
    # The language the paper wrote it in; the other language's title and text are a translation,
    # and `translation` says of what kind (blank: none noted yet).
    source_language = models.CharField(_("original language"), max_length=10, choices=settings.LANGUAGES, default="en")
    translation = models.CharField(_("translation"), max_length=12, choices=Translation.choices, blank=True)
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
    # The officer of the lead department who answers for it: reminders and notices go to them
    # (or their stand-in) instead of to every officer. A change of lead department clears it.
    owner = models.ForeignKey(
        Officer, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned", verbose_name=_("owner")
    )
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
    # Search tokens of both tracks (search.py, tracks.py), written by sync_progress() too.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    shared_search_text = models.TextField(_("search text shown to the company"), blank=True, editable=False)
    # On PostgreSQL, the tokens as tsvectors with GIN indexes (migration 0003), written with
    # the tokens (write_search_vectors); unused on SQLite, which matches the tokens directly.
    search_vector = SearchVectorField(null=True, editable=False)
    shared_search_vector = SearchVectorField(null=True, editable=False)
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
    # The order of the books (meeting, paper, order in the paper, sort_key()) in one indexed
    # number, so that a page of 100,000 rows is read from the index instead of sorted across
    # three tables. Kept by save(), and by receivers.py when a paper or meeting is renumbered.
    sort_key = models.PositiveBigIntegerField(_("sort key"), default=0, editable=False, db_index=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
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
            # The figures (overview, report, workspace) count over every recommendation by
            # department, both tracks' status and due date: a narrow copy of those columns that
            # PostgreSQL reads instead of the wide rows (an index-only scan; SQLite ignores INCLUDE).
            models.Index(
                fields=["lead_department"],
                include=["id", "paper", "status", "shared_status", "update_due_on", "shared_update_due_on"],
                name="rec_figures_idx",
            ),
            # The same columns by paper, for the figures of one meeting (the report's): PostgreSQL
            # reads the meeting's papers' entries only (at 100,000: 1-3 ms a figure instead of 10-20).
            models.Index(
                fields=["paper"],
                include=["id", "lead_department", "status", "shared_status", "update_due_on", "shared_update_due_on"],
                name="rec_paper_figures_idx",
            ),
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
            if not computed_only:
                self.sort_key = self._sort_key()
            if self.lead_department_id and self.assigned_at is None:
                self.assigned_at = timezone.now()
            elif not self.lead_department_id:
                self.assigned_at = None
            if not computed_only and self.owner_id and self.owner.department_id != self.lead_department_id:
                self.owner = None
            if computed_only:
                super().save(*args, **kwargs)
            else:
                with history.only_real_changes(self, hidden=HISTORY_BLIND):
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

    def only_in_other_language(self, language, field="title"):
        """ "English only" / "Chinese only" when the title lacks `language` (ccec/bilingual.py)."""
        return bilingual.only_in_other_language(self, field, language)

    def _assign_order_and_reference(self):
        # Lock the paper so that two people adding recommendations to it get distinct numbers.
        paper = Paper.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=self.paper_id)
        self.paper = paper  # and its meeting, for the sort key
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

    def _sort_key(self):
        paper = self._state.fields_cache.get("paper")
        if paper is not None and paper.pk == self.paper_id and "meeting" in paper._state.fields_cache:
            number, position = paper.meeting.number, paper.position
        else:
            number, position = Paper.objects.filter(pk=self.paper_id).values_list("meeting__number", "position").get()
        return sort_key(number, position, self.order)

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
        pending = _deferred_sync.get()
        if pending is not None:
            pending[self.pk] = self
            return
        with transaction.atomic():
            # Lock the row (two updates logged at once are computed one after the other) and
            # compare with what the database holds: this instance may be older than the row.
            before = list(
                Recommendation.objects.select_for_update().filter(pk=self.pk).values_list(*COMPUTED_FIELDS).first()
                or []
            )
            response = Response.objects.filter(recommendation=self).only("state", "stance", "published_at").first()
            children = list(self.children.values(*PROGRESS_FIELDS))
            for track in tracks.TRACKS:
                latest = track.updates(self.updates.all()).order_by("-date", "-created_at", "-id").first()
                status, progress, last_update_at = self._track_state(track, latest, children)
                due = self._next_update_due(response, status, last_update_at)
                for name, value in zip(track.fields, (status, progress, last_update_at, due), strict=True):
                    setattr(self, name, value)
                setattr(self, track.search, self._search_tokens(track))
            if [getattr(self, name) for name in COMPUTED_FIELDS] == before:
                return  # nothing moved: no write, no history row, nothing to roll up
            # The computed fields follow the updates and the response, which keep their own
            # history: a history row here would only say "the status followed".
            self.skip_history_when_saving = True
            try:
                self.save(update_fields=COMPUTED_FIELDS)
            finally:
                del self.skip_history_when_saving
            if [getattr(self, name) for name in SEARCH_FIELDS] != before[len(PROGRESS_FIELDS) :]:
                Recommendation.objects.filter(pk=self.pk).write_search_vectors()
            if self.parent_id:
                self.parent.sync_progress()

    def _search_tokens(self, track):
        """What a search on `track` may find: the recommendation in both languages, its
        response (on the company's track only once published) and the track's updates."""
        texts = [self.title_en, self.title_zh_hans, self.text_en, self.text_zh_hans]
        responses = Response.objects.filter(recommendation=self)
        if track is tracks.COMPANY:
            responses = responses.filter(state=ResponseState.PUBLISHED)
        for response in responses.values_list(
            "text_en", "text_zh_hans", "planned_measures_en", "planned_measures_zh_hans"
        ):
            texts.extend(response)
        texts.extend(
            note for pair in track.updates(self.updates.all()).values_list("note_en", "note_zh_hans") for note in pair
        )
        return search.tokens(*texts)

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
