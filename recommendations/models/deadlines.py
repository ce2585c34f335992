"""What is due, late or escalated: the deadline rules as QuerySet methods of Recommendation.

The reminders (reminders/digests.py) are built on them, and the workspace, the dashboard and
the reports share them. Each takes `today` (a local date) and is evaluated in the database, so
a reminder pass costs one query per rule, not one per recommendation. The thresholds are
settings. The rules read the government's track: they are about what departments must do.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recommendations.choices import CLOSING_STANCES, FINISHED_STATUSES, ResponseState


def days(number):
    return datetime.timedelta(days=number)


def start_of(day):
    """Local midnight at the start of `day`, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class DeadlineQuerySet(models.QuerySet):
    """Mixed into RecommendationQuerySet; uses its assigned() and without_published_response()."""

    def awaiting_assignment(self, today):
        """No lead department REMINDER_UNASSIGNED_DAYS (or more) days after the paper was entered."""
        cutoff = start_of(today - days(settings.REMINDER_UNASSIGNED_DAYS) + days(1))
        return self.filter(lead_department__isnull=True, paper__entered_at__lt=cutoff)

    def response_due_soon(self, today):
        """Not answered, and the meeting's response deadline is today or within the warning days."""
        return (
            self.assigned()
            .without_published_response()
            .filter(
                paper__meeting__response_deadline__gte=today,
                paper__meeting__response_deadline__lte=today + days(settings.REMINDER_DUE_SOON_DAYS),
            )
        )

    def response_late(self, today):
        """Not answered, and the response deadline has passed."""
        return self.assigned().without_published_response().filter(paper__meeting__response_deadline__lt=today)

    def response_escalated(self, today):
        """Not answered more than REMINDER_RESPONSE_ESCALATION_DAYS after the deadline: the head hears."""
        limit = today - days(settings.REMINDER_RESPONSE_ESCALATION_DAYS)
        return self.response_late(today).filter(paper__meeting__response_deadline__lt=limit)

    def update_due_soon(self, today):
        """An accepted, unfinished recommendation's next update falls due within the warning days.

        `update_due_on` already holds the rule's conditions (stance, status, the recommendation's
        own reporting interval); see Recommendation.sync_progress().
        """
        return self.assigned().filter(
            update_due_on__gte=today, update_due_on__lte=today + days(settings.REMINDER_DUE_SOON_DAYS)
        )

    def update_late(self, today):
        return self.assigned().filter(update_due_on__lt=today)

    def update_escalated(self, today):
        """An update overdue by more than REMINDER_UPDATE_ESCALATION_DAYS: the head hears."""
        return self.assigned().filter(update_due_on__lt=today - days(settings.REMINDER_UPDATE_ESCALATION_DAYS))

    def past_target(self, today):
        """The target date has passed and the recommendation is neither implemented nor closed."""
        return (
            self.assigned()
            .filter(target_date__lt=today)
            .exclude(status__in=FINISHED_STATUSES)
            .exclude(Q(response__state=ResponseState.PUBLISHED) & Q(response__stance__in=CLOSING_STANCES))
        )
