import json
from pathlib import Path

from django.core.management.base import BaseCommand

from imports.reading import evaluate

EVALUATION = Path(__file__).resolve().parents[2] / "reading" / "evaluation"
LABELS = EVALUATION / "labels.json"
PAPERS = EVALUATION / "papers"


class Command(BaseCommand):
    help = (
        "Run the recommendation extractor over papers with known labels and print recall and "
        "precision per paper and overall. " + " ".join(evaluate.__doc__.split())
    )

    def add_arguments(self, parser):
        parser.add_argument("--labels", default=str(LABELS), help="A labels.json (default: the seed set).")
        parser.add_argument("--papers", default=str(PAPERS), help="The folder of the labelled papers' texts.")

    def handle(self, *args, labels, papers, **options):
        data = json.loads(Path(labels).read_text(encoding="utf-8"))
        scores = []
        self.stdout.write(
            f"{'paper':40} {'labels':>6} {'found':>5} {'cands':>5} {'right':>5} {'recall':>6} {'prec.':>6}"
        )
        for paper in data["papers"]:
            text = (Path(papers) / paper["file"]).read_text(encoding="utf-8")
            score = evaluate.score_paper(paper["file"], text, paper["recommendations"])
            scores.append(score)
            self.stdout.write(line(score))
        self.stdout.write(line(evaluate.total(scores)))


def line(score):
    return (
        f"{score.name:40} {score.labels:6} {score.found:5} {score.candidates:5} {score.correct:5} "
        f"{score.recall:6.2f} {score.precision:6.2f}"
    )
