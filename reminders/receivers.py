"""Notices for what happens on recommendations (recommendations/signals.py)."""

from django.dispatch import receiver
from django.utils import timezone

from recommendations import signals
from reminders import digests
from reminders.tasks import enqueue


@receiver(signals.clarification_requested)
def notify_clarification(sender, feedback, **kwargs):
    """A liaison asked for clarification: every officer of the lead department hears at once."""
    enqueue(digests.clarification_notices(feedback, timezone.localdate()))


@receiver(signals.assigned)
def notify_assignment(sender, recommendations, department_ids, note, **kwargs):
    """The secretariat assigned recommendations: the departments that newly have them hear."""
    enqueue(digests.assignment_notices(recommendations, department_ids, note, timezone.localdate()))
