"""Large spreadsheets: checked and applied by a background job with progress on their row
(imports/workbook_jobs.py), on a real worker, with the broker away, and when the
recommendations change between the check and the confirmation."""

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from imports import history
from imports.models import WorkbookImport
from imports.sheets import progress_every
from recommendations.models import ProgressUpdate
from tests.imports.test_history import EXAMPLE, departments  # noqa: F401 (a fixture)
from tests.imports.test_workbook import exported, filled

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


@pytest.fixture
def large(settings):
    settings.SPREADSHEET_ASYNC_KB = 0  # every upload is "large"


def upload(client, content):
    response = client.post(reverse("workbook_upload"), {"file": SimpleUploadedFile("dept.xlsx", content)})
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url


def test_a_large_workbook_is_checked_then_applied_in_the_background_once(world, client, large):
    officer = world.users.officer_a
    client.force_login(officer)
    content = filled(exported(officer), {world.published.reference: {"New progress (%)": 70, "Note": "Half done."}})
    url = upload(client, content)
    record = WorkbookImport.objects.get()
    assert (record.background, record.status, record.progress) == (True, "checked", 100)
    assert record.preview["change_count"] == 1
    page = client.get(url).content.decode()
    assert "1 row will change." in page and "Apply these changes" in page and world.published.reference in page
    assert not ProgressUpdate.objects.filter(author=officer).exists()  # a preview writes nothing
    client.post(url + "apply/")
    client.post(url + "apply/")  # a second click
    record.refresh_from_db()
    assert (record.status, record.rows) == ("applied", 1)
    assert ProgressUpdate.objects.filter(author=officer, progress=70).count() == 1
    assert "You applied this workbook on" in client.get(url).content.decode()
    assert upload(client, content) == url  # the same file again: its row, nothing queued
    assert ProgressUpdate.objects.filter(author=officer).count() == 1


def test_what_changed_since_the_check_is_checked_again_and_nothing_written(world, client, large):
    officer = world.users.officer_a
    client.force_login(officer)
    url = upload(client, filled(exported(officer), {world.published.reference: {"New progress (%)": 70}}))
    world.published.lead_department = world.department_b  # reassigned meanwhile
    world.published.save()
    client.post(url + "apply/")
    record = WorkbookImport.objects.get()
    assert (record.status, record.error, record.applied_at) == ("checked", WorkbookImport.CHANGED, None)
    page = client.get(url).content.decode()
    assert "changed since the workbook was checked" in page and "another department" in page
    assert "Apply these changes" not in page
    assert not ProgressUpdate.objects.filter(author=officer).exists()


def test_the_broker_away_fails_the_check_with_a_retry_and_nothing_written(world, client, large, broker_down):
    officer = world.users.officer_a
    client.force_login(officer)
    url = upload(client, filled(exported(officer), {world.published.reference: {"New progress (%)": 70}}))
    record = WorkbookImport.objects.get()
    assert (record.status, record.error) == ("failed", WorkbookImport.BROKER_DOWN)
    page = client.get(url).content.decode()
    assert "background service did not answer" in page and "Check it again" in page
    assert not ProgressUpdate.objects.filter(author=officer).exists()


def test_the_retry_checks_again_once_the_broker_is_back(world, client, large):
    officer = world.users.officer_a
    client.force_login(officer)
    url = upload(client, filled(exported(officer), {world.published.reference: {"New progress (%)": 70}}))
    WorkbookImport.objects.update(status="failed", error=WorkbookImport.BROKER_DOWN, preview={})
    client.post(reverse("spreadsheet_retry", args=[WorkbookImport.objects.get().pk]))
    assert WorkbookImport.objects.get().status == "checked"
    assert "Apply these changes" in client.get(url).content.decode()
    client.force_login(world.users.officer_b)  # another's upload
    assert client.post(reverse("spreadsheet_retry", args=[WorkbookImport.objects.get().pk])).status_code == 404


def test_a_job_that_stopped_moving_says_so(world, client, large):
    officer = world.users.officer_a
    client.force_login(officer)
    url = upload(client, filled(exported(officer), {world.published.reference: {"New progress (%)": 70}}))
    WorkbookImport.objects.update(status="checking", updated_at=timezone.now() - datetime.timedelta(hours=2))
    page = client.get(url).content.decode()
    assert "stopped without finishing" in page and "Check it again" in page
    assert "The workbook was not processed" in page and "Checking the workbook" not in page


def test_progress_is_reported_as_the_rows_are_read():
    seen = []
    tick = progress_every(2000, seen.append, step=500)
    for number in range(1, 2001):
        tick(number)
    assert seen == [25, 50, 75, 99]
    progress_every(None, seen.append)(500)  # an unknown total reports nothing
    assert len(seen) == 4


def test_the_history_check_reads_in_a_fixed_number_of_queries(
    departments,  # noqa: F811
    secretariat_user,
    django_assert_max_num_queries,
):
    """The example's 36 rows, then the same rows four times over (new numbers): same queries."""
    book = load_workbook(EXAMPLE)
    content = io.BytesIO()
    book.save(content)
    history.apply(history.read(content.getvalue(), secretariat_user), secretariat_user)
    sheet = book.active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    number = [cell.value for cell in sheet[1]].index("Recommendation number")
    for copy in range(1, 4):
        for values in rows:
            values = list(values)
            values[number] = (values[number] or 0) + 100 * copy
            sheet.append(values)
    bigger = io.BytesIO()
    book.save(bigger)
    with django_assert_max_num_queries(12):
        preview = history.read(bigger.getvalue(), secretariat_user)
    assert len(preview.rows) == 4 * len(rows) and not preview.has_errors, preview.cell_errors[:3]
    assert sum(bool(row.matched) for row in preview.rows) == len(rows)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_applies_a_large_workbook(world, client, large, celery_worker):
    officer = world.users.officer_a
    client.force_login(officer)
    url = upload(client, filled(exported(officer), {world.published.reference: {"New progress (%)": 65}}))
    record = WorkbookImport.objects.get()
    deadline = time.monotonic() + 30
    while record.status == "checking" and time.monotonic() < deadline:
        assert "Checking the workbook" in client.get(url).content.decode()
        time.sleep(0.2)
        record.refresh_from_db()
    assert record.status == "checked", record.error
    client.post(url + "apply/")
    deadline = time.monotonic() + 30
    while record.status != "applied" and time.monotonic() < deadline:
        time.sleep(0.2)
        record.refresh_from_db()
    assert record.status == "applied", record.error
    assert ProgressUpdate.objects.filter(author=officer, progress=65).count() == 1
