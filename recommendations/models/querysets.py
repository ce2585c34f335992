"""The query vocabulary of recommendations, shared by views, filters, figures, reminders and
reports: who sees what, lifecycle stages, what is overdue, counts per group."""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Q

from accounts.roles import HEAD, OFFICER, SECRETARIAT, CompanyScopedQuerySet, role_of
from recommendations import search, tracks
from recommendations.choices import (
    CLOSING_STANCES,
    FINISHED_STATUSES,
    ImplementationStatus,
    Lifecycle,
    ResponseState,
    Translation,
)
from recommendations.models.deadlines import DeadlineQuerySet

# Neither finished (on the viewer's track) nor closed by its published response: what a later
# meeting carries over. One condition for the list, the report and the open-meeting screen;
# Django's negation keeps a recommendation without a response on the open side.
STILL_OPEN = ~(
    Q(seen_status__in=FINISHED_STATUSES)
    | Q(response__state=ResponseState.PUBLISHED, response__stance__in=CLOSING_STANCES)
)

# The long texts a list row never shows: the recommendation's and its response's full texts,
# the search tokens and vectors, the paper's abstract and extracted text.
LIST_DEFERRED = [
    "text",
    "text_en",
    "text_zh_hans",
    "search_text",
    "shared_search_text",
    "search_vector",
    "shared_search_vector",
    "response__text",
    "response__text_en",
    "response__text_zh_hans",
    "response__planned_measures",
    "response__planned_measures_en",
    "response__planned_measures_zh_hans",
    "response__review_comment",
    "paper__abstract",
    "paper__abstract_en",
    "paper__abstract_zh_hans",
    "paper__extracted_text",
]


# A company's rating of 4 or 5 (of 5) counts as satisfied.
HIGH_RATING = 4


class RecommendationQuerySet(DeadlineQuerySet, CompanyScopedQuerySet):
    """The vocabulary that views, filters, reminders and reports share.

    Methods about implementation (closed, in implementation, update overdue) read the viewer's
    track, `seen_*` (tracks.py): call them on a `visible_to(user)` / `seen_by(viewer)` queryset.
    """

    company_field = "paper__company_id"

    def seen_by(self, viewer):
        return super().seen_by(viewer).with_track(tracks.track_of(viewer))

    def with_track(self, track):
        """Annotate `track`'s fields under the viewer-neutral `seen_*` names."""
        return self.annotate(**{seen: F(field) for seen, field in zip(tracks.SEEN_FIELDS, track.fields, strict=True)})

    def needs_translation(self):
        """Those whose title lacks a language, whose text exists in one language only, or
        whose translation is a machine draft nobody has checked yet."""

        def blank(name):
            return Q(**{f"{name}__isnull": True}) | Q(**{name: ""})

        return self.filter(
            blank("title_en")
            | blank("title_zh_hans")
            | (blank("text_en") & ~blank("text_zh_hans"))
            | (blank("text_zh_hans") & ~blank("text_en"))
            | Q(translation=Translation.MACHINE)
        )

    def machine_drafts(self):
        return self.filter(translation=Translation.MACHINE)

    def write_search_vectors(self):
        """On PostgreSQL, set both tracks' tsvectors from their tokens (search.py); SQLite
        searches the tokens themselves."""
        if connection.vendor != "postgresql":
            return 0
        return self.update(**{track.vector: search.SimpleVector(F(track.search)) for track in tracks.TRACKS})

    def editable_by(self, user):
        """Where `user` may log progress and draft the response."""
        role = role_of(user)
        if role == SECRETARIAT:
            return self
        if role in (OFFICER, HEAD):
            return self.filter(lead_department_id=user.officer.department_id)
        return self.none()

    def assigned(self):
        return self.filter(lead_department__isnull=False)

    def without_published_response(self):
        return self.exclude(response__state=ResponseState.PUBLISHED)

    def with_published_response(self):
        return self.filter(response__state=ResponseState.PUBLISHED)

    def answered_by_deadline(self):
        """Published on or before its meeting's response deadline (the local day counts)."""
        return self.with_published_response().filter(
            response__published_at__date__lte=F("paper__meeting__response_deadline")
        )

    def unassigned(self):
        return self.filter(lead_department__isnull=True)

    def returned_to_secretariat(self):
        """Given back by a department (退办) and not yet assigned again: the secretariat's queue."""
        from recommendations.models.followup import ReturnedAssignment

        return self.unassigned().filter(pk__in=ReturnedAssignment.objects.values("recommendation_id"))

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
        return self.filter(STILL_OPEN)

    def carried_into(self, meeting):
        """The open recommendations of meetings before `meeting`: listed with it as carried
        over, where they are (their reference and paper stay), not copied."""
        return self.filter(paper__meeting__number__lt=meeting.number).still_open()

    def responsible(self, officer, today):
        """What `officer` must act on today (their reminders): the ones they own unless they
        are away with a stand-in, the ones of the away officers they stand in for
        (StandIn.routes), and, for an officer who is not a head, their department's items
        without an owner (or whose owner's account is closed)."""
        from accounts.models import StandIn

        routes = StandIn.objects.routes(today)
        owners = [owner for owner, stand_in in routes.items() if stand_in == officer.pk]
        if officer.pk not in routes:
            owners.append(officer.pk)
        mine = Q(owner_id__in=owners)
        if not officer.is_head:
            unowned = Q(owner__isnull=True) | Q(owner__user__is_active=False)
            mine |= unowned & Q(lead_department_id=officer.department_id)
        return self.filter(mine)

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

    def returned_by(self, department):
        """Given back by `department` (退办) at least once, wherever they are now."""
        from recommendations.models.followup import ReturnedAssignment

        return self.filter(pk__in=ReturnedAssignment.objects.filter(department=department).values("recommendation_id"))

    def updates_expected(self):
        """Accepted and unfinished, so regular progress updates are expected (update_due_on holds
        the rule: the stance, the status and the reporting interval)."""
        return self.filter(seen_update_due_on__isnull=False)

    def rated(self, high=None):
        """Rated by the company (Feedback); with `high` ("answer" or "result"), rated 4 or 5 for it."""
        from recommendations.models.followup import Feedback

        ratings = Feedback.objects.all()
        if high:
            ratings = ratings.filter(**{f"{high}_satisfaction__gte": HIGH_RATING})
        return self.filter(pk__in=ratings.values("response__recommendation_id"))

    def counts_by(self, key):
        """Recommendations, answered and implemented per value of `key` (e.g. "paper_id"), on
        the viewer's track: {value: {"recommendations", "answered", "implemented"}}."""
        rows = (
            self.order_by()
            .values(key)
            .annotate(
                recommendations=Count("pk"),
                answered=Count("pk", filter=Q(response__state=ResponseState.PUBLISHED)),
                implemented=Count("pk", filter=Q(seen_status=ImplementationStatus.IMPLEMENTED)),
            )
        )
        counts = defaultdict(lambda: {"recommendations": 0, "answered": 0, "implemented": 0})
        counts.update((row.pop(key), row) for row in rows)
        return counts

    def status_summary(self):
        """Counts by implementation status on the viewer's track, in the order of the choices."""
        counts = dict(self.order_by().values_list("seen_status").annotate(n=Count("pk")))
        return [(status, label, counts.get(status, 0)) for status, label in ImplementationStatus.choices]

    def for_list(self):
        """What a list row shows, fetched in one query, without the long texts no row shows."""
        return self.select_related("paper__meeting", "paper__company", "lead_department", "response").defer(
            *LIST_DEFERRED
        )
