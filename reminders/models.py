"""The delivery log: every reminder, notice and personal e-mail, claimed before it is sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestKind(models.TextChoices):
    REMINDERS = "reminders", _("Daily reminders")
    COMPANY = "company", _("Company notices")
    CLARIFICATION = "clarification", _("Clarification requested")
    ASSIGNMENT = "assignment", _("Assigned to your department")
    SIGNOFF = "signoff", _("Submitted for your sign-off")
    SENT_BACK = "sent_back", _("Response sent back to you")
    PUBLISHED = "published", _("Your response published")
    RETURNED = "returned", _("Returned to the secretariat")
    CLARIFIED = "clarified", _("Clarification answered")
    REVISED = "revised", _("Answer revised")
    EXTENSION = "extension", _("Target date request decided")
    INVITATION = "invitation", _("Invitation")
    PASSWORD_RESET = "password_reset", _("Password reset")


# E-mails that carry a personal set-password link, made when the e-mail is sent.
PERSONAL_KINDS = (DigestKind.INVITATION, DigestKind.PASSWORD_RESET)
# The hand-over notices (notices.py): written at the hand-over, batched per person and kind
# within NOTICE_BATCH_SECONDS.
NOTICE_KINDS = (
    DigestKind.ASSIGNMENT,
    DigestKind.SIGNOFF,
    DigestKind.SENT_BACK,
    DigestKind.PUBLISHED,
    DigestKind.RETURNED,
    DigestKind.CLARIFICATION,
    DigestKind.CLARIFIED,
    DigestKind.EXTENSION,
    DigestKind.REVISED,
)
# What a person may turn off on "My notifications": every kind but the personal ones.
OPTIONAL_KINDS = (DigestKind.REMINDERS, DigestKind.COMPANY, *NOTICE_KINDS)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


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


class Notice(models.Model):
    """One hand-over to tell one person about (notices.py): written in the transaction of the
    hand-over, then batched with that person's other notices of the same kind into one
    Delivery a few minutes later. `delivery` is set when it is batched, exactly once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DigestKind.choices)
    recommendation = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="+", verbose_name=_("recommendation")
    )
    # What the hand-over said: {"comment": text or {language: text}, "outcome": ..., "date": ...}.
    detail = models.JSONField(_("detail"), default=dict)
    delivery = models.ForeignKey(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices", verbose_name=_("e-mail")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            # The batching picks up the notices not yet in an e-mail.
            models.Index(fields=["created_at"], condition=models.Q(delivery__isnull=True), name="notice_waiting_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class MutedKind(models.Model):
    """A person turned this kind of e-mail off ("My notifications"); no row: it is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_kinds", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DigestKind.choices)

    class Meta:
        verbose_name = _("notification turned off")
        verbose_name_plural = _("notifications turned off")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="muted_kind_once")]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"
