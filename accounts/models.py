"""Who works in ccec: municipal departments, their officers and heads, who stands in for an
officer while they are away, and the one-time tokens of the forms people send (once.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
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
        return f"{self.name} ({self.department})"

    @property
    def name(self):
        return self.user.get_full_name() or self.user.username


class StandInQuerySet(models.QuerySet):
    def covering(self, day):
        """The periods that include `day`."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def routes(self, day):
        """Who receives an away officer's reminders on `day`: {away officer id: stand-in id},
        followed through a stand-in who is away too (A -> B -> C gives A -> C); a circle
        (A -> B -> A) leaves each with their own."""
        direct = dict(
            self.covering(day)
            .filter(stand_in__user__is_active=True)
            .order_by("created_at")
            .values_list("officer_id", "stand_in_id")
        )
        routes = {}
        for officer_id in direct:
            seen, current = {officer_id}, direct[officer_id]
            while current in direct and current not in seen:
                seen.add(current)
                current = direct[current]
            if current not in seen:
                routes[officer_id] = current
        return routes


class StandIn(models.Model):
    """While `officer` is away (starts_on to ends_on, both included), `stand_in`, an officer of
    the same department, receives their reminders and notices and acts for them: what the
    stand-in does on the away officer's recommendations is recorded "on behalf of" them."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="away", verbose_name=_("officer"))
    stand_in = models.ForeignKey(
        Officer, on_delete=models.CASCADE, related_name="standing_in", verbose_name=_("stand-in")
    )
    starts_on = models.DateField(_("away from"))
    ends_on = models.DateField(_("away until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("named by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StandInQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("stand-in")
        verbose_name_plural = _("stand-ins")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="stand_in_ends_after_start"),
            models.CheckConstraint(condition=~Q(stand_in=F("officer")), name="stand_in_not_self"),
        ]
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="stand_in_period_idx")]

    def __str__(self):
        return f"{self.officer} -> {self.stand_in} ({self.starts_on} - {self.ends_on})"


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
