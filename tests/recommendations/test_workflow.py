"""The work screens' actions as people use them, checked in the database afterwards."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.once import new_token
from accounts.roles import GOVERNMENT_VIEW
from companies.models import Liaison
from recommendations.models import (
    Feedback,
    ImplementationStatus,
    Lifecycle,
    ProgressUpdate,
    Recommendation,
    ResponseState,
    ReturnedAssignment,
    Visibility,
)
from reminders.models import MutedKind
from tests import factories
from tests.world import PDF_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def detail(recommendation):
    return reverse("recommendations:detail", args=[recommendation.reference])


def test_officer_logs_shared_progress_with_evidence(client, world):
    client.force_login(world.users.officer_a)
    response = client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "partially_implemented",
            "progress": "60",
            "note_en": "Two districts apply the rule.",
            "visibility": "shared",
            "evidence": SimpleUploadedFile("decision.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(recommendation=world.drafting)
    assert (update.author, update.visibility, update.note_en) == (
        world.users.officer_a,
        Visibility.SHARED,
        "Two districts apply the rule.",
    )
    world.drafting.refresh_from_db()
    assert (world.drafting.status, world.drafting.progress) == (ImplementationStatus.PARTIALLY_IMPLEMENTED, 60)
    download = client.get(reverse("evidence", args=[update.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_note_written_in_the_chinese_field_lands_in_the_chinese_column(client, world):
    client.force_login(world.users.officer_a)
    client.cookies["django_language"] = "zh-hans"
    client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "in_progress",
            "progress": "10",
            "note_zh_hans": "已启动",
            "visibility": "internal",
        },
    )
    update = ProgressUpdate.objects.get(recommendation=world.drafting)
    assert update.note_zh_hans == "已启动"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 this is a program", "not a real PDF file"),
        ("tool.exe", b"MZ\x90\x00", "Files of this type are not accepted"),
        ("sheet.xlsx", b"PK\x03\x04 not really a zip", "not a real XLSX file"),
    ],
)
def test_bad_evidence_is_refused_with_a_message_and_nothing_saved(client, world, name, content, message):
    client.force_login(world.users.officer_a)
    response = client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "in_progress",
            "progress": "10",
            "note_en": "Keep this note",
            "visibility": "internal",
            "evidence": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "Keep this note" in text  # the form comes back with what was typed
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


def test_evidence_over_the_size_limit_is_refused(client, world, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    client.force_login(world.users.officer_a)
    response = client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "in_progress",
            "progress": "10",
            "note_en": "Big file",
            "visibility": "internal",
            "evidence": SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048),
        },
    )
    assert response.status_code == 400
    assert "the largest accepted is 1.0\xa0KB" in response.content.decode()
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


def test_progress_out_of_range_re_renders(client, world):
    client.force_login(world.users.officer_a)
    response = client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "in_progress",
            "progress": "140",
            "note_en": "Too much",
            "visibility": "internal",
        },
    )
    assert response.status_code == 400
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


def test_draft_submit_publish_cycle(client, world):
    officer, head = world.users.officer_a, world.users.head_a
    client.force_login(officer)
    url = reverse("recommendations:save_response", args=[world.drafting.reference])
    client.post(
        url, {"form_token": new_token(), "stance": "accepted", "text_en": "We accept and will act.", "save": "1"}
    )
    response = Recommendation.objects.get(pk=world.drafting.pk).response
    assert response.state == ResponseState.DRAFT
    client.post(
        url,
        {
            "form_token": new_token(),
            "version": response.version,
            "stance": "accepted",
            "text_en": "We accept and will act in 2027.",
            "submit": "1",
        },
    )
    response.refresh_from_db()
    assert (response.state, response.drafted_by, response.text_en) == (
        ResponseState.AWAITING_SIGNOFF,
        officer,
        "We accept and will act in 2027.",
    )
    # Locked while the head decides.
    client.post(
        url,
        {"form_token": new_token(), "version": response.version, "stance": "noted", "text_en": "Changed", "save": "1"},
    )
    response.refresh_from_db()
    assert response.stance == "accepted"

    client.force_login(head)
    sign_off = reverse("recommendations:sign_off", args=[world.drafting.reference])
    refused = client.post(sign_off, {"form_token": new_token(), "decision": "send_back", "comment": ""})
    assert refused.status_code == 400
    client.post(sign_off, {"form_token": new_token(), "decision": "send_back", "comment": "Name the measures."})
    response.refresh_from_db()
    assert (response.state, response.review_comment) == (ResponseState.DRAFT, "Name the measures.")

    client.force_login(officer)
    client.post(
        url,
        {
            "form_token": new_token(),
            "version": response.version,
            "stance": "accepted",
            "text_en": "We accept.",
            "planned_measures_en": "A fund.",
            "submit": "1",
        },
    )
    client.force_login(head)
    client.post(sign_off, {"form_token": new_token(), "decision": "publish"})
    response.refresh_from_db()
    assert response.state == ResponseState.PUBLISHED
    assert response.signed_off_by == head and response.published_at is not None
    recommendation = Recommendation.objects.visible_to(head).get(pk=world.drafting.pk)
    assert recommendation.lifecycle == Lifecycle.IN_IMPLEMENTATION
    assert recommendation.update_due_on is not None


def test_return_assignment_requires_a_reason_and_unassigns(client, world):
    client.force_login(world.users.officer_a)
    url = reverse("recommendations:return", args=[world.drafting.reference])
    assert client.post(url, {"form_token": new_token(), "reason": ""}).status_code == 400
    assert Recommendation.objects.get(pk=world.drafting.pk).lead_department == world.department_a
    client.post(url, {"form_token": new_token(), "reason": "Belongs to the transport bureau."})
    recommendation = Recommendation.objects.get(pk=world.drafting.pk)
    assert recommendation.lead_department is None
    returned = ReturnedAssignment.objects.get()
    assert (returned.department, returned.returned_by, returned.reason) == (
        world.department_a,
        world.users.officer_a,
        "Belongs to the transport bureau.",
    )
    assert recommendation.history.first().history_change_reason == "Belongs to the transport bureau."


def test_liaison_feedback_with_clarification_request(client, world):
    client.force_login(world.users.liaison_c)
    url = reverse("recommendations:feedback", args=[world.published.reference])
    assert client.post(url, {"form_token": new_token(), "answer_satisfaction": "9"}).status_code == 400
    client.post(
        url,
        {
            "form_token": new_token(),
            "answer_satisfaction": "2",
            "result_satisfaction": "",
            "comment": "Which fund?",
            "requests_clarification": "on",
        },
    )
    feedback = Feedback.objects.get()
    assert (feedback.answer_satisfaction, feedback.result_satisfaction, feedback.requests_clarification) == (
        2,
        None,
        True,
    )
    assert feedback.author == world.users.liaison_c
    assert world.published in Recommendation.objects.with_open_clarification()


def test_update_due_follows_publication_updates_and_interval(world):
    recommendation = world.published
    government = Recommendation.objects.seen_by(GOVERNMENT_VIEW)
    assert government.get(pk=recommendation.pk).lifecycle == Lifecycle.IN_IMPLEMENTATION
    # Last update 2022-02-01 + 90 days.
    assert recommendation.update_due_on == datetime.date(2022, 5, 2)
    recommendation.reporting_interval_days = 30
    recommendation.save()
    assert Recommendation.objects.get(pk=recommendation.pk).update_due_on == datetime.date(2022, 3, 3)
    factories.ProgressUpdateFactory(recommendation=recommendation, status="implemented", progress=100)
    finished = government.get(pk=recommendation.pk)
    assert finished.update_due_on is None
    assert finished.lifecycle == Lifecycle.CLOSED


def test_media_is_not_served_publicly(client, world):
    client.force_login(world.users.secretariat)
    assert client.get("/media/" + world.internal_update.evidence.name).status_code == 404


def test_extension_request_then_head_approval_moves_the_target_date(client, world):
    recommendation = world.drafting
    recommendation.target_date = datetime.date(2026, 12, 31)
    recommendation.save()
    client.force_login(world.users.officer_a)
    url = reverse("recommendations:request_extension", args=[recommendation.reference])
    assert (
        client.post(url, {"form_token": new_token(), "requested_date": "2027-06-30", "reason": ""}).status_code == 400
    )
    client.post(
        url, {"form_token": new_token(), "requested_date": "2027-06-30", "reason": "The budget comes in spring."}
    )
    # A second request waits for the first to be decided.
    client.post(url, {"form_token": new_token(), "requested_date": "2027-09-30", "reason": "Even later"})
    assert recommendation.extensions.count() == 1
    assert Recommendation.objects.get(pk=recommendation.pk).target_date == datetime.date(2026, 12, 31)
    client.force_login(world.users.head_a)
    page = client.get(reverse("workspace")).content.decode()
    assert "Requests to move a target date" in page
    client.post(
        reverse("recommendations:decide_extension", args=[recommendation.reference]),
        {"form_token": new_token(), "decision": "approve"},
    )
    extension = recommendation.extensions.get()
    assert (extension.status, extension.decided_by, extension.previous_date) == (
        "approved",
        world.users.head_a,
        datetime.date(2026, 12, 31),
    )
    assert Recommendation.objects.get(pk=recommendation.pk).target_date == datetime.date(2027, 6, 30)


def test_liaison_turns_notices_off_and_on_in_my_notifications(client, world):
    client.force_login(world.users.liaison_c)
    page = client.get(reverse("notifications")).content.decode()
    assert "Company notices" in page and "Clarification answered" in page
    assert "Daily reminders" not in page  # not a liaison's kind
    assert "Answer revised" in page
    client.post(reverse("notifications"), {"clarified": "on", "revised": "on", "language": "zh-hans"})
    assert list(MutedKind.objects.filter(user=world.users.liaison_c).values_list("kind", flat=True)) == ["company"]
    assert Liaison.objects.get(user=world.users.liaison_c).language == "zh-hans"
    client.post(reverse("notifications"), {"company": "on", "clarified": "on", "revised": "on", "language": "en"})
    assert not MutedKind.objects.filter(user=world.users.liaison_c).exists()


def test_officer_answers_a_clarification_in_words_and_the_company_reads_it(client, world):
    feedback = Feedback.objects.create(
        response=world.published.response,
        author=world.users.liaison_c,
        answer_satisfaction=2,
        comment="Which fund?",
        requests_clarification=True,
    )
    assert world.published in Recommendation.objects.with_open_clarification()
    client.force_login(world.users.officer_a)
    page = client.get(reverse("recommendations:detail", args=[world.published.reference])).content.decode()
    assert "Answer the clarification request" in page
    url = reverse("recommendations:answer_clarification", args=[world.published.reference, feedback.pk])
    empty = client.post(url, {"form_token": new_token()})
    assert empty.status_code == 400 and "Write it in at least one language." in empty.content.decode()
    feedback.refresh_from_db()
    assert feedback.clarification_resolved_at is None
    client.post(url, {"form_token": new_token(), "clarification_zh_hans": "是市级中小企业发展基金。"})
    feedback.refresh_from_db()
    assert feedback.clarification_resolved_at is not None and feedback.clarified_by == world.users.officer_a
    assert world.published not in Recommendation.objects.with_open_clarification()
    # A second answer, sent from a page opened before the first, is refused.
    again = client.post(url, {"form_token": new_token(), "clarification_en": "Later"}, follow=True)
    assert "answered this clarification request already" in again.content.decode()
    client.force_login(world.users.liaison_c)
    page = client.get(reverse("recommendations:detail", args=[world.published.reference])).content.decode()
    assert "是市级中小企业发展基金。" in page and "Chinese only" in page
    assert "Answer the clarification request" not in page


def test_the_forms_name_the_language_of_each_field_the_readers_first(client, world):
    client.force_login(world.users.officer_a)
    url = world.drafting.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Note (English)" in page and "Note (Simplified Chinese)" in page
    assert page.index("Note (English)") < page.index("Note (Simplified Chinese)")
    assert "Response text (English)" in page and "Response text (Simplified Chinese)" in page
    client.cookies["django_language"] = "zh-hans"
    page = client.get(url).content.decode()
    assert page.index("（简体中文）") < page.index("（英文）")


def test_a_note_in_neither_language_is_an_error_and_saves_nothing(client, world):
    client.force_login(world.users.officer_a)
    response = client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "in_progress",
            "progress": "10",
            "note_en": " ",
            "visibility": "internal",
        },
    )
    assert response.status_code == 400
    assert "Write it in at least one language." in response.content.decode()
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()


def test_a_note_and_a_response_in_one_language_are_marked_for_the_other_reader(client, world):
    item = world.published
    factories.ProgressUpdateFactory(recommendation=item, note_en="Only written in English", note_zh_hans="")
    item.response.text_zh_hans = "只有中文的答复"
    item.response.text_en = ""
    item.response.save()
    client.force_login(world.users.officer_a)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "只有中文的答复" in page and "Chinese only" in page
    client.cookies["django_language"] = "zh-hans"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Only written in English" in page and "仅有英文" in page


def test_a_parent_with_sub_points_explains_its_roll_up_instead_of_a_progress_form(client, world):
    child = factories.RecommendationFactory(
        paper=world.paper_c, parent=world.drafting, lead_department=world.department_a
    )
    client.force_login(world.users.officer_a)
    page = client.get(world.drafting.get_absolute_url())
    assert page.context["progress_form"] is None
    assert "rolls up from its sub-points" in page.content.decode() and child.reference in page.content.decode()
    client.post(
        reverse("recommendations:log_progress", args=[world.drafting.reference]),
        {
            "form_token": new_token(),
            "status": "in_progress",
            "progress": "50",
            "note_en": "x",
            "visibility": "internal",
        },
    )
    assert not ProgressUpdate.objects.filter(recommendation=world.drafting).exists()
    assert client.get(child.get_absolute_url()).context["progress_form"] is not None
