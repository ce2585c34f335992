"""The secretariat's history import (imports/history.py) on the committed example sheet and on
sheets with every kind of mistake."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from companies.models import Company
from imports import history
from meetings.models import Meeting
from recommendations.models import ProgressUpdate, Recommendation, Response
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

EXAMPLE = Path(settings.BASE_DIR) / "imports" / "examples" / "history-example.xlsx"


@pytest.fixture
def departments(db):
    data = json.loads((Path(settings.BASE_DIR) / "demo" / "demo_data" / "meeting16.json").read_text(encoding="utf-8"))
    return [
        factories.DepartmentFactory(
            slug=item["slug"],
            name_en=item["name_en"],
            name_zh_hans=item["name_zh_hans"],
            short_name_en=item["short_name_en"],
            short_name_zh_hans=item["short_name_zh_hans"],
        )
        for item in data["departments"]
    ]


def sheet_bytes(book):
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_the_example_sheet_creates_three_meetings_once(departments):
    secretariat = factories.SecretariatUserFactory()
    corning = factories.CompanyFactory(slug="corning", name_en="Corning Incorporated", name_zh_hans="康宁公司")
    with translation.override("en"):
        preview = history.read(EXAMPLE.read_bytes(), secretariat)
    assert not preview.has_errors, preview.cell_errors[:5]
    assert len(preview.rows) >= 30
    assert history.apply(preview, secretariat) == len(preview.rows)
    assert set(Meeting.objects.values_list("number", flat=True)) == {13, 14, 15}
    assert Recommendation.objects.count() == len(preview.rows)
    assert Response.objects.filter(state="published").count() == len(preview.rows)
    assert ProgressUpdate.objects.filter(note_en__startswith="Imported from").count() == len(preview.rows)
    assert Recommendation.objects.filter(paper__company=corning).count() == 9  # matched, not created again
    assert Company.objects.count() == 4
    first = Recommendation.objects.get(reference="13-01-01")
    assert first.title_zh_hans.startswith("【示例】") and first.lead_department is not None
    # Again: matched row by row, nothing to add; the same file is recorded as applied.
    with translation.override("en"):
        again = history.read(EXAMPLE.read_bytes(), secretariat)
    assert again.already_applied is not None
    assert all(row.matched and not row.changes for row in again.rows)
    assert history.apply(again, secretariat) == 0


def test_rows_match_by_reference_or_company_meeting_and_number(departments):
    secretariat = factories.SecretariatUserFactory()
    meeting = factories.MeetingFactory(number=13)
    corning = factories.CompanyFactory(slug="corning", name_en="Corning Incorporated", name_zh_hans="康宁公司")
    existing = factories.RecommendationFactory(
        paper=factories.PaperFactory(meeting=meeting, company=corning, position=1)
    )
    book = load_workbook(EXAMPLE)
    sheet = book.active
    sheet["C2"] = "康宁公司"  # Corning by its Chinese name
    with translation.override("en"):
        preview = history.read(sheet_bytes(book), secretariat)
    assert preview.rows[0].matched == existing.reference
    assert [str(step) for step in preview.rows[0].changes] == ["Published response added", "Initial progress added"]


def test_every_mistake_is_named_and_nothing_is_written(departments):
    secretariat = factories.SecretariatUserFactory()
    book = load_workbook(EXAMPLE)
    sheet = book.active
    sheet["K2"] = "Ministry of Magic"
    sheet["L3"] = "Maybe"
    sheet["O4"] = "Flying"
    sheet["P5"] = 130
    sheet["G6"] = "=HYPERLINK(1)"
    sheet["F7"] = "99-99-99"
    sheet["N8"] = "someday"
    sheet["A9"] = 16
    sheet["B9"] = None
    with translation.override("en"):
        preview = history.read(sheet_bytes(book), secretariat)
    errors = {(number, column): message for number, column, message in preview.cell_errors}
    assert errors[2, "Lead department"] == "There is no department named “Ministry of Magic”."
    assert errors[3, "Response stance"] == "“Maybe” is not a stance in the list."
    assert errors[4, "Latest status"] == "“Flying” is not a status in the list."
    assert "130" in errors[5, "Progress (%)"]
    assert "formula" in errors[6, "Title (English)"]
    assert errors[7, "Reference"] == "There is no recommendation 99-99-99."
    assert "date" in errors[8, "Response date"]
    assert "Meeting 16 is new" in errors[9, "Meeting date"]
    with pytest.raises(ValueError, match="errors"):
        history.apply(preview, secretariat)
    assert not Meeting.objects.exists() and not Company.objects.exists()


def test_the_command_previews_applies_and_fails_on_errors(departments, tmp_path, capsys):
    factories.SecretariatUserFactory(username="sec")
    call_command("import_history", str(EXAMPLE))
    assert "rows would change" in capsys.readouterr().out
    assert not Meeting.objects.exists()
    call_command("import_history", str(EXAMPLE), "--apply")
    assert Meeting.objects.count() == 3
    bad = tmp_path / "bad.xlsx"
    book = load_workbook(EXAMPLE)
    book.active["K2"] = "Ministry of Magic"
    book.save(bad)
    with pytest.raises(CommandError, match="errors"):
        call_command("import_history", str(bad))


def test_the_history_screens_are_the_secretariats(departments, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(factories.OfficerFactory(department=departments[0]).user)
    assert client.get(reverse("history_upload")).status_code == 404
    client.force_login(factories.SecretariatUserFactory())
    assert client.get(reverse("history_template")).status_code == 200
    assert client.get(reverse("history_example")).status_code == 200
    upload = SimpleUploadedFile("history.xlsx", EXAMPLE.read_bytes())
    preview_url = client.post(reverse("history_upload"), {"file": upload}).url
    page = client.get(preview_url).content.decode()
    assert "36 rows will change." in page and "New meeting 13 (2018)" in page
    client.post(preview_url + "apply/")
    assert Meeting.objects.count() == 3
    assert "applying it again changes nothing" in client.get(preview_url).content.decode()


def test_what_the_import_computes_once_equals_computing_after_each_save(departments, secretariat_user):
    """apply() computes each row's status, progress and due date once (sync_once); the result
    is what syncing after every save would give."""
    from recommendations.models.recommendation import COMPUTED_FIELDS

    with translation.override("en"):
        preview = history.read(EXAMPLE.read_bytes(), secretariat_user)
    history.apply(preview, secretariat_user)
    imported = Recommendation.objects.order_by("pk")
    before = list(imported.values_list(*COMPUTED_FIELDS))
    assert any(row[COMPUTED_FIELDS.index("status")] != "not_started" for row in before)
    for recommendation in imported:
        recommendation.sync_progress()
    assert list(imported.values_list(*COMPUTED_FIELDS)) == before
