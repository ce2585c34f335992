import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportJob
from reports.tasks import sweep

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_report_job_with_the_broker_down_is_failed_with_a_retry_button(client, world, settings, broker_down):
    settings.REPORT_ASYNC_THRESHOLD = 0
    client.force_login(world.users.secretariat)
    response = client.get(reverse("report_download", args=[16, "xlsx"]), follow=True)
    assert response.status_code == 200
    job = ReportJob.objects.get()
    assert (job.status, job.error) == (ReportJob.Status.FAILED, ReportJob.BROKER_DOWN)
    page = response.content.decode()
    assert "The background service did not answer" in page
    assert reverse("report_job_retry", args=[job.pk]) in page
    assert 'http-equiv="refresh"' not in page


def test_a_job_that_stopped_moving_is_shown_as_failed(client, world):
    client.force_login(world.users.secretariat)
    job = ReportJob.objects.create(
        requested_by=world.users.secretariat, meeting=world.paper_c.meeting, file_format="pdf", language="en"
    )
    assert 'http-equiv="refresh"' in client.get(job.get_absolute_url()).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        page = client.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert (job.status, job.error) == (ReportJob.Status.FAILED, ReportJob.STALLED)
    assert "The work stopped without finishing" in page and 'http-equiv="refresh"' not in page
    # Trying again runs it (tasks run in the test's process) and it is ready.
    client.post(reverse("report_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE


def test_the_sweep_fails_a_report_job_that_stopped_moving(world):
    stalled, fresh = (
        ReportJob.objects.create(
            requested_by=world.users.secretariat, meeting=world.paper_c.meeting, file_format="pdf", language="en"
        )
        for _ in range(2)
    )
    ReportJob.objects.filter(pk=fresh.pk).update(status=ReportJob.Status.DONE)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        assert sweep() == 1
    stalled.refresh_from_db()
    fresh.refresh_from_db()
    assert (stalled.status, stalled.error, stalled.can_retry) == (ReportJob.Status.FAILED, ReportJob.STALLED, True)
    assert fresh.status == ReportJob.Status.DONE
