"""Claim a delivery row, send its e-mail, record the attempt.

Delivery semantics: at most once. A row is claimed (PENDING -> SENDING, a conditional UPDATE
whose row count is checked) before the message goes to the SMTP server, and marked SENT after.
If the process dies between the server accepting the message and the row being marked, the
row stays SENDING and nobody sends it again: that digest is lost rather than duplicated. That
is the right side here: a reminder names items that are still due tomorrow, so tomorrow's
digest repeats them, while duplicate e-mails in a municipal inbox teach people to ignore the
sender. The admin's "resend" action puts failed (and stuck) rows back to PENDING by hand.
"""

import smtplib
import time

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from accounts.passwords import set_password_url
from reminders.models import NOTICE_KINDS, PERSONAL_KINDS, Delivery, DeliveryStatus, DigestKind

TEMPLATES = {
    DigestKind.REMINDERS: "emails/reminders",
    DigestKind.COMPANY: "emails/company_notices",
    DigestKind.INVITATION: "emails/invitation",
    DigestKind.PASSWORD_RESET: "emails/password_reset",
    **dict.fromkeys(NOTICE_KINDS, "emails/notice"),
}

# A hand-over notice's subject: for one recommendation (with its reference), and for several.
NOTICE_SUBJECTS = {
    DigestKind.ASSIGNMENT: (
        _("CMIEAC tracker: %(reference)s assigned to your department"),
        ngettext_lazy(
            "CMIEAC tracker: %(count)d recommendation assigned to your department",
            "CMIEAC tracker: %(count)d recommendations assigned to your department",
            "count",
        ),
    ),
    DigestKind.SIGNOFF: (
        _("CMIEAC tracker: the response to %(reference)s waits for your sign-off"),
        ngettext_lazy(
            "CMIEAC tracker: %(count)d response waits for your sign-off",
            "CMIEAC tracker: %(count)d responses wait for your sign-off",
            "count",
        ),
    ),
    DigestKind.SENT_BACK: (
        _("CMIEAC tracker: your response to %(reference)s was sent back"),
        ngettext_lazy(
            "CMIEAC tracker: %(count)d of your responses was sent back",
            "CMIEAC tracker: %(count)d of your responses were sent back",
            "count",
        ),
    ),
    DigestKind.PUBLISHED: (
        _("CMIEAC tracker: your response to %(reference)s is published"),
        ngettext_lazy(
            "CMIEAC tracker: %(count)d of your responses is published",
            "CMIEAC tracker: %(count)d of your responses are published",
            "count",
        ),
    ),
    DigestKind.RETURNED: (
        _("CMIEAC tracker: %(reference)s was returned to the secretariat"),
        ngettext_lazy(
            "CMIEAC tracker: %(count)d recommendation was returned to the secretariat",
            "CMIEAC tracker: %(count)d recommendations were returned to the secretariat",
            "count",
        ),
    ),
    DigestKind.CLARIFICATION: (
        _("CMIEAC tracker: a company asks for clarification on %(reference)s"),
        ngettext_lazy(
            "CMIEAC tracker: companies ask for clarification on %(count)d recommendation",
            "CMIEAC tracker: companies ask for clarification on %(count)d recommendations",
            "count",
        ),
    ),
    DigestKind.CLARIFIED: (
        _("CMIEAC tracker: the department clarified its answer on %(reference)s"),
        ngettext_lazy(
            "CMIEAC tracker: departments clarified their answers on %(count)d recommendation",
            "CMIEAC tracker: departments clarified their answers on %(count)d recommendations",
            "count",
        ),
    ),
    DigestKind.REVISED: (
        _("CMIEAC tracker: the answer to %(reference)s was revised"),
        ngettext_lazy(
            "CMIEAC tracker: the answer to %(count)d recommendation was revised",
            "CMIEAC tracker: the answers to %(count)d recommendations were revised",
            "count",
        ),
    ),
    DigestKind.EXTENSION: (
        _("CMIEAC tracker: your request to move the target date of %(reference)s was decided"),
        ngettext_lazy(
            "CMIEAC tracker: %(count)d of your requests to move a target date was decided",
            "CMIEAC tracker: %(count)d of your requests to move a target date were decided",
            "count",
        ),
    ),
}

# What a hand-over notice says before its items.
NOTICE_INTROS = {
    DigestKind.ASSIGNMENT: _(
        "The secretariat gave your department these recommendations to answer or to support. "
        "If one is not for your department, return it from its page with the reason."
    ),
    DigestKind.SIGNOFF: _(
        "An officer of your department submitted these responses for your sign-off: "
        "publish each one, or send it back with a comment."
    ),
    DigestKind.SENT_BACK: _("These responses came back to you as drafts; the comment says what to change:"),
    DigestKind.PUBLISHED: _("These responses you drafted are published: the company can read them now."),
    DigestKind.RETURNED: _(
        "A department gave these recommendations back to the secretariat, saying why. "
        "Assign each one again from its page:"
    ),
    DigestKind.CLARIFICATION: _("A company asks your department to clarify its published response:"),
    DigestKind.CLARIFIED: _("The department answered your request for clarification:"),
    DigestKind.REVISED: _(
        "The department revised its published answer to these recommendations. Each page shows the "
        "answer as it stands now, and the earlier versions below it:"
    ),
    DigestKind.EXTENSION: _("Your request to move a target date was decided:"),
}

GROUP_HEADINGS = {
    "response_due_soon": _("Response due soon"),
    "response_overdue": _("Response overdue"),
    "update_due_soon": _("Progress update due soon"),
    "update_overdue": _("Progress update overdue"),
    "past_target": _("Past the target date, not implemented"),
    "unassigned": _("Waiting for a lead department"),
    "escalations": _("Escalated to you: long overdue in your department"),
    "response_published": _("The government published its response"),
    "update_shared": _("New progress shared with you"),
    "signoff_queue": _("Waiting for your sign-off"),
    **{kind: label for kind, label in DigestKind.choices if kind in NOTICE_KINDS},
}

# Outcomes of one attempt.
SENT, RETRY, FAILED, NOT_CLAIMED = "sent", "retry", "failed", "not-claimed"


class TransientFailure(Exception):
    """The SMTP server may take the message later: try again."""


def claim(delivery_id):
    """Take the row for this attempt; False when someone else has it or it is done."""
    return (
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
        == 1
    )


def is_transient(error):
    """4xx answers and network trouble are worth another try; 5xx answers and the rest are final."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False
    # Connection refused or reset, timeouts, name resolution: the server may be back soon.
    return isinstance(error, OSError)


def overdue_words(days):
    """ "3 days", "5 weeks", "4 months", "2 years" overdue: a figure a reader takes in at once."""
    if days < 14:
        return ngettext("%(n)d day overdue", "%(n)d days overdue", days) % {"n": days}
    if days < 61:
        weeks = days // 7
        return ngettext("%(n)d week overdue", "%(n)d weeks overdue", weeks) % {"n": weeks}
    if days < 730:
        months = days // 30
        return ngettext("%(n)d month overdue", "%(n)d months overdue", months) % {"n": months}
    years = days // 365
    return ngettext("%(n)d year overdue", "%(n)d years overdue", years) % {"n": years}


def notice_subject(delivery, count, items):
    one, many = NOTICE_SUBJECTS[delivery.kind]
    if count == 1 and items:
        return str(one) % {"reference": items[0]["reference"]}
    return many % {"count": count}


def build_message(delivery):
    template = TEMPLATES[delivery.kind]
    with translation.override(delivery.language):
        groups = []
        for group in delivery.payload.get("groups", []):
            items = [
                {**item, "overdue": overdue_words(item["days_overdue"]) if item.get("days_overdue") else ""}
                for item in group["items"]
            ]
            count = group.get("count", len(items))
            groups.append(
                {
                    "heading": GROUP_HEADINGS[group["kind"]],
                    "kind": group["kind"],
                    "items": items,
                    "count": count,
                    "more": max(count - len(items), 0),
                    "url": group.get("url") or settings.SITE_URL,
                }
            )
        context = {
            "delivery": delivery,
            "groups": groups,
            "count": delivery.payload.get("count", 0),
            "site_url": settings.SITE_URL,
            "notifications_url": settings.SITE_URL + reverse("notifications"),
        }
        if delivery.kind in PERSONAL_KINDS:
            context.update(delivery.payload, user=delivery.recipient, url=set_password_url(delivery.recipient))
        if delivery.kind in NOTICE_KINDS:
            items = groups[0]["items"] if groups else []
            context.update(
                intro=NOTICE_INTROS[delivery.kind], subject=notice_subject(delivery, context["count"], items)
            )
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(subject, render_to_string(f"{template}.txt", context), to=[delivery.email])
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send(delivery_id):
    """One attempt at one delivery; returns SENT, RETRY, FAILED or NOT_CLAIMED."""
    if not claim(delivery_id):
        return NOT_CLAIMED
    delivery = Delivery.objects.select_related("recipient").get(pk=delivery_id)
    started = time.monotonic()
    error = None
    try:
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([build_message(delivery)])
    except Exception as exc:  # every failure is recorded; is_transient decides what follows
        error = exc
    duration_ms = round((time.monotonic() - started) * 1000)
    if error is None:
        outcome, status = SENT, DeliveryStatus.SENT
    elif is_transient(error) and delivery.attempts <= settings.REMINDER_MAX_RETRIES:
        outcome, status = RETRY, DeliveryStatus.PENDING
    else:
        outcome, status = FAILED, DeliveryStatus.FAILED
    message = "" if error is None else f"{type(error).__name__}: {error}"[:2000]
    delivery.attempt_log.append(
        {"at": timezone.now().isoformat(), "outcome": outcome, "error": message, "duration_ms": duration_ms}
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        last_error=message,
        duration_ms=duration_ms,
        attempt_log=delivery.attempt_log,
        sent_at=timezone.now() if outcome == SENT else None,
    )
    return outcome
