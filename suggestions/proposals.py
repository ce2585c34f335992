"""Keep the proposed suggestions current, and record the secretariat's decisions."""

from django.db import transaction
from django.utils import timezone

from recommendations.models import Recommendation
from suggestions import ranking
from suggestions.models import Suggestion


def refresh(pks=None):
    """Propose the best candidates for these recommendations (all when None); decided pairs
    (confirmed or dismissed, either way round) stay as they are. Returns the number proposed."""
    pks = list(Recommendation.objects.values_list("pk", flat=True)) if pks is None else list(pks)
    suggested = ranking.suggest(Recommendation.objects.all(), pks)
    decided = set(
        Suggestion.objects.exclude(status=Suggestion.Status.PROPOSED).values_list("recommendation_id", "other_id")
    )
    # Pairs already linked (by a person, in the admin or the demo) are decided too.
    decided |= set(Recommendation.related.through.objects.values_list("from_recommendation_id", "to_recommendation_id"))
    decided |= {(other, pk) for pk, other in decided}
    proposed = 0
    with transaction.atomic():
        Suggestion.objects.proposed().filter(recommendation_id__in=list(suggested)).delete()
        rows = [
            Suggestion(recommendation_id=pk, other_id=doc.pk, score=score)
            for pk, candidates in suggested.items()
            for doc, score in candidates
            if (pk, doc.pk) not in decided
        ]
        Suggestion.objects.bulk_create(rows, ignore_conflicts=True)
        proposed = len(rows)
    return proposed


def _pair(suggestion):
    """The suggestion and its mirror (other -> recommendation), if the mirror was proposed."""
    return Suggestion.objects.filter(
        recommendation_id__in=[suggestion.recommendation_id, suggestion.other_id],
        other_id__in=[suggestion.recommendation_id, suggestion.other_id],
    ).select_for_update()


@transaction.atomic
def confirm(suggestion, user):
    """They make the same ask: link them (`related`, both ways), and settle both directions."""
    _pair(suggestion).update(status=Suggestion.Status.CONFIRMED, decided_by=user, decided_at=timezone.now())
    suggestion.recommendation.related.add(suggestion.other)


@transaction.atomic
def dismiss(suggestion, user):
    """Not the same ask: never propose the pair again, from either side."""
    _pair(suggestion).update(status=Suggestion.Status.DISMISSED, decided_by=user, decided_at=timezone.now())
