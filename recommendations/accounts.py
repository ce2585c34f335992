"""Accounts for real people: the secretariat invites, the invitee sets a password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from companies.models import Liaison
from recommendations.forms import InviteForm
from recommendations.models import Officer


def set_password_url(user):
    """A one-use link to choose a password; it expires after PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def invite(data, invited_by):
    """Create the account with its role and e-mail the set-password link once it is committed."""
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
    transaction.on_commit(lambda: send_invitation(user, data["language"], invited_by))
    return user


def send_invitation(user, language, invited_by):
    with translation.override(language):
        context = {"user": user, "url": set_password_url(user), "invited_by": invited_by}
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        message = EmailMultiAlternatives(subject, render_to_string("emails/invitation.txt", context), to=[user.email])
        message.attach_alternative(render_to_string("emails/invitation.html", context), "text/html")
        message.send()
