"""Issued reply letters: each one a stored file with the day it was issued. Issuing again
(after a revised answer, say) adds a new letter with a new date; the earlier ones stay."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def letter_upload_to(letter, filename):
    return f"letters/{letter.meeting.number}/{letter.company.slug}/{filename}"


class ReplyLetter(models.Model):
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="reply_letters", verbose_name=_("company")
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="reply_letters", verbose_name=_("meeting")
    )
    language = models.CharField(_("language"), max_length=10)
    file_format = models.CharField(_("format"), max_length=10)
    file = models.FileField(_("file"), upload_to=letter_upload_to)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # Whether every recommendation of the paper had its published answer when it was issued:
    # only such a letter is shown to the company's liaisons.
    complete = models.BooleanField(_("every answer published"), default=False)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("reply letter")
        verbose_name_plural = _("reply letters")

    def __str__(self):
        return f"{self.company} · {self.meeting} · {self.issued_on:%Y-%m-%d}"
