"""Keep each recommendation's sort key (Recommendation.sort_key) when its paper moves in the
book or its meeting is renumbered (both rare, both through the admin)."""

from django.db.models import F
from django.db.models.signals import post_save
from django.dispatch import receiver

from meetings.models import Meeting, Paper
from recommendations.models import Recommendation
from recommendations.models.recommendation import SORT_KEY_MEETING, sort_key


@receiver(post_save, sender=Paper, dispatch_uid="recommendations-paper-sort-key")
def paper_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    expected = sort_key(instance.meeting.number, instance.position, 0) + F("order")
    Recommendation.objects.filter(paper=instance).exclude(sort_key=expected).update(sort_key=expected)


@receiver(post_save, sender=Meeting, dispatch_uid="recommendations-meeting-sort-key")
def meeting_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    expected = F("sort_key") % SORT_KEY_MEETING + instance.number * SORT_KEY_MEETING
    Recommendation.objects.filter(paper__meeting=instance).exclude(sort_key=expected).update(sort_key=expected)
