"""A published response revised: the revision goes through draft -> sign-off -> publish on its
own row, so the company keeps reading the published answer until the revision is published;
publishing it keeps the answer it replaces as a ResponseVersion (workflow.sign_off_revision)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from recommendations.choices import ResponseState, Stance


class Answer(models.Model):
    """What an answer says, as a Response holds it (recommendations/revisions.py copies these)."""

    stance = models.CharField(_("stance"), max_length=30, choices=Stance.choices)
    text = models.TextField(_("response text"))
    planned_measures = models.TextField(_("planned measures"), blank=True)
    target_date = models.DateField(_("planned completion date"), null=True, blank=True)

    class Meta:
        abstract = True


class ResponseRevision(Answer):
    """A correction or a new answer to a published response, until it is published internal."""

    response = models.ForeignKey(
        "recommendations.Response", on_delete=models.CASCADE, related_name="revisions", verbose_name=_("response")
    )
    reason = models.TextField(
        _("why it is revised"), help_text=_("For the department head and the secretariat; the company does not see it.")
    )
    state = models.CharField(
        _("workflow state"), max_length=20, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("drafted by")
    )
    submitted_at = models.DateTimeField(_("submitted for sign-off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    review_comment = models.TextField(_("sign-off comment"), blank=True)
    # As Response.version: an editor holding an older copy sees a conflict.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("revised response")
        verbose_name_plural = _("revised responses")
        constraints = [
            # One revision in the works at a time per response.
            models.UniqueConstraint(
                fields=["response"], condition=~Q(state=ResponseState.PUBLISHED), name="one_open_revision"
            ),
        ]
        indexes = [models.Index(fields=["state"], name="revision_state_idx")]

    def __str__(self):
        return f"{self.response}: {self.get_state_display()}"

    @property
    def recommendation(self):
        return self.response.recommendation

    @property
    def is_published(self):
        return self.state == ResponseState.PUBLISHED


class ResponseVersion(Answer):
    """A published answer as the company read it before a revision replaced it."""

    response = models.ForeignKey(
        "recommendations.Response",
        on_delete=models.CASCADE,
        related_name="earlier_versions",
        verbose_name=_("response"),
    )
    published_at = models.DateTimeField(_("published at"))
    replaced_at = models.DateTimeField(_("replaced at"))

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("earlier published response")
        verbose_name_plural = _("earlier published responses")

    def __str__(self):
        return f"{self.response}: {self.published_at:%Y-%m-%d} - {self.replaced_at:%Y-%m-%d}"
