"""Who a user is in ccec: the one place that maps an account to its role.

The secretariat is a group (with the admin's rights); officers and heads have an Officer
record; liaisons have a Liaison record. Everything else asks role_of() rather than testing
those records itself.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SECRETARIAT = "secretariat"
HEAD = "head"
OFFICER = "officer"
LIAISON = "liaison"

INTERNAL_ROLES = {SECRETARIAT, HEAD, OFFICER}

# The apps whose data the secretariat enters and corrects in Data entry (the admin); its group
# gets all their permissions, with django-axes' (to unlock accounts).
SECRETARIAT_APPS = [
    "accounts",
    "companies",
    "meetings",
    "recommendations",
    "reminders",
    "reports",
    "imports",
    "translations",
    "suggestions",
    "health",
    "axes",
]

LABELS = {
    SECRETARIAT: _("Secretariat"),
    HEAD: _("Department head"),
    OFFICER: _("Municipal officer"),
    LIAISON: _("Company liaison"),
}


def role_of(user):
    """The user's role, or None for anonymous users and accounts with no role yet."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_ccec_role", False)
    if cached is not False:
        return cached
    if user.is_superuser or user.groups.filter(name=settings.SECRETARIAT_GROUP).exists():
        role = SECRETARIAT
    elif hasattr(user, "officer"):
        role = HEAD if user.officer.is_head else OFFICER
    elif hasattr(user, "liaison"):
        role = LIAISON
    else:
        role = None
    user._ccec_role = role
    return role


@dataclass(frozen=True)
class Viewer:
    """Whose eyes a query reads with: the government side sees every row and every progress
    update; `shared_only` viewers see published responses and shared updates only, of one
    company (`company_id`) or of all (the public record)."""

    shared_only: bool = False
    company_id: int | None = None

    @property
    def is_government(self):
        return not self.shared_only


GOVERNMENT_VIEW = Viewer()
PUBLIC_VIEW = Viewer(shared_only=True)


def company_view(company_id):
    return Viewer(shared_only=True, company_id=company_id)


def viewer_of(user):
    """The Viewer a user reads with: the government side, their own company, or None for
    someone who may see nothing."""
    role = role_of(user)
    if role in INTERNAL_ROLES:
        return GOVERNMENT_VIEW
    if role == LIAISON:
        return company_view(user.liaison.company_id)
    return None


def role_context(request):
    """Template context: the signed-in user's role for the header."""
    role = role_of(request.user) if hasattr(request, "user") else None
    return {"user_role": role, "user_role_label": LABELS.get(role, "")}


class CompanyScopedQuerySet(models.QuerySet):
    """`visible_to(user)`: everything for the government side; for a liaison, only the rows whose
    `company_field` lookup is their company's id and that pass `liaison_only`; nothing for
    anyone else. `seen_by(viewer)` is the same for a Viewer without a user, e.g. a company
    extract written by a command.
    """

    company_field = "company_id"
    liaison_only = {}

    def visible_to(self, user):
        return self.seen_by(viewer_of(user))

    def seen_by(self, viewer):
        if viewer is None:
            return self.none()
        if viewer.is_government:
            return self
        scoped = self.filter(**self.liaison_only)
        if viewer.company_id is not None:
            scoped = scoped.filter(**{self.company_field: viewer.company_id})
        return scoped
