import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from recommendations.models import ExportJob

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_csv_streams_the_filtered_rows_with_a_byte_order_mark(client, world):
    client.force_login(world.users.officer_a)
    response = client.get(reverse("recommendations:export", args=["csv"]), {"department": world.department_a.pk})
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Reference"
    assert {row[0] for row in rows[1:]} == {
        world.drafting.reference,
        world.awaiting.reference,
        world.published.reference,
    }


def test_xlsx_opens_with_the_rows_and_dates(client, world):
    client.force_login(world.users.secretariat)
    response = client.get(reverse("recommendations:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Reference", "Title", "Company"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    published = rows[world.published.reference]
    assert published[header.index("Response")] == "Accepted"
    assert published[header.index("Last update")].date() == world.published.last_update_at


def test_liaison_export_hides_unpublished_responses(client, world):
    client.force_login(world.users.liaison_c)
    text = b"".join(client.get(reverse("recommendations:export", args=["csv"])).streaming_content).decode()
    rows = {row[0]: row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows[world.awaiting.reference][4] == ""  # the stance of a response still awaiting sign-off
    assert rows[world.published.reference][4] == "Accepted"


def test_bad_filter_on_export_goes_back_to_the_list_with_a_message(client, world):
    client.force_login(world.users.secretariat)
    response = client.get(reverse("recommendations:export", args=["csv"]), {"progress_min": "x"}, follow=True)
    assert "Fix the filters before downloading." in response.content.decode()


def test_a_long_list_is_written_by_a_background_job_with_the_same_rows(client, world, settings, broker_down):
    """Over EXPORT_ASYNC_THRESHOLD the download is a job; with the broker down it fails with a
    retry button and nothing half-done; once the broker answers, the file holds what the direct
    download held, filtered as the list was, in the requester's language."""
    client.force_login(world.users.officer_a)
    query = {"department": world.department_a.pk}
    direct = b"".join(client.get(reverse("recommendations:export", args=["csv"]), query).streaming_content)
    settings.EXPORT_ASYNC_THRESHOLD = 1
    response = client.get(reverse("recommendations:export", args=["csv"]), query)
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.error, job.rows) == ("failed", ExportJob.BROKER_DOWN, direct.decode().count("\n") - 1)
    assert "Try again" in client.get(job.get_absolute_url()).content.decode()
    # Trying again while the broker is still away restarts the job once and fails it again.
    assert client.post(reverse("recommendations:export_job_retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, ExportJob.objects.count()) == ("failed", ExportJob.BROKER_DOWN, 1)


def test_the_export_job_runs_and_only_its_requester_downloads_it(client, world, settings):
    client.force_login(world.users.officer_a)
    query = {"department": world.department_a.pk}
    direct = b"".join(client.get(reverse("recommendations:export", args=["csv"]), query).streaming_content)
    settings.EXPORT_ASYNC_THRESHOLD = 1
    client.get(reverse("recommendations:export", args=["csv"]), query)
    job = ExportJob.objects.get()
    assert (job.status, job.progress, job.query) == ("done", 100, f"department={world.department_a.pk}")
    assert "The file is ready." in client.get(job.get_absolute_url()).content.decode()
    written = b"".join(client.get(reverse("recommendations:export_job_file", args=[job.pk])).streaming_content)
    assert written.decode("utf-8") == direct.decode("utf-8")
    client.get(reverse("recommendations:export", args=["xlsx"]), query)
    workbook = ExportJob.objects.filter(file_format="xlsx").get()
    assert workbook.status == "done"
    sheet = load_workbook(workbook.file.open("rb"), read_only=True).active
    assert len(list(sheet.iter_rows(values_only=True))) == direct.decode().count("\n")
    client.force_login(world.users.officer_b)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("recommendations:export_job_file", args=[job.pk])).status_code == 404
