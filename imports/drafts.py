"""Paper import on the Django side: read the upload into a draft, apply the reviewer's edits,
and confirm the draft into a paper and its recommendations in one transaction."""

import re
import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Q

from companies.models import Company
from imports.models import PaperImport
from imports.reading.details import paper_details
from imports.reading.extract import extract, short_title
from imports.reading.text import UnreadableFile, lines_from_file
from meetings.models import Paper, Topic
from recommendations.models import Recommendation

CJK = re.compile(r"[\u4e00-\u9fff]")


def candidate_dict(candidate, key):
    return {
        "key": key,
        "number": candidate.number,
        "title": candidate.title,
        "text": candidate.text,
        "parent": candidate.parent or "",
        "page": candidate.page,
        "line": candidate.line,
        "excerpt": candidate.excerpt,
        "confidence": candidate.confidence,
        "topics": [],
    }


def company_named(name):
    """The member company whose name the paper shows (its running header), if one matches."""
    name = name.strip()
    if len(name) < 2:
        return None
    return (
        Company.objects.filter(Q(name_en__iexact=name) | Q(name_zh_hans=name) | Q(slug__iexact=name)).first()
        or Company.objects.filter(name_en__istartswith=name.split()[0]).first()
    )


def stored_lines(stored):
    """The lines of a stored paper, read through the storage API (never by path: a worker on
    another host, or S3 storage, has no such path): copied to a temporary file first."""
    with tempfile.NamedTemporaryFile(suffix=Path(stored.name).suffix) as copy:
        with stored.storage.open(stored.name, "rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        return lines_from_file(copy.name)


def read_into(paper_import, lines=None):
    """Fill a draft from its document (or from `lines` already read). Raises UnreadableFile."""
    lines = lines if lines is not None else stored_lines(paper_import.document)
    text = "\n".join(line.text for line in lines)
    details = paper_details(lines)
    details["language"] = "zh-hans" if len(CJK.findall(text)) > len(text) / 10 else "en"
    details["text"] = text
    candidates = [candidate_dict(c, index) for index, c in enumerate(extract(lines), start=1)]
    # What the extractor proposed, kept beside the reviewer's edits: with what is confirmed it
    # tells the scorer what was kept, dropped, edited and added (train_extractor).
    details["extracted"] = [{key: c[key] for key in ("key", "number", "title", "line")} for c in candidates]
    paper_import.proposed = details
    paper_import.candidates = candidates
    paper_import.status = PaperImport.Status.REVIEW
    paper_import.save()


def read_draft(import_id):
    """The Celery task's work: read a large upload, recording a failure on the draft."""
    paper_import = PaperImport.objects.get(pk=import_id)
    try:
        read_into(paper_import)
    except UnreadableFile as exc:
        PaperImport.objects.filter(pk=import_id).fail(str(exc))


EDIT_FIELDS = ("keep", "order", "merge", "split_at")


def apply_edits(rows):
    """The reviewer's rows in order, with drops, merges and splits applied.

    Each row: the candidate's fields plus `keep`, `order`, `merge` (into the row above) and
    `split_at` (the words where a second recommendation begins).
    """
    result = []
    next_key = max([row.get("key") or 0 for row in rows] + [0]) + 1
    for row in sorted(rows, key=lambda row: (row["order"], row.get("key") or 0)):
        if not row.get("keep", True):
            continue
        merge, split_at = row.get("merge"), (row.get("split_at") or "").strip()
        candidate = {key: value for key, value in row.items() if key not in EDIT_FIELDS}
        if merge and result:
            previous = result[-1]
            previous["text"] = f"{previous['text']} {candidate['text']}".strip()
            previous["topics"] = sorted(set(previous["topics"]) | set(candidate["topics"]))
            continue
        if split_at and split_at in candidate["text"] and not candidate["text"].startswith(split_at):
            first, rest = candidate["text"].split(split_at, 1)
            second = (split_at + rest).strip()
            result.append({**candidate, "text": first.strip()})
            title = short_title(second, "")
            result.append({**candidate, "key": next_key, "number": "", "parent": "", "title": title, "text": second})
            next_key += 1
            continue
        result.append(candidate)
    return result


def confirmed_labels(candidates, extracted):
    """The confirmed recommendations as labels of the paper's text (evaluate.py's form): where
    each one stands (the line the extractor found it on, by its key) and how it opens. A row the
    reviewer added has no line: its words match."""
    lines = {row["key"]: row.get("line") for row in extracted}
    labels = []
    for candidate in candidates:
        line = candidate.get("line") or lines.get(candidate.get("key"))
        heading = candidate["text"][:80]
        labels.append({"number": candidate["number"] or None, "heading": heading, "line_start": line, "line_end": line})
    return labels


@transaction.atomic
def confirm(paper_import, details):
    """Create the paper and its recommendations; a second confirm creates nothing more."""
    locked = PaperImport.objects.select_for_update().get(pk=paper_import.pk)
    if locked.status == PaperImport.Status.CONFIRMED:
        return locked.paper
    language = details.get("language") or locked.proposed.get("language", "en")
    suffix = "zh_hans" if language == "zh-hans" else "en"
    position = details.get("position") or (
        (Paper.objects.filter(meeting=locked.meeting).aggregate(m=Max("position"))["m"] or 0) + 1
    )
    paper = Paper(
        meeting=locked.meeting,
        position=position,
        company=details.get("company") or locked.company,
        authors=details.get("authors", ""),
        language=language,
        extracted_text=locked.proposed.get("text", ""),
    )
    setattr(paper, f"title_{suffix}", details.get("title", ""))
    paper.document.name = locked.document.name
    paper.save()
    created = {}
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    for order, candidate in enumerate(locked.candidates, start=1):
        recommendation = Recommendation(
            paper=paper,
            order=order,
            number=candidate["number"][:30],
            parent=created.get(candidate["parent"]) if candidate["parent"] else None,
            source_page=candidate.get("page"),
            source_line_start=candidate.get("line"),
            # Written in the paper's language; the other one is still to be translated.
            source_language=language,
        )
        setattr(recommendation, f"title_{suffix}", candidate["title"][:500])
        setattr(recommendation, f"text_{suffix}", candidate["text"])
        recommendation.save()
        recommendation.topics.set([topics[pk] for pk in candidate.get("topics", []) if pk in topics])
        if candidate["number"]:
            created[candidate["number"]] = recommendation
    locked.paper = paper
    locked.status = PaperImport.Status.CONFIRMED
    confirmed = confirmed_labels(locked.candidates, locked.proposed.get("extracted", []))
    locked.proposed = {**locked.proposed, "confirmed": confirmed}
    locked.save(update_fields=["paper", "status", "proposed", "updated_at"])
    return paper
