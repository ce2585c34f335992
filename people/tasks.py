"""Celery tasks of the people's accounts."""

from celery import shared_task

from people import invitations
from reminders.tasks import enqueue


@shared_task
def request_password_reset(email, language):
    """Look the address up and e-mail a reset link, away from the request so that its timing
    says nothing about which addresses have accounts."""
    enqueue(invitations.password_reset_deliveries(email, language))
