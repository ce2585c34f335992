from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import roles


class CompanyQuerySet(roles.CompanyScopedQuerySet):
    # A liaison sees only their own company.
    company_field = "pk"


class Company(models.Model):
    """A member company of the council; `name` and `sector` are bilingual (translation.py)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    member_since = models.PositiveSmallIntegerField(_("member since (year)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self):
        return self.name


class Liaison(models.Model):
    """A user who speaks for one company and sees only that company's recommendations."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison", verbose_name=_("user")
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="liaisons", verbose_name=_("company"))
    title = models.CharField(_("job title"), max_length=200, blank=True)
    language = models.CharField(_("e-mail language"), max_length=10, choices=settings.LANGUAGES, default="en")

    class Meta:
        ordering = ["company__slug", "user__username"]
        verbose_name = _("company liaison")
        verbose_name_plural = _("company liaisons")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.company})"
