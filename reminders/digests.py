"""The daily pass: who needs to hear about what today, one digest per person and kind.

A fixed number of queries gathers everything (one per rule, one for the people of every
department, one for the secretariat, three for company notices); grouping happens in memory.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation

from accounts.models import Officer
from companies.models import Liaison
from recommendations.choices import ResponseState, Visibility
from recommendations.models import ProgressUpdate, Recommendation, Response
from reminders.models import Delivery, DeliveryStatus, DigestKind

# The groups of a reminder digest, in the order the e-mail lists them.
RESPONSE_DUE_SOON = "response_due_soon"
RESPONSE_OVERDUE = "response_overdue"
UPDATE_DUE_SOON = "update_due_soon"
UPDATE_OVERDUE = "update_overdue"
PAST_TARGET = "past_target"
UNASSIGNED = "unassigned"
ESCALATIONS = "escalations"
REMINDER_GROUPS = [
    RESPONSE_DUE_SOON,
    RESPONSE_OVERDUE,
    UPDATE_DUE_SOON,
    UPDATE_OVERDUE,
    PAST_TARGET,
    UNASSIGNED,
    ESCALATIONS,
]
# The groups of a company's notice digest.
RESPONSE_PUBLISHED = "response_published"
UPDATE_SHARED = "update_shared"
COMPANY_GROUPS = [RESPONSE_PUBLISHED, UPDATE_SHARED]
CLARIFICATION = "clarification"
ASSIGNED = "assigned"
GROUP_ORDER = {
    DigestKind.REMINDERS: REMINDER_GROUPS,
    DigestKind.COMPANY: COMPANY_GROUPS,
    DigestKind.CLARIFICATION: [CLARIFICATION],
    DigestKind.ASSIGNMENT: [ASSIGNED],
}

OFFICERS, HEADS, SECRETARIAT = "officers", "heads", "secretariat"


@dataclass
class Digest:
    """One e-mail to plan: who, in which language, and the items by group."""

    user: object
    language: str
    kind: str
    key: str = ""
    groups: dict = field(default_factory=lambda: defaultdict(dict))

    def add(self, group, reference, item):
        # A recommendation appears once per group even when two rules put it there.
        self.groups[group].setdefault(reference, item)

    @property
    def references(self):
        return sorted({reference for items in self.groups.values() for reference in items})

    def payload(self, order):
        return {
            "groups": [
                {"kind": group, "items": list(self.groups[group].values())} for group in order if self.groups.get(group)
            ],
            "count": len(self.references),
        }


def item_for(recommendation, language, deadline, today):
    """What the e-mail says about one recommendation, in the recipient's language."""
    with translation.override(language):
        company = recommendation.paper.company
        return {
            "reference": recommendation.reference,
            "title": recommendation.title,
            # Shown in the other language when it lacks the recipient's, and marked so.
            "title_note": str(recommendation.only_in_other_language(language)),
            "company": company.name if company else "",
            "deadline": deadline.isoformat() if deadline else None,
            "days_overdue": max((today - deadline).days, 0) if deadline else 0,
            "url": f"{settings.SITE_URL}{recommendation.get_absolute_url()}",
        }


def rules(today):
    """(group, queryset, audience, deadline of an item) for each reminder rule."""
    recommendations = Recommendation.objects.select_related("paper__company", "paper__meeting")

    def response_deadline(recommendation):
        return recommendation.paper.meeting.response_deadline

    def entered(recommendation):
        return timezone.localdate(recommendation.paper.entered_at) + datetime.timedelta(
            days=settings.REMINDER_UNASSIGNED_DAYS
        )

    return [
        (RESPONSE_DUE_SOON, recommendations.response_due_soon(today), [OFFICERS], response_deadline),
        (RESPONSE_OVERDUE, recommendations.response_late(today), [OFFICERS], response_deadline),
        (ESCALATIONS, recommendations.response_escalated(today), [HEADS], response_deadline),
        (UPDATE_DUE_SOON, recommendations.update_due_soon(today), [OFFICERS], lambda r: r.update_due_on),
        (UPDATE_OVERDUE, recommendations.update_late(today), [OFFICERS], lambda r: r.update_due_on),
        (ESCALATIONS, recommendations.update_escalated(today), [HEADS], lambda r: r.update_due_on),
        (PAST_TARGET, recommendations.past_target(today), [OFFICERS, HEADS], lambda r: r.target_date),
        (UNASSIGNED, recommendations.awaiting_assignment(today), [SECRETARIAT], entered),
    ]


def reminder_digests(today):
    """The reminder digests of `today`, one per officer, head and secretariat member who has items."""
    people = defaultdict(lambda: {OFFICERS: [], HEADS: []})
    for officer in Officer.objects.select_related("user").filter(user__is_active=True).exclude(user__email=""):
        people[officer.department_id][HEADS if officer.is_head else OFFICERS].append(officer)
    secretariat = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=settings.SECRETARIAT_GROUP)
        .exclude(email="")
        .distinct()
    )
    digests = {}

    def digest_for(user, language):
        if user.pk not in digests:
            digests[user.pk] = Digest(user=user, language=language, kind=DigestKind.REMINDERS)
        return digests[user.pk]

    for group, queryset, audiences, deadline_of in rules(today):
        for recommendation in queryset:
            deadline = deadline_of(recommendation)
            recipients = []
            for audience in audiences:
                if audience == SECRETARIAT:
                    recipients += [(user, settings.LANGUAGE_CODE) for user in secretariat]
                else:
                    recipients += [
                        (officer.user, officer.language)
                        for officer in people[recommendation.lead_department_id][audience]
                    ]
            for user, language in recipients:
                digest_for(user, language).add(
                    group, recommendation.reference, item_for(recommendation, language, deadline, today)
                )
    return list(digests.values())


def company_digests(today):
    """What changed for each company since its liaison's last notice: published responses and
    shared updates (never internal ones). Liaisons who turned notices off get nothing."""
    liaisons = list(
        Liaison.objects.select_related("user", "company")
        .filter(wants_email=True, user__is_active=True)
        .exclude(user__email="")
        .annotate(last_notice=Max("user__deliveries__created_at", filter=Q(user__deliveries__kind=DigestKind.COMPANY)))
    )
    if not liaisons:
        return []
    since = {liaison.pk: liaison.last_notice or liaison.user.date_joined for liaison in liaisons}
    earliest = min(since.values())
    companies = {liaison.company_id for liaison in liaisons}
    published = Response.objects.select_related("recommendation__paper__company").filter(
        state=ResponseState.PUBLISHED, published_at__gt=earliest, recommendation__paper__company_id__in=companies
    )
    shared = ProgressUpdate.objects.select_related("recommendation__paper__company").filter(
        visibility=Visibility.SHARED, created_at__gt=earliest, recommendation__paper__company_id__in=companies
    )
    digests = []
    for liaison in liaisons:
        digest = Digest(user=liaison.user, language=liaison.language, kind=DigestKind.COMPANY)
        for response in published:
            recommendation = response.recommendation
            if recommendation.paper.company_id == liaison.company_id and response.published_at > since[liaison.pk]:
                digest.add(
                    RESPONSE_PUBLISHED,
                    recommendation.reference,
                    item_for(recommendation, liaison.language, timezone.localdate(response.published_at), today),
                )
        for update in shared:
            recommendation = update.recommendation
            if recommendation.paper.company_id == liaison.company_id and update.created_at > since[liaison.pk]:
                digest.add(
                    UPDATE_SHARED,
                    recommendation.reference,
                    item_for(recommendation, liaison.language, update.date, today),
                )
        if digest.references:
            digests.append(digest)
    return digests


def plan(today):
    return reminder_digests(today) + company_digests(today)


@transaction.atomic
def record(digests, today):
    """Create the delivery rows of today's digests; rows that exist already stay as they are.

    The unique constraint (recipient, day, kind, key) makes a second pass, or a pass running
    at the same time, find the rows taken: each digest is claimed once.
    """
    Delivery.objects.bulk_create(
        [
            Delivery(
                recipient=digest.user,
                email=digest.user.email,
                day=today,
                kind=digest.kind,
                key=digest.key,
                language=digest.language,
                payload=digest.payload(GROUP_ORDER[digest.kind]),
                references=" ".join(digest.references),
            )
            for digest in digests
        ],
        ignore_conflicts=True,
    )


def run_pass(today):
    """Record today's digests and return the ids of today's rows still waiting to be sent."""
    record(plan(today), today)
    return list(
        Delivery.objects.filter(
            day=today, status=DeliveryStatus.PENDING, kind__in=[DigestKind.REMINDERS, DigestKind.COMPANY]
        ).values_list("pk", flat=True)
    )


def clarification_notices(feedback, today):
    """A liaison asked for clarification: every officer of the lead department hears at once."""
    recommendation = feedback.response.recommendation
    officers = (
        Officer.objects.select_related("user")
        .filter(department_id=recommendation.lead_department_id, user__is_active=True)
        .exclude(user__email="")
    )
    digests = []
    for officer in officers:
        digest = Digest(
            user=officer.user, language=officer.language, kind=DigestKind.CLARIFICATION, key=f"feedback-{feedback.pk}"
        )
        item = item_for(recommendation, officer.language, None, today)
        item["comment"] = feedback.comment
        digest.add(CLARIFICATION, recommendation.reference, item)
        digests.append(digest)
    record(digests, today)
    return list(
        Delivery.objects.filter(key=f"feedback-{feedback.pk}", status=DeliveryStatus.PENDING).values_list(
            "pk", flat=True
        )
    )


def assignment_notices(recommendations, department_ids, note, today):
    """The secretariat gave departments recommendations (one action, one or many items): each
    active officer of a department that newly has some hears once, of all of them."""
    officers = (
        Officer.objects.select_related("user")
        .filter(department_id__in=department_ids, user__is_active=True)
        .exclude(user__email="")
    )
    key = f"assignment-{uuid.uuid4().hex}"
    items = list(
        Recommendation.objects.filter(pk__in=[item.pk for item in recommendations])
        .select_related("paper__company")
        .prefetch_related("supporting_departments")
    )
    digests = []
    for officer in officers:
        digest = Digest(user=officer.user, language=officer.language, kind=DigestKind.ASSIGNMENT, key=key)
        for recommendation in items:
            supporting = {department.pk for department in recommendation.supporting_departments.all()}
            if officer.department_id in supporting | {recommendation.lead_department_id}:
                item = item_for(recommendation, officer.language, None, today)
                item["comment"] = note
                digest.add(ASSIGNED, recommendation.reference, item)
        if digest.groups:
            digests.append(digest)
    record(digests, today)
    return list(Delivery.objects.filter(key=key, status=DeliveryStatus.PENDING).values_list("pk", flat=True))
