"""Hand-over notices: who hears of a hand-over, and their batching into one e-mail per person
and kind.

A hand-over (assigned, submitted for sign-off, sent back, published, returned, clarification
asked or given, extension decided; receivers.py) writes one Notice row per person in its own
transaction, so it is recorded with the change or not at all. A few minutes later
(NOTICE_BATCH_SECONDS) batch() gathers every waiting notice, person by person and kind by kind,
into one Delivery each: a bulk assignment of 40 recommendations is one e-mail per officer.
The Delivery is sent through the delivery log like every other e-mail (delivery.py, at most
once); a notice is batched exactly once (its row is locked and marked with its Delivery).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reminders.items import Digest, item_for
from reminders.models import Delivery, DigestKind, MutedKind, Notice


def language_of(user):
    """The language a person reads their e-mail in: their officer or liaison record says."""
    for role in ("officer", "liaison"):
        try:
            return getattr(user, role).language
        except ObjectDoesNotExist:
            continue
    return settings.LANGUAGE_CODE


def write(kind, notices, by=None):
    """Record notices of one kind: `notices` are (user, recommendation, detail) triples. People
    without an active account or an address, who turned this kind off, or who did the
    hand-over themselves are left out. Batched once the transaction commits."""
    wanted = [
        (user, recommendation, detail)
        for user, recommendation, detail in notices
        if user is not None and user.is_active and user.email and (by is None or user.pk != by.pk)
    ]
    if not wanted:
        return []
    muted = set(
        MutedKind.objects.filter(kind=kind, user__in={user.pk for user, _r, _d in wanted}).values_list(
            "user_id", flat=True
        )
    )
    rows = Notice.objects.bulk_create(
        [
            Notice(recipient=user, kind=kind, recommendation=recommendation, detail=detail or {})
            for user, recommendation, detail in wanted
            if user.pk not in muted
        ]
    )
    if rows:
        from reminders import tasks  # tasks imports this module

        tasks.batch_notices_later()
    return rows


def comment_in(detail, language):
    """The hand-over's comment in the reader's language, or in the other one when it has only
    that one, with a note saying so ("Chinese only"); a plain comment is as its author wrote it."""
    comment = detail.get("comment") or ""
    if not isinstance(comment, dict):
        return comment, ""
    own, other = ("zh_hans", "en") if language.startswith("zh") else ("en", "zh_hans")
    if comment.get(own) or not comment.get(other):
        return comment.get(own) or "", ""
    return comment[other], _("English only") if other == "en" else _("Chinese only")


def outcome_in(detail):
    """What a decision came to, in the active language (an extension: approved or refused)."""
    if "approved" not in detail:
        return ""
    if detail["approved"]:
        return _("Approved: the target date is now %(date)s.") % {"date": detail.get("date") or "-"}
    return _("Refused: the target date stays %(date)s.") % {"date": detail.get("date") or "-"}


# Where a notice's "see all" link leads: the page on which its items wait for the reader.
PAGES = {
    DigestKind.ASSIGNMENT: "workspace",
    DigestKind.SIGNOFF: "signoff_queue",
    DigestKind.SENT_BACK: "workspace",
    DigestKind.PUBLISHED: "workspace",
    DigestKind.RETURNED: "recommendations:list",
    DigestKind.CLARIFICATION: "workspace",
    DigestKind.CLARIFIED: "portal",
    DigestKind.REVISED: "portal",
    DigestKind.EXTENSION: "workspace",
}


def page_url(kind):
    url = f"{settings.SITE_URL}{reverse(PAGES[kind])}"
    return f"{url}?assigned=returned" if kind == DigestKind.RETURNED else url


@transaction.atomic
def batch(older_than_seconds=0, now=None):
    """Gather the waiting notices written at least `older_than_seconds` ago into one Delivery
    per person and kind; returns the new deliveries' ids (to send after commit)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=older_than_seconds)
    waiting = list(
        Notice.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(delivery__isnull=True, created_at__lte=cutoff)
        .select_related("recipient__officer", "recipient__liaison", "recommendation__paper__company")
        .order_by("pk")
    )
    groups = defaultdict(list)
    for notice in waiting:
        groups[notice.recipient_id, notice.kind].append(notice)
    today = timezone.localdate(now)
    created = []
    for (_recipient, kind), notices in groups.items():
        user = notices[0].recipient
        language = language_of(user)
        digest = Digest(user=user, language=language, kind=kind, key=f"notice-{notices[0].pk}")
        with translation.override(language):
            for notice in notices:
                item = item_for(notice.recommendation, language, None, today)
                item["comment"], note = comment_in(notice.detail, language)
                item["comment_note"] = str(note)
                item["outcome"] = outcome_in(notice.detail)
                # The latest hand-over of an item in the batch is the one that stands.
                digest.groups[kind][notice.recommendation.reference] = item
        digest.links[kind] = page_url(kind)
        delivery = Delivery.objects.create(
            recipient=user,
            email=user.email,
            day=today,
            kind=kind,
            key=digest.key,
            language=language,
            # A hand-over shows every item it hands over, up to the digest's limit.
            payload=digest.payload([kind], per_group=settings.DIGEST_MAX_ITEMS),
            references=" ".join(digest.references),
        )
        Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(delivery=delivery)
        created.append(delivery.pk)
    return created
