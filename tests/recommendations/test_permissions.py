"""Every work-screen URL x every role x GET/POST: the expected status, and refused POSTs
change nothing (DESIGN.md, "Who may see and do what")."""

import datetime

import pytest
from django.urls import reverse

from accounts.once import new_token
from recommendations.models import (
    DeadlineExtension,
    Feedback,
    ProgressUpdate,
    Recommendation,
    Response,
    ReturnedAssignment,
)
from reminders.models import MutedKind

pytestmark = pytest.mark.django_db
# The cases that read stored files run again with S3 storage (make test-s3).
FILE_CASES = {"internal_evidence", "shared_evidence"}

ROLES = ["anonymous", "secretariat", "officer_a", "officer_b", "head_a", "liaison_c", "liaison_d"]


def client_for(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world.users, role))
    return client


def detail(recommendation):
    return reverse("recommendations:detail", args=[recommendation.reference])


# url builder, expected status per role (anonymous always goes to login: 302)
GET_CASES = {
    "list": (lambda w: reverse("recommendations:list"), dict.fromkeys(ROLES[1:], 200)),
    "export_csv": (lambda w: reverse("recommendations:export", args=["csv"]), dict.fromkeys(ROLES[1:], 200)),
    "export_xlsx": (lambda w: reverse("recommendations:export", args=["xlsx"]), dict.fromkeys(ROLES[1:], 200)),
    "own_company_recommendation": (
        lambda w: detail(w.published),
        {**dict.fromkeys(ROLES[1:], 200), "liaison_d": 404},
    ),
    "other_company_recommendation": (
        lambda w: detail(w.other),
        {**dict.fromkeys(ROLES[1:], 200), "liaison_c": 404},
    ),
    "workspace": (
        lambda w: reverse("workspace"),
        {"secretariat": 403, "officer_a": 200, "officer_b": 200, "head_a": 200, "liaison_c": 403, "liaison_d": 403},
    ),
    "signoff_queue": (
        lambda w: reverse("signoff_queue"),
        {"secretariat": 200, "officer_a": 403, "officer_b": 403, "head_a": 200, "liaison_c": 403, "liaison_d": 403},
    ),
    "portal": (
        lambda w: reverse("portal"),
        {"secretariat": 403, "officer_a": 403, "officer_b": 403, "head_a": 403, "liaison_c": 200, "liaison_d": 200},
    ),
    "papers": (lambda w: reverse("paper_list"), dict.fromkeys(ROLES[1:], 200)),
    "paper_of_c": (
        lambda w: reverse("paper_detail", args=[16, w.paper_c.position]),
        {**dict.fromkeys(ROLES[1:], 200), "liaison_d": 404},
    ),
    "companies": (lambda w: reverse("companies:list"), dict.fromkeys(ROLES[1:], 200)),
    "company_c": (
        lambda w: reverse("companies:detail", args=[w.company_c.slug]),
        {**dict.fromkeys(ROLES[1:], 200), "liaison_d": 404},
    ),
    "internal_evidence": (
        lambda w: reverse("evidence", args=[w.internal_update.pk]),
        {**dict.fromkeys(ROLES[1:], 200), "liaison_c": 404, "liaison_d": 404},
    ),
    "shared_evidence": (
        lambda w: reverse("evidence", args=[w.shared_update.pk]),
        {**dict.fromkeys(ROLES[1:], 200), "liaison_d": 404},
    ),
    "invite": (
        lambda w: reverse("invite"),
        {**dict.fromkeys(ROLES[1:], 403), "secretariat": 200},
    ),
    "people": (
        lambda w: reverse("people"),
        {**dict.fromkeys(ROLES[1:], 403), "secretariat": 200},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "case", [pytest.param(case, marks=[pytest.mark.storage] * (case in FILE_CASES)) for case in GET_CASES]
)
def test_get_matrix(client, world, role, case):
    """Every screen for every role."""
    url_for, expected = GET_CASES[case]
    response = client_for(client, world, role).get(url_for(world))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected[role], f"{case} as {role}"


def state(world):
    """What the POSTs could change, re-read from the database."""
    return {
        "updates": ProgressUpdate.objects.count(),
        "responses": list(Response.objects.order_by("pk").values_list("state", "stance", "text_en")),
        "leads": list(Recommendation.objects.order_by("pk").values_list("lead_department_id", flat=True)),
        "returns": ReturnedAssignment.objects.count(),
        "feedback": Feedback.objects.count(),
        "resolved": list(Feedback.objects.order_by("pk").values_list("clarification_resolved_at", flat=True)),
        "extensions": list(DeadlineExtension.objects.order_by("pk").values_list("status", flat=True)),
        "targets": list(Recommendation.objects.order_by("pk").values_list("target_date", flat=True)),
        "muted": list(MutedKind.objects.order_by("pk").values_list("user_id", "kind")),
        "clarifications": list(Feedback.objects.order_by("pk").values_list("clarification_en", flat=True)),
    }


POST_CASES = {
    "log_progress": (
        lambda w: reverse("recommendations:log_progress", args=[w.drafting.reference]),
        {"status": "in_progress", "progress": "10", "note_en": "Started", "visibility": "internal"},
        {"secretariat": 302, "officer_a": 302, "head_a": 302, "officer_b": 403, "liaison_c": 403, "liaison_d": 404},
    ),
    "draft_response": (
        lambda w: reverse("recommendations:save_response", args=[w.drafting.reference]),
        {"stance": "accepted", "text_en": "We accept.", "save": "1"},
        {"secretariat": 302, "officer_a": 302, "head_a": 302, "officer_b": 403, "liaison_c": 403, "liaison_d": 404},
    ),
    "sign_off": (
        lambda w: reverse("recommendations:sign_off", args=[w.awaiting.reference]),
        {"decision": "publish"},
        {"secretariat": 302, "head_a": 302, "officer_a": 403, "officer_b": 403, "liaison_c": 403, "liaison_d": 404},
    ),
    "return_assignment": (
        lambda w: reverse("recommendations:return", args=[w.drafting.reference]),
        {"reason": "This is a matter for the transport bureau."},
        {"secretariat": 302, "officer_a": 302, "head_a": 302, "officer_b": 403, "liaison_c": 403, "liaison_d": 404},
    ),
    "request_extension": (
        lambda w: reverse("recommendations:request_extension", args=[w.drafting.reference]),
        {"requested_date": "2027-06-30", "reason": "The budget comes in spring."},
        {"secretariat": 302, "officer_a": 302, "head_a": 302, "officer_b": 403, "liaison_c": 403, "liaison_d": 404},
    ),
    "decide_extension": (
        lambda w: reverse("recommendations:decide_extension", args=[w.published.reference]),
        {"decision": "approve"},
        {"secretariat": 302, "head_a": 302, "officer_a": 403, "officer_b": 403, "liaison_c": 403, "liaison_d": 404},
    ),
    "answer_clarification": (
        lambda w: reverse("recommendations:answer_clarification", args=[w.published.reference, w.clarification.pk]),
        {"clarification_en": "The fund is the municipal SME fund."},
        {"secretariat": 302, "officer_a": 302, "head_a": 302, "officer_b": 403, "liaison_c": 403, "liaison_d": 404},
    ),
    "assign": (
        lambda w: reverse("recommendations:assign", args=[w.drafting.reference]),
        lambda w: {"lead_department": w.department_b.pk, "note": "Yours"},
        {"secretariat": 302, "officer_a": 403, "head_a": 403, "officer_b": 403, "liaison_c": 403, "liaison_d": 403},
    ),
    "bulk_assign": (
        lambda w: reverse("recommendations:bulk_assign"),
        lambda w: {"lead_department": w.department_b.pk, "scope": "selected", "references": [w.drafting.reference]},
        {"secretariat": 302, "officer_a": 403, "head_a": 403, "officer_b": 403, "liaison_c": 403, "liaison_d": 403},
    ),
    # Each person turns their own e-mails off (posting no box turns every kind off).
    "notifications": (
        lambda w: reverse("notifications"),
        {"language": "en"},
        dict.fromkeys(ROLES[1:], 302),
    ),
    "feedback": (
        lambda w: reverse("recommendations:feedback", args=[w.published.reference]),
        {"answer_satisfaction": "4", "comment": "Thanks", "requests_clarification": "on"},
        {"liaison_c": 302, "liaison_d": 404, "secretariat": 403, "officer_a": 403, "officer_b": 403, "head_a": 403},
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", POST_CASES)
def test_post_matrix(client, world, role, case):
    url_for, data, expected = POST_CASES[case]
    world.clarification = Feedback.objects.create(
        response=world.published.response,
        author=world.users.liaison_c,
        answer_satisfaction=2,
        requests_clarification=True,
    )
    # A pending request on the published recommendation, for the decision case.
    DeadlineExtension.objects.create(
        recommendation=world.published,
        requested_by=world.users.officer_a,
        requested_date=datetime.date(2027, 3, 1),
        reason="Budget",
    )
    data = data(world) if callable(data) else data
    before = state(world)
    response = client_for(client, world, role).post(url_for(world), {**data, "form_token": new_token()})
    after = state(world)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert after == before
    elif expected[role] == 302:
        assert response.status_code == 302, response.content.decode()[:500]
        assert after != before, f"{case} as {role} changed nothing"
    else:
        assert response.status_code == expected[role], f"{case} as {role}"
        assert after == before, f"{case} as {role} was refused but changed the database"


def test_liaison_never_sees_drafts_or_internal_updates(client, world):
    client.force_login(world.users.liaison_c)
    awaiting = client.get(detail(world.awaiting)).content.decode()
    assert "Draft text" not in awaiting
    published = client.get(detail(world.published)).content.decode()
    assert "Published text" in published
    assert "Shared note" in published
    assert "Internal note" not in published
    assert "Change history" not in published


def test_officer_sees_internal_updates_and_history(client, world):
    client.force_login(world.users.officer_b)
    content = client.get(detail(world.published)).content.decode()
    assert "Internal note" in content and "Shared note" in content
    assert "Change history" in content
    # Officers of another department read, but get no forms to change it.
    assert reverse("recommendations:log_progress", args=[world.published.reference]) not in content


def test_list_and_exports_are_scoped_to_the_liaisons_company(client, world):
    client.force_login(world.users.liaison_d)
    listing = client.get(reverse("recommendations:list")).content.decode()
    assert world.other.reference in listing
    assert world.published.reference not in listing
    csv_text = b"".join(client.get(reverse("recommendations:export", args=["csv"])).streaming_content).decode()
    assert world.other.reference in csv_text
    assert world.published.reference not in csv_text
