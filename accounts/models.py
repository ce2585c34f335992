"""Who works in ccec: municipal departments, their officers and heads, and the one-time tokens
of the forms people send (once.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A municipal department that answers and implements recommendations."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    email = models.EmailField(_("inbox e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.short_name or self.name


class Officer(models.Model):
    """A user working for one department; a head signs off its responses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer", verbose_name=_("user")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="officers", verbose_name=_("department")
    )
    is_head = models.BooleanField(_("department head"), default=False)
    language = models.CharField(_("e-mail language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")

    class Meta:
        ordering = ["department__slug", "user__username"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.department})"


class FormSubmission(models.Model):
    """A form post that changed something, by its one-time token (see once.py): the same post
    sent twice (a double click, a resent page) finds its token taken and changes nothing more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="form_submission_once")]
        indexes = [
            # The sweeper forgets old tokens.
            models.Index(fields=["created_at"], name="form_submission_created_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.token}"
