"""Everything ccec holds about each meeting, as JSON files and the stored files they name:
`python manage.py export_all --output DIR`, for a secretariat handing over or an audit.

DIR/
  manifest.json                 when, how many of each, every file with its size and SHA-256
  directory.json                departments, topics, companies (both languages)
  meetings/<number>.json        the meeting, its papers, and for each recommendation its
                                response with the company's feedback on it, every progress
                                update (internal and shared, marked), returned assignments and
                                deadline extensions (earlier versions stay in the admin history)
  files/<storage name>          papers' documents and updates' evidence, read through the
                                storage API (a local disk or S3 alike)

Each object is Django's own serialization of every field (foreign keys as ids, both language
columns), so nothing is left out by a hand-picked list.
"""

import hashlib
import json
from pathlib import Path

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts.models import Department
from companies.models import Company
from meetings.models import Meeting, Paper, Topic
from recommendations.models import (
    DeadlineExtension,
    Feedback,
    ProgressUpdate,
    Recommendation,
    Response,
    ReturnedAssignment,
)


def plain(objects):
    return [{"id": item["pk"], **item["fields"]} for item in serializers.serialize("python", objects)]


def by_recommendation(model, recommendations):
    grouped = {}
    for row in plain(model.objects.filter(recommendation__in=recommendations).order_by("pk")):
        grouped.setdefault(row["recommendation"], []).append(row)
    return grouped


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1), encoding="utf-8")


def copy_file(stored, output, files):
    """Copy a stored file under output/files/, once; note its size and digest."""
    if not stored or stored.name in files:
        return
    target = output / "files" / stored.name
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with stored.storage.open(stored.name, "rb") as source, target.open("wb") as copy:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            copy.write(chunk)
    files[stored.name] = {"bytes": target.stat().st_size, "sha256": digest.hexdigest()}


def meeting_data(meeting, output, files):
    papers = list(Paper.objects.filter(meeting=meeting).order_by("position"))
    recommendations = list(Recommendation.objects.filter(paper__meeting=meeting).order_by("sort_key"))
    related = {
        "responses": by_recommendation(Response, recommendations),
        "updates": by_recommendation(ProgressUpdate, recommendations),
        "returned": by_recommendation(ReturnedAssignment, recommendations),
        "extensions": by_recommendation(DeadlineExtension, recommendations),
    }
    for paper in papers:
        copy_file(paper.document, output, files)
    for update in ProgressUpdate.objects.filter(recommendation__in=recommendations).exclude(evidence=""):
        copy_file(update.evidence, output, files)
    feedback = {}
    for row in plain(Feedback.objects.filter(response__recommendation__in=recommendations).order_by("pk")):
        feedback.setdefault(row["response"], []).append(row)
    for responses in related["responses"].values():
        for response in responses:
            response["feedback"] = feedback.get(response["id"], [])  # the company's word on it
    rows = plain(recommendations)
    for row in rows:
        for key, grouped in related.items():
            row[key] = grouped.get(row["id"], [])
    papers_data = plain(papers)
    for paper in papers_data:
        paper["recommendations"] = [row for row in rows if row["paper"] == paper["id"]]
    return {"meeting": plain([meeting])[0], "papers": papers_data}


def export_all(output):
    """Write the archive into the folder `output`; returns the manifest."""
    output = Path(output)
    files, counts = {}, {}
    write_json(
        output / "directory.json",
        {
            "departments": plain(Department.objects.order_by("pk")),
            "topics": plain(Topic.objects.order_by("pk")),
            "companies": plain(Company.objects.order_by("pk")),
        },
    )
    for meeting in Meeting.objects.order_by("number"):
        data = meeting_data(meeting, output, files)
        write_json(output / "meetings" / f"{meeting.number}.json", data)
        counts[meeting.number] = {
            "papers": len(data["papers"]),
            "recommendations": sum(len(paper["recommendations"]) for paper in data["papers"]),
        }
    manifest = {"written_at": timezone.now(), "meetings": counts, "files": files}
    write_json(output / "manifest.json", manifest)
    return manifest
