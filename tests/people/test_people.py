"""The People screen: who has which role, who is locked out, unlock and invite again."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.once import new_token
from tests import factories

pytestmark = pytest.mark.django_db


def lock_out(client, settings, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"form_token": new_token(), "username": username, "password": "wrong"})


def test_people_shows_roles_places_and_who_is_locked(client, world, settings):
    lock_out(client, settings, world.users.officer_a.username)
    client.force_login(world.users.secretariat)
    page = client.get(reverse("people"))
    rows = {person.user.username: person for person in page.context["people"]}
    officer = rows[world.users.officer_a.username]
    assert (officer.role, officer.place, officer.locked) == ("officer", world.department_a, True)
    assert rows[world.users.liaison_c.username].place == world.company_c
    assert not rows[world.users.head_a.username].locked
    assert "Unlock" in page.content.decode()


def test_the_secretariat_unlocks_an_officer_who_then_signs_in(client, world, settings):
    officer = world.users.officer_a
    lock_out(client, settings, officer.username)
    secretariat = factories.SecretariatUserFactory()
    client.force_login(secretariat)
    assert client.post(reverse("people_unlock", args=[officer.pk])).status_code == 302
    client.logout()
    signed_in = client.post(
        reverse("login"), {"form_token": new_token(), "username": officer.username, "password": factories.PASSWORD}
    )
    assert signed_in.status_code == 302 and client.session["_auth_user_id"] == str(officer.pk)


def test_invite_again_sends_a_new_link_to_someone_without_a_password(client, world, django_capture_on_commit_callbacks):
    invitee = factories.OfficerFactory(department=world.department_a, user__password=None).user
    invitee.set_unusable_password()
    invitee.save()
    client.force_login(world.users.secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people_invite_again", args=[invitee.pk]), {"form_token": new_token()})
    assert [message.to for message in mail.outbox] == [[invitee.email]]
    # Someone who has a password is not invited again.
    mail.outbox.clear()
    client.post(reverse("people_invite_again", args=[world.users.officer_a.pk]), {"form_token": new_token()})
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["officer_a", "head_a", "liaison_c"])
def test_only_the_secretariat_sees_people_and_unlocks(client, world, role):
    client.force_login(getattr(world.users, role))
    assert client.get(reverse("people")).status_code == 403
    assert client.post(reverse("people_unlock", args=[world.users.officer_b.pk])).status_code == 403
    invite = client.post(reverse("people_invite_again", args=[world.users.officer_b.pk]), {"form_token": new_token()})
    assert invite.status_code == 403
