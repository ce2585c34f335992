import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from recommendations.models import DeadlineExtension, ProgressUpdate, Recommendation, ReturnedAssignment
from reminders.models import Delivery
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_dataset(secretariat_user):
    """One of everything, linked the way real data is."""
    liaison = factories.LiaisonFactory()
    officer = factories.OfficerFactory()
    paper = factories.PaperFactory(company=liaison.company)
    parent = factories.RecommendationFactory(paper=paper, lead_department=officer.department)
    child = factories.RecommendationFactory(paper=paper, parent=parent)
    child.topics.add(factories.TopicFactory())
    response = factories.ResponseFactory(recommendation=parent, department=officer.department, state="published")
    factories.ProgressUpdateFactory(recommendation=child)
    factories.FeedbackFactory(response=response, author=liaison.user)
    ReturnedAssignment.objects.create(
        recommendation=child, department=officer.department, returned_by=officer.user, reason="Not ours"
    )
    DeadlineExtension.objects.create(
        recommendation=parent, requested_by=officer.user, requested_date=datetime.date(2027, 6, 30), reason="Budget"
    )
    Delivery.objects.create(
        recipient=officer.user,
        email="o@example.org",
        day=datetime.date(2026, 11, 29),
        kind="reminders",
        status="failed",
    )
    return {"paper": paper, "recommendation": parent, "secretariat": secretariat_user}


def admin_urls():
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield model, model_admin, info


OUR_APPS = {"companies", "recommendations"}


def test_every_admin_page_renders_for_the_secretariat(secretariat_client, full_dataset):
    for model, _model_admin, (app, name) in admin_urls():
        if app not in OUR_APPS:
            assert secretariat_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200, name
            continue
        obj = model.objects.first()
        assert obj is not None, f"no {name} in the dataset"
        urls = [
            reverse(f"admin:{app}_{name}_changelist"),
            reverse(f"admin:{app}_{name}_add"),
            reverse(f"admin:{app}_{name}_change", args=[obj.pk]),
            reverse(f"admin:{app}_{name}_history", args=[obj.pk]),
        ]
        if not _model_admin.has_add_permission(type("R", (), {"user": full_dataset["secretariat"]})()):
            urls.remove(reverse(f"admin:{app}_{name}_add"))
        for url in urls:
            response = secretariat_client.get(url)
            assert response.status_code == 200, url


def test_changelists_search_without_error(secretariat_client, full_dataset):
    for _model, _model_admin, (app, name) in admin_urls():
        response = secretariat_client.get(reverse(f"admin:{app}_{name}_changelist"), {"q": "16"})
        assert response.status_code == 200, name


def test_paper_page_shows_its_recommendations_in_order(secretariat_client, full_dataset):
    paper = full_dataset["paper"]
    response = secretariat_client.get(reverse("admin:meetings_paper_change", args=[paper.pk]))
    content = response.content.decode()
    references = [r.reference for r in paper.recommendations.order_by("order")]
    positions = [content.index(r) for r in references]
    assert positions == sorted(positions)


def test_recommendation_page_shows_response_updates_and_both_languages(secretariat_client, full_dataset):
    recommendation = full_dataset["recommendation"]
    response = secretariat_client.get(reverse("admin:recommendations_recommendation_change", args=[recommendation.pk]))
    content = response.content.decode()
    assert 'name="response-0-stance"' in content
    assert 'name="updates-TOTAL_FORMS"' in content
    assert 'name="title_en"' in content and 'name="title_zh_hans"' in content


def test_recommendation_changelist_query_count_does_not_grow_with_rows(
    secretariat_client, full_dataset, django_assert_max_num_queries
):
    url = reverse("admin:recommendations_recommendation_changelist")
    for _ in range(40):
        factories.ResponseFactory(
            recommendation=factories.RecommendationFactory(lead_department=factories.DepartmentFactory())
        )
    with django_assert_max_num_queries(20):
        assert secretariat_client.get(url).status_code == 200


def test_bulk_action_assigns_a_lead_department_and_records_it(secretariat_client, secretariat_user):
    recommendations = factories.RecommendationFactory.create_batch(3)
    department = factories.DepartmentFactory()
    url = reverse("admin:recommendations_recommendation_changelist")
    ids = [str(r.pk) for r in recommendations]
    # First the action asks which department, changing nothing yet.
    response = secretariat_client.post(url, {"action": "assign_lead_department", "_selected_action": ids})
    assert response.status_code == 200
    assert b"Choose the lead department" in response.content
    assert not Recommendation.objects.filter(lead_department=department).exists()
    response = secretariat_client.post(
        url,
        {"action": "assign_lead_department", "_selected_action": ids, "department": department.pk, "apply": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert Recommendation.objects.filter(lead_department=department).count() == 3
    for recommendation in recommendations:
        latest = recommendation.history.first()
        assert latest.lead_department_id == department.pk
        assert latest.history_user == secretariat_user


def test_adding_a_progress_update_in_the_admin_updates_the_status_and_author(secretariat_client, secretariat_user):
    recommendation = factories.RecommendationFactory()
    response = secretariat_client.post(
        reverse("admin:recommendations_progressupdate_add"),
        {
            "recommendation": recommendation.pk,
            "date": "2022-04-01",
            "status": "partially_implemented",
            "progress": "55",
            "visibility": "shared",
            "note_en": "Half of the districts apply the measure.",
            "note_zh_hans": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert update.author == secretariat_user
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == ("partially_implemented", 55)


def test_admin_is_closed_to_officers(client):
    officer = factories.OfficerFactory()
    client.force_login(officer.user)
    response = client.get(reverse("admin:recommendations_recommendation_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
