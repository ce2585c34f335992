"""export_all: every meeting's data as JSON and the stored files (reports/archive.py)."""

import hashlib
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from recommendations.models import ProgressUpdate, Recommendation

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_every_recommendation_with_its_answers_and_updates_and_every_file(world, tmp_path, capsys):
    world.paper_c.document.save("paper.pdf", ContentFile(b"%PDF-1.4 the paper"))
    update = ProgressUpdate.objects.filter(recommendation=world.published).first()
    update.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4 proof"))
    call_command("export_all", "--output", str(tmp_path / "out"))
    assert "written to" in capsys.readouterr().out
    out = tmp_path / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    meeting = world.paper_c.meeting
    data = json.loads((out / "meetings" / f"{meeting.number}.json").read_text(encoding="utf-8"))
    exported = {row["reference"]: row for paper in data["papers"] for row in paper["recommendations"]}
    assert set(exported) == set(
        Recommendation.objects.filter(paper__meeting=meeting).values_list("reference", flat=True)
    )
    published = exported[world.published.reference]
    assert published["title_en"] == world.published.title_en and "title_zh_hans" in published
    assert published["responses"] and published["responses"][0]["state"] == "published"
    assert {row["id"] for row in published["updates"]} == set(
        ProgressUpdate.objects.filter(recommendation=world.published).values_list("pk", flat=True)
    )
    assert {"internal", "shared"} >= {row["visibility"] for row in published["updates"]}
    for name in (world.paper_c.document.name, update.evidence.name):
        copied = out / "files" / name
        assert manifest["files"][name]["sha256"] == hashlib.sha256(copied.read_bytes()).hexdigest()
    assert manifest["meetings"][str(meeting.number)]["recommendations"] == len(exported)
    directory = json.loads((out / "directory.json").read_text(encoding="utf-8"))
    assert {company["slug"] for company in directory["companies"]} >= {world.company_c.slug}
