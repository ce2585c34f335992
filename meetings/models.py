"""The council's year: annual meetings, policy topics, and the papers companies submit.

Bilingual fields (themes, names, titles) are registered in translation.py, with the papers'
audit history.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import CompanyScopedQuerySet
from ccec.uploads import validate_paper_document


class Meeting(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("The ordinal, e.g. 16."))
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"))
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    response_deadline = models.DateField(
        _("response deadline"), blank=True, help_text=_("Leave empty for the meeting date plus 60 days.")
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("annual meeting")
        verbose_name_plural = _("annual meetings")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
            models.CheckConstraint(
                condition=Q(response_deadline__gte=models.F("date")), name="meeting_deadline_after_date"
            ),
        ]

    def __str__(self):
        return _("Annual meeting %(number)s (%(year)s)") % {"number": self.number, "year": self.year}

    def save(self, *args, **kwargs):
        if self.response_deadline is None and self.date is not None:
            self.response_deadline = self.date + datetime.timedelta(days=settings.RESPONSE_DEADLINE_DAYS)
        super().save(*args, **kwargs)


class Topic(models.Model):
    """A policy area, used to group recommendations in lists and in the annual report."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class PaperQuerySet(CompanyScopedQuerySet):
    company_field = "company_id"


def paper_upload_to(paper, filename):
    return f"papers/{paper.meeting.number}/{filename}"


class Paper(models.Model):
    """A member company's theme paper for one meeting; `position` is its place in the book."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="papers", verbose_name=_("meeting"))
    position = models.PositiveSmallIntegerField(_("position in the book"))
    # Null for a paper whose text names no company: keep it unattributed rather than guess.
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        related_name="papers",
        null=True,
        blank=True,
        verbose_name=_("company"),
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    document = models.FileField(
        _("document"), upload_to=paper_upload_to, blank=True, validators=[validate_paper_document]
    )
    extracted_text = models.TextField(_("extracted text"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="paper_position_unique_in_meeting"),
        ]

    def __str__(self):
        label = self.title or (_("Paper of %(company)s") % {"company": self.company or _("an unnamed member")})
        return f"{self.meeting.number}-{self.position:02d} {label}"
