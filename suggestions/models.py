"""Suggested related recommendations, and what the secretariat decided about each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SuggestionQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(status=Suggestion.Status.PROPOSED)


class Suggestion(models.Model):
    """`other` may be the same ask as `recommendation` (ranking.py scored it); the secretariat
    confirms it (then they are `related`) or dismisses it (then it is never proposed again)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("recommendation"),
    )
    other = models.ForeignKey(
        "recommendations.Recommendation", on_delete=models.CASCADE, related_name="+", verbose_name=_("suggested")
    )
    score = models.FloatField(_("score"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-score"]
        verbose_name = _("suggested related recommendation")
        verbose_name_plural = _("suggested related recommendations")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "other"], name="suggestion_pair_unique"),
            models.CheckConstraint(condition=~models.Q(recommendation=models.F("other")), name="suggestion_not_self"),
        ]

    def __str__(self):
        return f"{self.recommendation_id} ~ {self.other_id} ({self.score:.2f})"
