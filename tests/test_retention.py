"""Built files, uploaded workbooks and abandoned paper-import drafts are deleted, through the
storage API, FILE_RETENTION_DAYS after they were last touched (ccec/jobs.py, the apps' tasks)."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from imports import tasks as import_tasks
from imports.models import PaperImport, WorkbookImport
from recommendations import tasks as recommendation_tasks
from recommendations.models import ExportJob
from reports import tasks as report_tasks
from reports.models import ReportJob

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def later(days):
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days))


def test_files_older_than_the_retention_go_and_recent_or_active_ones_stay(world, settings):
    settings.FILE_RETENTION_DAYS = 30
    user, meeting = world.users.secretariat, world.paper_c.meeting
    old_report = ReportJob.objects.create(requested_by=user, meeting=meeting, file_format="pdf", language="en")
    old_report.file.save("report.pdf", ContentFile(b"%PDF"), save=False)
    ReportJob.objects.filter(pk=old_report.pk).update(status="done", file=old_report.file.name)
    running = ReportJob.objects.create(requested_by=user, meeting=meeting, file_format="pdf", language="en")
    export = ExportJob.objects.create(requested_by=user, file_format="csv", language="en", status="done")
    export.file.save("list.csv", ContentFile(b"a,b"))
    draft = PaperImport.objects.create(
        meeting=meeting, uploaded_by=user, document=ContentFile(b"x", name="p.txt"), status="review"
    )
    sheet = WorkbookImport.objects.create(digest="d" * 64, user=user, applied_at=timezone.now(), status="applied")
    sheet.file.save("w.xlsx", ContentFile(b"PK"))
    names = [old_report.file.name, export.file.name, draft.document.name, sheet.file.name]
    assert all(default_storage.exists(name) for name in names)
    with later(29):
        assert report_tasks.expire_files() == 0 and import_tasks.expire_files() == 0
    with later(31):
        # The running report is left to the stall sweep; the others go.
        ReportJob.objects.filter(pk=running.pk).update(status="running", updated_at=timezone.now())
        assert report_tasks.expire_files() == 1
        assert recommendation_tasks.expire_exports() == 1
        assert import_tasks.expire_files() == 2
    assert not any(default_storage.exists(name) for name in names)
    assert list(ReportJob.objects.all()) == [running]
    assert not ExportJob.objects.exists() and not PaperImport.objects.exists()
    sheet.refresh_from_db()
    assert not sheet.file and sheet.applied_at is not None  # the row stays: never applied twice


def test_a_workbook_whose_file_expired_before_it_was_applied_can_be_uploaded_again(world, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.imports.test_workbook import exported, filled

    settings.SPREADSHEET_ASYNC_KB = 0
    officer = world.users.officer_a
    client.force_login(officer)
    content = filled(exported(officer), {world.published.reference: {"New progress (%)": 70}})
    url = client.post(reverse("workbook_upload"), {"file": SimpleUploadedFile("w.xlsx", content)}).url
    with later(31):
        assert import_tasks.expire_files() == 1
    assert client.get(url).status_code == 404
    assert client.post(reverse("workbook_upload"), {"file": SimpleUploadedFile("w.xlsx", content)}).url == url
    assert "Apply these changes" in client.get(url).content.decode()
