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
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.passwords import set_password_url
from reminders.models import PERSONAL_KINDS, Delivery, DeliveryStatus, DigestKind

TEMPLATES = {
    DigestKind.REMINDERS: "emails/reminders",
    DigestKind.COMPANY: "emails/company_notices",
    DigestKind.CLARIFICATION: "emails/clarification",
    DigestKind.ASSIGNMENT: "emails/assignment",
    DigestKind.INVITATION: "emails/invitation",
    DigestKind.PASSWORD_RESET: "emails/password_reset",
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
    "clarification": _("A company asks for clarification"),
    "assigned": _("Assigned to your department by the secretariat"),
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


def build_message(delivery):
    template = TEMPLATES[delivery.kind]
    with translation.override(delivery.language):
        groups = [
            {"heading": GROUP_HEADINGS[group["kind"]], "kind": group["kind"], "items": group["items"]}
            for group in delivery.payload.get("groups", [])
        ]
        context = {
            "delivery": delivery,
            "groups": groups,
            "count": delivery.payload.get("count", 0),
            "site_url": settings.SITE_URL,
        }
        if delivery.kind in PERSONAL_KINDS:
            context.update(delivery.payload, user=delivery.recipient, url=set_password_url(delivery.recipient))
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
