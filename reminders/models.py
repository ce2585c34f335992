"""The delivery log: every reminder, notice and personal e-mail, claimed before it is sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestKind(models.TextChoices):
    REMINDERS = "reminders", _("Daily reminders")
    COMPANY = "company", _("Company notices")
    CLARIFICATION = "clarification", _("Clarification request")
    ASSIGNMENT = "assignment", _("Assignment")
    INVITATION = "invitation", _("Invitation")
    PASSWORD_RESET = "password_reset", _("Password reset")


# E-mails that carry a personal set-password link, made when the e-mail is sent.
PERSONAL_KINDS = (DigestKind.INVITATION, DigestKind.PASSWORD_RESET)


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
