"""Paper imports: an uploaded paper being read and reviewed before it becomes a paper."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ccec.jobs import JobFailures, JobQuerySet
from ccec.uploads import validate_paper_document
from meetings.models import Meeting, Paper


def import_upload_to(paper_import, filename):
    return f"imports/{paper_import.pk}/{filename}"


class PaperImport(JobFailures, models.Model):
    """A paper being imported: the uploaded file, the extractor's candidates as the secretariat
    edits them, and, once confirmed, the paper it became. A draft can be left and resumed."""

    class Status(models.TextChoices):
        EXTRACTING = "extracting", _("Reading the paper")
        REVIEW = "review", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed")
        FAILED = "failed", _("Could not be read")

    ACTIVE_STATUSES = (Status.EXTRACTING,)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="imports", verbose_name=_("meeting"))
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("company"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    document = models.FileField(_("document"), upload_to=import_upload_to, validators=[validate_paper_document])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.EXTRACTING)
    error = models.TextField(_("error"), blank=True)
    # What the extractor proposed for the paper: title, authors, company, language, text.
    proposed = models.JSONField(_("proposed paper"), default=dict)
    # The candidate recommendations as the reviewer last saved them (see drafts.py).
    candidates = models.JSONField(_("candidates"), default=list)
    paper = models.OneToOneField(
        Paper, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_record", verbose_name=_("paper")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("paper import")
        verbose_name_plural = _("paper imports")

    def __str__(self):
        return f"{self.meeting} · {self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("paper_import", args=[self.pk])

    @property
    def filename(self):
        return self.document.name.rsplit("/", 1)[-1]


class WorkbookImport(JobFailures, models.Model):
    """A spreadsheet uploaded and, once confirmed, applied: a department workbook
    (imports/workbook.py) or the secretariat's history of earlier meetings (imports/history.py).
    Kept by the digest of its bytes: a person never applies the same file twice. A file over
    SPREADSHEET_ASYNC_KB is checked and applied by a background job (imports/workbook_jobs.py):
    its status and progress are on this row and its checked preview is stored here."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department workbook")
        HISTORY = "history", _("History of earlier meetings")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked")
        APPLYING = "applying", _("Being applied")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.CHECKING, Status.APPLYING)
    CHANGED = "changed-since-check"

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    digest = models.CharField(_("file digest"), max_length=64)
    file = models.FileField(_("workbook"), upload_to="imports/workbooks/", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    rows = models.PositiveIntegerField(_("rows applied"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # The background job of a large file (the others are checked while the person waits).
    background = models.BooleanField(_("checked in the background"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    preview = models.JSONField(_("checked preview"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="workbook_once_per_user")]

    def __str__(self):
        return self.digest[:12]

    def get_absolute_url(self):
        if self.kind == self.Kind.HISTORY:
            return reverse("history_preview", args=[self.pk])
        return reverse("workbook_preview", args=[self.pk])

    @property
    def failure_message(self):
        if self.error == self.CHANGED:
            return _(
                "The recommendations changed since the workbook was checked: nothing was written. "
                "The check below is new; apply again if it is still right."
            )
        return super().failure_message
