"""Who has an account: role, where they work, last sign-in, locked out or not."""

from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import roles


@dataclass
class Person:
    user: object
    role: str | None
    place: object  # the department or the company, or None
    locked: bool

    @property
    def role_label(self):
        return roles.LABELS.get(self.role, "")

    @property
    def never_signed_in(self):
        return self.user.last_login is None and not self.user.has_usable_password()


def locked_usernames(now=None):
    """The user names that django-axes is keeping out right now."""
    now = now or timezone.now()
    return set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
        ).values_list("username", flat=True)
    )


def people():
    """Every account with its role and place, in one pass of a few queries."""
    users = (
        get_user_model()
        .objects.select_related("officer__department", "liaison__company")
        .prefetch_related("groups")
        .order_by("last_name", "first_name", "username")
    )
    locked = locked_usernames()
    result = []
    for user in users:
        if user.is_superuser or any(group.name == settings.SECRETARIAT_GROUP for group in user.groups.all()):
            role, place = roles.SECRETARIAT, None
        elif hasattr(user, "officer"):
            role = roles.HEAD if user.officer.is_head else roles.OFFICER
            place = user.officer.department
        elif hasattr(user, "liaison"):
            role, place = roles.LIAISON, user.liaison.company
        else:
            role, place = None, None
        result.append(Person(user=user, role=role, place=place, locked=user.username in locked))
    return result
