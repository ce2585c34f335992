"""Accounts for real people: the secretariat invites, the invitee sets a password.

Invitation and password-reset e-mails go through the delivery log like every other e-mail
(reminders/delivery.py): the row is written in the same transaction as the account, and the
link is made when the e-mail is sent, so a mail server that is down delays the e-mail (it is
retried, and every attempt is logged) but never leaves an account without its invitation.
"""

import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Officer
from companies.models import Liaison
from people.forms import InviteForm
from reminders.models import Delivery, DigestKind


def personal_delivery(user, kind, language, payload=None):
    """A delivery row for one e-mail that carries a personal link (made when it is sent)."""
    return Delivery.objects.create(
        recipient=user,
        email=user.email,
        day=timezone.localdate(),
        kind=kind,
        key=uuid.uuid4().hex[:16],
        language=language,
        payload=payload or {},
    )


@transaction.atomic
def invite(data, invited_by):
    """Create the account with its role and its invitation e-mail in the delivery log; returns
    the user and the delivery, whose sending the caller queues."""
    User = get_user_model()
    user = User(username=data["email"], email=data["email"], first_name=data["first_name"], last_name=data["last_name"])
    user.set_unusable_password()
    user.save()
    if data["role"] == InviteForm.LIAISON:
        Liaison.objects.create(user=user, company=data["company"], language=data["language"])
    else:
        Officer.objects.create(
            user=user, department=data["department"], is_head=data["role"] == InviteForm.HEAD, language=data["language"]
        )
    name = invited_by.get_full_name() or invited_by.username
    delivery = personal_delivery(user, DigestKind.INVITATION, data["language"], {"invited_by": name})
    return user, delivery


def reinvite(user, invited_by):
    """Another invitation e-mail (a fresh link) for an account that never set a password."""
    name = invited_by.get_full_name() or invited_by.username
    return personal_delivery(user, DigestKind.INVITATION, language_of(user, "zh-hans"), {"invited_by": name})


def language_of(user, default):
    """The language a person chose for e-mails (officers and liaisons choose one)."""
    for role in ("officer", "liaison"):
        if hasattr(user, role):
            return getattr(user, role).language
    return default


def password_reset_deliveries(email, language):
    """Delivery rows for a reset link to each active account with this address (none when no
    account has it, or it never chose a password); returns their ids. `language` is the one
    the request came in, for accounts that chose none."""
    users = get_user_model().objects.filter(email__iexact=email, is_active=True).select_related("officer", "liaison")
    return [
        personal_delivery(user, DigestKind.PASSWORD_RESET, language_of(user, language)).pk
        for user in users
        if user.has_usable_password()
    ]
