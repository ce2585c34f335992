"""python manage.py suggest_related REFERENCE [--json]: the ranked suggestions, from the live data."""

import json

from django.core.management.base import BaseCommand, CommandError

from recommendations.models import Recommendation
from suggestions import ranking


class Command(BaseCommand):
    help = "Rank the recommendations that may make the same ask as REFERENCE (other companies or meetings)."

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("--json", action="store_true", help='print [{"reference", "score"}] as JSON')
        parser.add_argument("--limit", type=int, default=ranking.PROPOSED)

    def handle(self, *args, **options):
        item = Recommendation.objects.filter(reference=options["reference"]).first()
        if item is None:
            raise CommandError(f"No recommendation {options['reference']!r}.")
        found = ranking.suggest(Recommendation.objects.all(), [item.pk], limit=options["limit"]).get(item.pk, [])
        references = dict(
            Recommendation.objects.filter(pk__in=[doc.pk for doc, _s in found]).values_list("pk", "reference")
        )
        ranked = [{"reference": references[doc.pk], "score": score} for doc, score in found]
        if options["json"]:
            self.stdout.write(json.dumps(ranked))
            return
        if not ranked:
            self.stdout.write("No similar recommendation from another company or meeting.")
        for row in ranked:
            self.stdout.write(f"{row['reference']}  {row['score']:.3f}")
