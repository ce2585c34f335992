import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from imports.management.commands.evaluate_extractor import LABELS, PAPERS
from imports.models import PaperImport
from imports.reading import evaluate, learn, scorer


class Command(BaseCommand):
    help = (
        "Train the extractor's scorer on the labelled papers and on every confirmed import (what "
        "the secretariat kept, dropped, edited and added), and write the model file the project "
        "ships (imports/reading/model.json). The same inputs give the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(scorer.MODEL), help="Where to write the model.")
        parser.add_argument("--no-imports", action="store_true", help="Train on the labelled papers only.")

    def handle(self, *args, output, no_imports=False, **options):
        docs = evaluate.documents(LABELS, PAPERS)
        try:
            confirmed = [] if no_imports else confirmed_imports()
        except DatabaseError as exc:
            raise CommandError(
                f"The confirmed imports cannot be read ({exc}): run migrate first, or train with --no-imports."
            ) from None
        model = learn.train(docs + confirmed)
        model["trained_on"] = {"labelled papers": len(docs), "confirmed imports": len(confirmed)}
        Path(output).write_text(json.dumps(model, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")
        scorer.load.cache_clear()
        self.stdout.write(
            f"Trained on {len(docs)} labelled papers and {len(confirmed)} confirmed imports: "
            f"{len(model['weights'])} features, thresholds {model['threshold']} / {model['rescue']}; "
            f"written to {output}."
        )


def confirmed_imports():
    """Each confirmed import as a labelled document: its text, and the recommendations the
    secretariat confirmed (stored with the import when it was confirmed) as its labels."""
    docs = []
    imports = PaperImport.objects.filter(status=PaperImport.Status.CONFIRMED).order_by("created_at", "pk")
    for paper_import in imports.only("pk", "proposed"):
        text, labels = paper_import.proposed.get("text", ""), paper_import.proposed.get("confirmed")
        if text and labels is not None:
            docs.append(evaluate.Document(f"import {paper_import.pk}", "import", text, labels))
    return docs
