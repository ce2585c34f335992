"""The daily pass: who needs to hear about what today, one digest per person and kind.

A digest fits on a screen: per group the count, the DIGEST_GROUP_ITEMS most urgent items (most
overdue first) and a link to the full list, which opens the same rule's recommendations
(the list's `reminder` filter); at most DIGEST_MAX_ITEMS items in one e-mail. The pass never
loads every due recommendation: per rule it counts by department in the database and fetches
only each department's most urgent rows (a window function), so its cost grows with the number
of departments, not of recommendations. People who already have today's digest are left out
before anything is planned for them (a second pass of a day plans nothing for them).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from accounts.models import Officer, StandIn
from companies.models import Liaison
from recommendations.choices import ResponseState, Visibility
from recommendations.models import ProgressUpdate, Recommendation, Response
from reminders.items import Digest, item_for, list_url
from reminders.models import NOTICE_KINDS, Delivery, DeliveryStatus, DigestKind, MutedKind

# The groups of a reminder digest, in the order the e-mail lists them.
RESPONSE_DUE_SOON = "response_due_soon"
RESPONSE_OVERDUE = "response_overdue"
UPDATE_DUE_SOON = "update_due_soon"
UPDATE_OVERDUE = "update_overdue"
PAST_TARGET = "past_target"
UNASSIGNED = "unassigned"
ESCALATIONS = "escalations"
SIGNOFF_QUEUE = "signoff_queue"
REMINDER_GROUPS = [
    SIGNOFF_QUEUE,
    RESPONSE_OVERDUE,
    RESPONSE_DUE_SOON,
    UPDATE_OVERDUE,
    UPDATE_DUE_SOON,
    PAST_TARGET,
    UNASSIGNED,
    ESCALATIONS,
]
# The groups of a company's notice digest.
RESPONSE_PUBLISHED = "response_published"
UPDATE_SHARED = "update_shared"
COMPANY_GROUPS = [RESPONSE_PUBLISHED, UPDATE_SHARED]
GROUP_ORDER = {
    DigestKind.REMINDERS: REMINDER_GROUPS,
    DigestKind.COMPANY: COMPANY_GROUPS,
    # A hand-over notice has one group, named as its kind (notices.py).
    **{kind: [kind] for kind in NOTICE_KINDS},
}

OFFICERS, HEADS, SECRETARIAT = "officers", "heads", "secretariat"


def rules(today):
    """(group, queryset, audiences, ordering field) for each reminder rule: the most urgent item
    of a group is the one whose date in `field` is earliest."""
    recommendations = Recommendation.objects.all()
    response_deadline = "paper__meeting__response_deadline"
    return [
        (RESPONSE_DUE_SOON, recommendations.response_due_soon(today), [OFFICERS], response_deadline),
        (RESPONSE_OVERDUE, recommendations.response_late(today), [OFFICERS], response_deadline),
        (ESCALATIONS, recommendations.response_escalated(today), [HEADS], response_deadline),
        (UPDATE_DUE_SOON, recommendations.update_due_soon(today), [OFFICERS], "update_due_on"),
        (UPDATE_OVERDUE, recommendations.update_late(today), [OFFICERS], "update_due_on"),
        (ESCALATIONS, recommendations.update_escalated(today), [HEADS], "update_due_on"),
        (PAST_TARGET, recommendations.past_target(today), [OFFICERS, HEADS], "target_date"),
        (UNASSIGNED, recommendations.awaiting_assignment(today), [SECRETARIAT], "paper__entered_at"),
    ]


def deadline_of(recommendation, field_name, today):
    if field_name == "paper__entered_at":
        return timezone.localdate(recommendation.paper.entered_at) + datetime.timedelta(
            days=settings.REMINDER_UNASSIGNED_DAYS
        )
    value = recommendation
    for part in field_name.split("__"):
        value = getattr(value, part)
    return value


def most_urgent(queryset, field_name, departments, by_owner=False):
    """Each department's (with `by_owner`: each department and owner's) DIGEST_GROUP_ITEMS most
    urgent rows of `queryset` (all departments' together when `departments` is None): one
    query, ranked in the database."""
    partition = [] if departments is None else [F("lead_department_id")] + ([F("owner_id")] if by_owner else [])
    if departments is not None:
        queryset = queryset.filter(lead_department_id__in=departments)
    return (
        queryset.select_related("paper__company", "paper__meeting")
        .annotate(urgency=Window(RowNumber(), partition_by=partition, order_by=[F(field_name).asc(), F("pk").asc()]))
        .filter(urgency__lte=settings.DIGEST_GROUP_ITEMS)
        .order_by()
    )


def counts_by_department(queryset, departments, by_owner=False):
    """{(department id, owner id or None): count}; the owner is always None without `by_owner`."""
    columns = ["lead_department_id", "owner_id"] if by_owner else ["lead_department_id"]
    rows = queryset.filter(lead_department_id__in=departments).order_by().values(*columns)
    return {(row["lead_department_id"], row.get("owner_id")): row["n"] for row in rows.annotate(n=Count("pk"))}


def already_claimed(today, kind):
    """The people who have today's digest of `kind` already (written by an earlier pass)."""
    return set(Delivery.objects.filter(day=today, kind=kind).values_list("recipient_id", flat=True))


def muted(kind):
    return set(MutedKind.objects.filter(kind=kind).values_list("user_id", flat=True))


def reminder_digests(today, skip=()):
    """The reminder digests of `today`, one per officer, head and secretariat member who has
    items, leaving out the people in `skip` (who have theirs) and who turned reminders off."""
    skip = set(skip) | muted(DigestKind.REMINDERS)
    people = defaultdict(lambda: {OFFICERS: [], HEADS: []})
    for officer in Officer.objects.select_related("user").filter(user__is_active=True).exclude(user__email=""):
        if officer.user_id not in skip:
            people[officer.department_id][HEADS if officer.is_head else OFFICERS].append(officer)
    secretariat = [
        user
        for user in get_user_model()
        .objects.filter(is_active=True, groups__name=settings.SECRETARIAT_GROUP)
        .exclude(email="")
        .distinct()
        if user.pk not in skip
    ]
    departments = sorted(people)
    digests = {}
    items = {}

    def digest_for(user, language):
        if user.pk not in digests:
            digests[user.pk] = Digest(user=user, language=language, kind=DigestKind.REMINDERS)
        return digests[user.pk]

    def item(recommendation, language, deadline):
        key = (recommendation.pk, language, deadline)
        if key not in items:
            items[key] = item_for(recommendation, language, deadline, today)
        return items[key]

    routes = StandIn.objects.routes(today)
    active_owners = set(Officer.objects.filter(user__is_active=True).values_list("pk", flat=True))
    everyone = {officer.pk: officer for both in people.values() for group in both.values() for officer in group}

    def recipients_of(department_id, owner_id, audiences):
        """{user pk: (officer, by department)}: the owner (or the stand-in while they are away),
        without one every officer of the department who is not away; heads for their whole
        department where they are an audience."""
        found = {}
        if OFFICERS in audiences:
            if owner_id is None or owner_id not in active_owners:
                officers = [officer for officer in people[department_id][OFFICERS] if officer.pk not in routes]
            else:
                officers = [everyone[routed]] if (routed := routes.get(owner_id, owner_id)) in everyone else []
            found.update({officer.user_id: (officer, False) for officer in officers})
        if HEADS in audiences:
            found.update({head.user_id: (head, True) for head in people[department_id][HEADS]})
        return found

    for group, queryset, audiences, field_name in rules(today):
        if audiences == [SECRETARIAT]:
            if not secretariat:
                continue
            count = queryset.count()
            if not count:
                continue
            ranked = list(most_urgent(queryset, field_name, None))
            for user in secretariat:
                digest = digest_for(user, settings.LANGUAGE_CODE)
                digest.counts[group] += count
                digest.links[group] = list_url(reminder=group)
                for recommendation in ranked:
                    deadline = deadline_of(recommendation, field_name, today)
                    digest.add(group, recommendation.reference, item(recommendation, digest.language, deadline))
            continue
        by_owner = OFFICERS in audiences
        counts = counts_by_department(queryset, departments, by_owner)
        if not counts:
            continue
        for recommendation in most_urgent(queryset, field_name, departments, by_owner):
            deadline = deadline_of(recommendation, field_name, today)
            owner_id = recommendation.owner_id if by_owner else None
            for officer, _whole in recipients_of(recommendation.lead_department_id, owner_id, audiences).values():
                digest_for(officer.user, officer.language).add(
                    group, recommendation.reference, item(recommendation, officer.language, deadline)
                )
        for (department_id, owner_id), count in counts.items():
            for officer, whole in recipients_of(department_id, owner_id, audiences).values():
                digest = digest_for(officer.user, officer.language)
                digest.counts[group] += count
                # The link opens what was counted: the department's list, or the officer's own.
                digest.links[group] = list_url(
                    reminder=group, **({"department": department_id} if whole else {"responsible": officer.pk})
                )
    signoff_digests(today, people, digest_for, item)
    return list(digests.values())


def signoff_digests(today, people, digest_for, item):
    """Heads hear of their department's sign-off queue: the responses waiting longest first."""
    heads = [department for department, audiences in people.items() if audiences[HEADS]]
    if not heads:
        return
    waiting = Response.objects.filter(
        state=ResponseState.AWAITING_SIGNOFF, recommendation__lead_department_id__in=heads
    )
    counts = {
        row["recommendation__lead_department_id"]: row["n"]
        for row in waiting.order_by().values("recommendation__lead_department_id").annotate(n=Count("pk"))
    }
    ranked = (
        waiting.select_related("recommendation__paper__company", "recommendation__paper__meeting")
        .annotate(
            urgency=Window(
                RowNumber(),
                partition_by=[F("recommendation__lead_department_id")],
                order_by=[F("submitted_at").asc(nulls_first=True), F("pk").asc()],
            )
        )
        .filter(urgency__lte=settings.DIGEST_GROUP_ITEMS)
        .order_by()
    )
    for response in ranked:
        recommendation = response.recommendation
        submitted = timezone.localdate(response.submitted_at) if response.submitted_at else None
        for officer in people[recommendation.lead_department_id][HEADS]:
            entry = dict(item(recommendation, officer.language, None))
            entry["submitted"] = submitted.isoformat() if submitted else ""
            digest_for(officer.user, officer.language).add(SIGNOFF_QUEUE, recommendation.reference, entry)
    for department_id, count in counts.items():
        for officer in people[department_id][HEADS]:
            digest = digest_for(officer.user, officer.language)
            digest.counts[SIGNOFF_QUEUE] += count
            digest.links[SIGNOFF_QUEUE] = f"{settings.SITE_URL}{reverse('signoff_queue')}"


def company_digests(today, skip=()):
    """What changed for each company since its liaison's last notice: published responses and
    shared updates (never internal ones). Liaisons who turned notices off, or who have today's
    already (`skip`), get nothing."""
    skip = set(skip) | muted(DigestKind.COMPANY)
    liaisons = [
        liaison
        for liaison in Liaison.objects.select_related("user", "company")
        .filter(user__is_active=True)
        .exclude(user__email="")
        .annotate(last_notice=Max("user__deliveries__created_at", filter=Q(user__deliveries__kind=DigestKind.COMPANY)))
        if liaison.user_id not in skip
    ]
    if not liaisons:
        return []
    since = {liaison.pk: liaison.last_notice or liaison.user.date_joined for liaison in liaisons}
    earliest = min(since.values())
    companies = {liaison.company_id for liaison in liaisons}
    # Plain rows first (tens of thousands at scale): objects only for the items shown.
    published = Response.objects.filter(
        state=ResponseState.PUBLISHED, published_at__gt=earliest, recommendation__paper__company_id__in=companies
    ).values_list("published_at", "recommendation_id", "recommendation__paper__company_id")
    shared = ProgressUpdate.objects.filter(
        visibility=Visibility.SHARED, created_at__gt=earliest, recommendation__paper__company_id__in=companies
    ).values_list("created_at", "recommendation_id", "recommendation__paper__company_id", "date")
    by_company = defaultdict(lambda: {RESPONSE_PUBLISHED: [], UPDATE_SHARED: []})
    for group, rows in ((RESPONSE_PUBLISHED, published), (UPDATE_SHARED, shared)):
        for happened_at, recommendation_id, company_id, *date in rows:
            # A response's date is its publication's; an update's the date it reports on.
            date = date[0] if date else timezone.localdate(happened_at)
            by_company[company_id][group].append((happened_at, recommendation_id, date))
    chosen = {}
    for liaison in liaisons:
        counts, newest = {}, {}
        for group, events in by_company[liaison.company_id].items():
            new = sorted(
                (event for event in events if event[0] > since[liaison.pk]), key=lambda event: event[0], reverse=True
            )
            # Counted in full; only the newest few become items (a notice fits on a screen).
            counts[group] = len({recommendation_id for _at, recommendation_id, _date in new})
            newest[group] = {}
            for _at, recommendation_id, date in new:
                if len(newest[group]) >= settings.DIGEST_GROUP_ITEMS:
                    break
                newest[group].setdefault(recommendation_id, date)
        chosen[liaison.pk] = (counts, newest)
    wanted = {pk for _counts, newest in chosen.values() for ids in newest.values() for pk in ids}
    recommendations = Recommendation.objects.select_related("paper__company").in_bulk(wanted)
    portal = f"{settings.SITE_URL}{reverse('portal')}"
    digests = []
    for liaison in liaisons:
        counts, newest = chosen[liaison.pk]
        if not any(counts.values()):
            continue
        digest = Digest(user=liaison.user, language=liaison.language, kind=DigestKind.COMPANY, newest_first=True)
        for group, items in newest.items():
            digest.counts[group] = counts[group]
            # Each group links the liaison's own portal, where everything new is listed.
            digest.links[group] = portal
            for recommendation_id, date in items.items():
                recommendation = recommendations[recommendation_id]
                digest.add(group, recommendation.reference, item_for(recommendation, liaison.language, date, today))
        digests.append(digest)
    return digests


def plan(today):
    """Today's digests for the people who do not have theirs yet."""
    return reminder_digests(today, skip=already_claimed(today, DigestKind.REMINDERS)) + company_digests(
        today, skip=already_claimed(today, DigestKind.COMPANY)
    )


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
