"""The optimised paths return exactly what the straightforward ones did, on generated data in
both languages and both tracks: the list export from plain rows (against the model-instance
export it replaced, kept here as the reference), the list's stored sort key, and the paginated
pages (against their unpaginated queries)."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts import roles
from ccec.spreadsheets import csv_value
from demo import scale
from recommendations import exports
from recommendations.models import Recommendation
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
            .values("paper__meeting__number", "paper__meeting__year")
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
            .values("paper__meeting__number", "paper__meeting__year")
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
