from pathlib import Path

from django.core.management.base import BaseCommand

from imports.reading import evaluate, learn

EVALUATION = Path(__file__).resolve().parents[2] / "reading" / "evaluation"
LABELS = EVALUATION / "labels.json"
PAPERS = EVALUATION / "papers"


class Command(BaseCommand):
    help = (
        "Score the recommendation extractor against papers with known labels. The headline is "
        "leave-one-document-out: each paper is scored by a model trained on all the others. "
        "--rules adds the rules alone (no model) beside it. " + " ".join(evaluate.__doc__.split())
    )

    def add_arguments(self, parser):
        parser.add_argument("--labels", default=str(LABELS), help="A labels.json (default: the seed set).")
        parser.add_argument("--papers", default=str(PAPERS), help="The folder of the labelled papers' texts.")
        parser.add_argument("--rules", action="store_true", help="Also print the rules alone (no model).")

    def handle(self, *args, labels, papers, rules=False, **options):
        docs = evaluate.documents(labels, papers)
        held_out = evaluate.leave_one_out(docs, learn.train)
        alone = [evaluate.score_paper(doc.name, doc.text, doc.labels, None) for doc in docs] if rules else []
        self.stdout.write("Leave-one-document-out (each paper scored by a model trained on the others):")
        self.stdout.write(header())
        for score in held_out:
            self.stdout.write(line(score))
        for name in sorted({doc.set for doc in docs if doc.set}):
            self.stdout.write(line(subset(held_out, docs, name, f"all '{name}' papers")))
        self.stdout.write(line(evaluate.total(held_out)))
        if rules:
            self.stdout.write("\nThe rules alone (no model):")
            self.stdout.write(header())
            for name in sorted({doc.set for doc in docs if doc.set}):
                self.stdout.write(line(subset(alone, docs, name, f"all '{name}' papers")))
            self.stdout.write(line(evaluate.total(alone)))


def subset(scores, docs, name, title):
    return evaluate.total([score for score, doc in zip(scores, docs, strict=True) if doc.set == name], title)


def header():
    return f"{'paper':52} {'labels':>6} {'found':>5} {'cands':>5} {'right':>5} {'recall':>6} {'prec.':>6}"


def line(score):
    return (
        f"{score.name[:52]:52} {score.labels:6} {score.found:5} {score.candidates:5} {score.correct:5} "
        f"{score.recall:6.2f} {score.precision:6.2f}"
    )
