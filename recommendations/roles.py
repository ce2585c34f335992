"""Who a user is in ccec: the one place that maps an account to its role.

The secretariat is a group (with the admin's rights); officers and heads have an Officer
record; liaisons have a Liaison record. Everything else asks role_of() rather than testing
those records itself.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SECRETARIAT = "secretariat"
HEAD = "head"
OFFICER = "officer"
LIAISON = "liaison"

INTERNAL_ROLES = {SECRETARIAT, HEAD, OFFICER}

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


def role_context(request):
    """Template context: the signed-in user's role for the header."""
    role = role_of(request.user) if hasattr(request, "user") else None
    return {"user_role": role, "user_role_label": LABELS.get(role, "")}
