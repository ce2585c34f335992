"""The optimised paths return exactly what the straightforward ones did, on generated data in
both languages and both tracks: the list export from plain rows (against the model-instance
export it replaced, kept here as the reference), the list's stored sort key, and the paginated
pages (against their unpaginated queries)."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts import roles
from ccec.spreadsheets import csv_value
from demo import scale
from recommendations import exports
from recommendations.choices import Visibility
from recommendations.models import ProgressUpdate, Recommendation
from reports.rows import localized
from tests import factories

TODAY = datetime.date(2026, 11, 30)
pytestmark = pytest.mark.django_db


def reference_row(recommendation, show_drafts, today):
    """The export's row as the first design wrote it, from a model instance."""
    response = getattr(recommendation, "response", None)
    if response is not None and not (show_drafts or response.is_published):
        response = None
    return [
        recommendation.reference,
        recommendation.title,
        str(recommendation.paper.company or ""),
        str(recommendation.lead_department or ""),
        response.get_stance_display() if response else "",
        response.get_state_display() if response else "",
        recommendation.get_seen_status_display(),
        recommendation.seen_progress,
        recommendation.seen_last_update_at,
        recommendation.target_date,
        recommendation.seen_update_due_on,
        _("yes") if recommendation.is_overdue(today) else "",
        f"{settings.SITE_URL}{recommendation.get_absolute_url()}",
    ]


@pytest.fixture
def generated():
    world = scale.generate(300, TODAY)
    # Some blanks the generator never writes: a title in one language only, no company.
    first, second = Recommendation.objects.order_by("pk")[:2]
    Recommendation.objects.filter(pk=first.pk).update(title_en="")
    Recommendation.objects.filter(pk=second.pk).update(title_zh_hans="")
    world.secretariat = factories.SecretariatUserFactory()
    return world


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_export_rows_equal_the_model_instance_export(generated, language):
    for user in (generated.secretariat, generated.officers[generated.departments[0].pk][0], generated.liaisons[1]):
        queryset = Recommendation.objects.visible_to(user).for_list().order_by("sort_key")
        show_drafts = roles.role_of(user) != roles.LIAISON
        with translation.override(language):
            expected = [reference_row(item, show_drafts, TODAY) for item in queryset]
            rows = list(exports.rows(queryset, show_drafts, TODAY))
        assert len(rows) == len(expected) > 0
        for row, wanted in zip(rows, expected, strict=True):
            assert row == wanted, (user.username, row[0])
    # The data exercised what differs between viewers: drafts hidden from the company.
    liaison_rows = list(exports.rows(Recommendation.objects.visible_to(generated.liaisons[1]), False, TODAY))
    assert any(row[4] == "" for row in liaison_rows) and any(row[4] for row in liaison_rows)


def test_csv_and_xlsx_files_hold_the_reference_rows(generated):
    user = generated.secretariat
    queryset = Recommendation.objects.visible_to(user).for_list().order_by("sort_key")
    with translation.override("zh-hans"):
        expected = [exports.header()] + [reference_row(item, True, TODAY) for item in queryset]
        text = io.StringIO(newline="")
        exports.write_file(queryset, user, "csv", text, today=TODAY)
        binary = io.BytesIO()
        exports.write_file(queryset, user, "xlsx", binary, today=TODAY)
    written = list(csv.reader(io.StringIO(text.getvalue().lstrip("\ufeff"))))
    assert written == [["" if value is None else str(csv_value(value)) for value in row] for row in expected]
    sheet = load_workbook(binary, read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(cells) == len(expected)
    assert [row[0] for row in cells] == [row[0] for row in expected]
    assert [row[1] for row in cells[1:]] == [row[1] for row in expected[1:]]
    assert [row[7] for row in cells[1:]] == [row[7] for row in expected[1:]]


def test_meeting_by_meeting_equals_the_separate_trend_and_carry_over_queries(generated):
    """reports.builder.meeting_by_meeting counts the trend and the carry-over in one pass; the
    two queries it replaced are kept here as the reference, on both tracks."""
    from django.db.models import Count, Q

    from accounts.roles import GOVERNMENT_VIEW, company_view
    from recommendations.choices import ImplementationStatus, ResponseState
    from reports.builder import meeting_by_meeting

    published = Q(response__state=ResponseState.PUBLISHED)
    meeting = generated.meetings[-1]
    for viewer in (GOVERNMENT_VIEW, company_view(generated.companies[0].pk)):
        scope = Recommendation.objects.seen_by(viewer)
        trend = list(
            scope.filter(paper__meeting__number__lte=meeting.number)
            .values("paper__meeting", "paper__meeting__number", "paper__meeting__year")
            .annotate(
                received=Count("pk", distinct=True),
                responded=Count("pk", filter=published, distinct=True),
                implemented=Count("pk", filter=Q(seen_status=ImplementationStatus.IMPLEMENTED), distinct=True),
            )
            .order_by("paper__meeting__number")
        )
        carried = list(
            scope.filter(paper__meeting__number__lt=meeting.number)
            .still_open()
            .values("paper__meeting", "paper__meeting__number", "paper__meeting__year")
            .annotate(open=Count("pk", distinct=True), answered=Count("pk", filter=published, distinct=True))
            .order_by("-paper__meeting__number")
        )
        assert meeting_by_meeting(scope, meeting) == (trend, carried)
        assert len(trend) == 10 and carried and any(row["answered"] for row in carried)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_filter_selects_from_plain_rows_render_as_the_model_choices_did(generated, language, rf):
    """The list's meeting, company, topic and department selects list plain rows
    (filters.PLAIN_CHOICES); rendered, they are what the fields' model choices render."""
    from recommendations.filters import PLAIN_CHOICES, RecommendationFilter

    generated.departments[1].short_name_en = ""
    generated.departments[1].save()
    request = rf.get("/recommendations/", {"company": generated.companies[2].pk})
    request.user = generated.secretariat
    with translation.override(language):
        form = RecommendationFilter(request.GET, queryset=Recommendation.objects.none(), request=request).form
        plain = {name: str(form[name]) for name in PLAIN_CHOICES}
        for name in PLAIN_CHOICES:
            form.fields[name].widget.choices = form.fields[name].choices  # the model choice iterator
        for name in PLAIN_CHOICES:
            assert plain[name] == str(form[name]), name
    assert "selected>" in plain["company"] and plain["department"].count("<option") == 21


# The report rows as the first design built them, from model instances (reports/rows.py now
# reads plain values): the reference for the test below.
def reference_rows(base, language, today):
    """One row per recommendation: its published response and its latest shared update."""
    shared = ProgressUpdate.objects.filter(recommendation=OuterRef("pk"), visibility=Visibility.SHARED).order_by(
        "-date", "-created_at"
    )
    queryset = (
        base.select_related("paper__company", "paper__meeting", "lead_department", "response")
        .prefetch_related("topics")
        .annotate(
            shared_date=Subquery(shared.values("date")[:1]),
            shared_note_en=Subquery(shared.values("note_en")[:1]),
            shared_note_zh_hans=Subquery(shared.values("note_zh_hans")[:1]),
        )
        .order_by("sort_key")
    )
    rows = []
    # In chunks, without the search columns and the papers' texts no row shows: a meeting of
    # 10,000 recommendations held them all at once.
    for recommendation in queryset.iterator(chunk_size=2000):
        response = recommendation.published_response()
        rows.append(
            {
                "reference": recommendation.reference,
                "title": recommendation.title,
                "text": recommendation.text,
                "company": str(recommendation.paper.company or _("Unattributed")),
                "department": str(recommendation.lead_department or _("Unassigned")),
                "topics": ", ".join(str(topic) for topic in recommendation.topics.all()),
                "topic": str(next(iter(recommendation.topics.all()), None) or _("No topic")),
                "stance": response.get_stance_display() if response else "",
                "stance_value": response.stance if response else "",
                "response": response.text if response else "",
                "published": timezone.localdate(response.published_at) if response else None,
                "status": recommendation.get_seen_status_display(),
                "status_value": recommendation.seen_status,
                "progress": recommendation.seen_progress,
                "target_date": recommendation.target_date,
                "latest_update": localized(
                    {"n_en": recommendation.shared_note_en, "n_zh_hans": recommendation.shared_note_zh_hans},
                    "n",
                    language,
                ),
                "latest_update_date": recommendation.shared_date,
                "overdue": recommendation.is_overdue(today),
                "is_sub_point": recommendation.parent_id is not None,
            }
        )
    return rows


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_report_rows_equal_the_model_instance_rows(generated, language):
    from accounts.roles import GOVERNMENT_VIEW, company_view
    from reports.rows import recommendation_rows

    Recommendation.objects.filter(pk=Recommendation.objects.order_by("pk")[2].pk).update(lead_department=None)
    meeting = generated.meetings[-1]
    for viewer in (GOVERNMENT_VIEW, company_view(generated.companies[0].pk)):
        base = Recommendation.objects.seen_by(viewer).filter(paper__meeting=meeting)
        with translation.override(language):
            expected = reference_rows(base, language, TODAY)
            rows = recommendation_rows(base, language, TODAY)
        assert len(rows) == len(expected) > 0
        for row, wanted in zip(rows, expected, strict=True):
            assert row == wanted, row["reference"]
    assert any(row["topics"] for row in rows) and any(row["stance"] for row in rows)
