"""The annual meeting report: its numbers against a dataset whose answers are known, and each
file format read back."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from recommendations.models import ResponseState, Stance, Visibility
from reports.builder import build_report
from reports.files import write
from reports.models import ReportJob
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

TODAY = datetime.date(2026, 11, 29)
MEETING_DAY = datetime.date(2025, 11, 6)
DEADLINE = datetime.date(2026, 1, 5)


def aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def dataset(db):
    """Meeting 17 (2025) with four recommendations of two companies, and one still-open and one
    closed recommendation of meeting 16. The right answers are in the tests below."""
    econ = factories.DepartmentFactory(slug="econ", short_name_en="Economy", short_name_zh_hans="经信委")
    commerce = factories.DepartmentFactory(slug="commerce", short_name_en="Commerce", short_name_zh_hans="商务委")
    green = factories.TopicFactory(slug="green", name_en="Green", name_zh_hans="绿色低碳")
    digital = factories.TopicFactory(slug="digital", name_en="Digital", name_zh_hans="数字经济")
    ericsson = factories.CompanyFactory(slug="ericsson", name_en="Ericsson", name_zh_hans="爱立信")
    corning = factories.CompanyFactory(slug="corning", name_en="Corning", name_zh_hans="康宁")
    earlier = factories.MeetingFactory(number=16, date=datetime.date(2021, 11, 5))
    meeting = factories.MeetingFactory(number=17, date=MEETING_DAY, response_deadline=DEADLINE)
    old_paper = factories.PaperFactory(meeting=earlier, company=ericsson, position=11)
    old_open = factories.RecommendationFactory(paper=old_paper, lead_department=econ, title_en="Old open ask")
    old_closed = factories.RecommendationFactory(paper=old_paper, lead_department=econ)
    factories.ProgressUpdateFactory(
        recommendation=old_closed, status="implemented", progress=100, date=datetime.date(2023, 1, 1)
    )

    paper_e = factories.PaperFactory(meeting=meeting, company=ericsson, position=3)
    paper_c = factories.PaperFactory(meeting=meeting, company=corning, position=5)
    # A: accepted on time (40 days after the meeting), implemented since.
    a = factories.RecommendationFactory(
        paper=paper_e, lead_department=econ, title_en="5G factories", title_zh_hans="5G工厂"
    )
    a.topics.add(digital)
    factories.ResponseFactory(
        recommendation=a,
        department=econ,
        stance=Stance.ACCEPTED,
        state=ResponseState.PUBLISHED,
        published_at=aware(MEETING_DAY + datetime.timedelta(days=40)),
        text_en="We accept.",
        text_zh_hans="采纳。",
    )
    factories.ProgressUpdateFactory(
        recommendation=a,
        status="implemented",
        progress=100,
        date=datetime.date(2026, 6, 1),
        visibility=Visibility.SHARED,
        note_en="Ten factories connected.",
        note_zh_hans="已有十家工厂接入。",
    )
    # B: partially accepted late (80 days), one sub-point; an internal update that must stay inside.
    b = factories.RecommendationFactory(paper=paper_e, lead_department=commerce, title_en="Green customs lane")
    b.topics.add(green)
    factories.ResponseFactory(
        recommendation=b,
        department=commerce,
        stance=Stance.PARTIALLY_ACCEPTED,
        state=ResponseState.PUBLISHED,
        published_at=aware(MEETING_DAY + datetime.timedelta(days=80)),
    )
    b1 = factories.RecommendationFactory(paper=paper_e, lead_department=commerce, parent=b, title_en="Night clearance")
    factories.ProgressUpdateFactory(
        recommendation=b1,
        status="in_progress",
        progress=40,
        date=datetime.date(2026, 3, 1),
        visibility=Visibility.INTERNAL,
        note_en="Internal: waiting for customs headcount.",
    )
    # C: Corning's, no response yet; D: unassigned, repeats the old open ask.
    c = factories.RecommendationFactory(paper=paper_c, lead_department=econ, title_en="Glass recycling")
    c.topics.add(green)
    d = factories.RecommendationFactory(paper=paper_c, title_en="Old ask again")
    d.related.add(old_open)
    return {
        "meeting": meeting,
        "a": a,
        "b": b,
        "b1": b1,
        "c": c,
        "d": d,
        "ericsson": ericsson,
        "corning": corning,
        "econ": econ,
    }


def test_headline_figures(dataset):
    report = build_report(dataset["meeting"], today=TODAY)
    totals = report.totals
    assert totals["received"] == 5  # a, b, b1, c, d
    assert totals["assigned"] == 4
    assert totals["responded"] == 2
    assert totals["responded_on_time"] == 1
    assert totals["average_days_to_respond"] == 60.0  # (40 + 80) / 2
    assert totals["accepted"] == 2
    assert totals["implemented"] == 1
    assert totals["implemented_pct"] == 20
    assert totals["response_overdue"] == 3  # b1, c, d: no published response, deadline passed
    assert totals["update_overdue"] == 1  # b: published 2026-01-25 + 90 days, sub-point update 2026-03-01 + 90


def test_distributions_and_groups(dataset):
    report = build_report(dataset["meeting"], today=TODAY)
    stances = {value: count for value, _label, count in report.by_stance}
    assert stances == {"accepted": 1, "partially_accepted": 1, "under_study": 0, "not_adopted": 0, "noted": 0}
    statuses = {value: count for value, _label, count in report.by_status}
    assert (statuses["implemented"], statuses["in_progress"], statuses["not_started"]) == (1, 2, 2)
    companies = {row["name"]: (row["received"], row["responded"], row["implemented"]) for row in report.per_company}
    assert companies == {"Ericsson": (3, 2, 1), "Corning": (2, 0, 0)}
    departments = {row["name"]: row["received"] for row in report.per_department}
    assert departments == {"Economy": 2, "Commerce": 2, "Unassigned": 1}
    topics = {row["name"]: row["received"] for row in report.per_topic}
    assert topics == {"Green": 2, "Digital": 1, "No topic": 2}


def test_changes_carried_over_repeats_and_trend(dataset):
    report = build_report(dataset["meeting"], today=TODAY)
    assert {(c["reference"], c["now"]) for c in report.changes} == {
        (dataset["a"].reference, "Implemented"),
        (dataset["b1"].reference, "In progress"),
        (dataset["b"].reference, "In progress"),  # rolled up from its sub-point
    }
    assert [(row["paper__meeting__number"], row["open"]) for row in report.carried_over] == [(16, 1)]
    assert [(row["reference"], row["earlier"]) for row in report.repeats] == [
        (dataset["d"].reference, dataset["d"].related.get().reference)
    ]
    assert [(row["paper__meeting__number"], row["received"]) for row in report.trend] == [(16, 2), (17, 5)]


def test_no_responses_yet_gives_zeros_not_errors(db):
    meeting = factories.MeetingFactory(number=18, date=datetime.date(2026, 11, 1))
    factories.RecommendationFactory(paper__meeting=meeting)
    report = build_report(meeting, today=TODAY)
    assert report.totals["responded"] == 0
    assert report.totals["average_days_to_respond"] is None
    with io.BytesIO() as output:
        write(report, "pdf", output)
        assert output.getvalue().startswith(b"%PDF")


def test_company_extract_has_nothing_of_another_company_and_nothing_internal(dataset):
    report = build_report(dataset["meeting"], company=dataset["ericsson"], today=TODAY)
    references = {row["reference"] for row in report.rows}
    assert references == {dataset["a"].reference, dataset["b"].reference, dataset["b1"].reference}
    output = io.BytesIO()
    write(report, "xlsx", output)
    workbook = load_workbook(io.BytesIO(output.getvalue()))
    text = " ".join(str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value)
    assert "Corning" not in text and dataset["c"].reference not in text
    assert "Internal: waiting" not in text
    assert "Ten factories connected." in text


def test_xlsx_reads_back(dataset):
    output = io.BytesIO()
    write(build_report(dataset["meeting"], today=TODAY), "xlsx", output)
    workbook = load_workbook(io.BytesIO(output.getvalue()))
    assert workbook.sheetnames == ["Summary", "Recommendations", "By department", "By company", "By topic"]
    sheet = workbook["Recommendations"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == dataset["a"].reference)
    assert row[header.index("Title")] == "5G factories"
    assert row[header.index("Response")] == "Accepted"
    published = row[header.index("Published")]
    assert isinstance(published, datetime.datetime) and published.date() == MEETING_DAY + datetime.timedelta(days=40)
    assert row[header.index("Latest shared update")] == "Ten factories connected."


def test_docx_reads_back_in_chinese(dataset):
    output = io.BytesIO()
    write(build_report(dataset["meeting"], language="zh-hans", today=TODAY), "docx", output)
    document = Document(io.BytesIO(output.getvalue()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "概要" in headings
    assert f"{dataset['a'].reference} 5G工厂" in headings
    # The charts are drawn in the file's language even when the request reads English.
    assert "政府答复意见分布" in headings and "Government responses by stance" not in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "采纳。" in text and "已有十家工厂接入。" in text
    assert len(document.inline_shapes) >= 2  # the charts


def test_pdf_has_the_text_and_a_chinese_phrase(dataset):
    output = io.BytesIO()
    write(build_report(dataset["meeting"], language="zh-hans", today=TODAY), "pdf", output)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(output.getvalue())).pages)
    assert dataset["a"].reference in text
    assert "已有十家工厂接入" in text
    assert "第17届年会" in text


def test_meeting_report_command(dataset, tmp_path):
    target = tmp_path / "extract.xlsx"
    call_command("meeting_report", "17", "--format", "xlsx", "--output", str(target), "--company", "corning")
    workbook = load_workbook(target)
    references = [row[0] for row in workbook["Recommendations"].iter_rows(min_row=2, values_only=True)]
    assert sorted(references) == sorted([dataset["c"].reference, dataset["d"].reference])


def test_report_page_query_count_is_bounded(client, dataset):
    client.force_login(factories.SecretariatUserFactory())
    url = reverse("report", args=[17])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    paper = dataset["a"].paper
    for _ in range(50):
        factories.RecommendationFactory(paper=paper, lead_department=dataset["econ"])
    few = queries()
    for _ in range(200):
        factories.RecommendationFactory(paper=paper, lead_department=dataset["econ"])
    assert queries() == few <= 30


def test_liaison_sees_their_company_extract_and_never_another(client, dataset):
    liaison = factories.LiaisonFactory(company=dataset["corning"])
    client.force_login(liaison.user)
    page = client.get(reverse("report", args=[17])).content.decode()
    assert "Corning" in page and "Ericsson" not in page
    assert client.get(reverse("report", args=[17]) + "?company=ericsson").status_code == 404
    download = client.get(reverse("report_download", args=[17, "xlsx"]) + "?company=ericsson")
    assert download.status_code == 404


def test_large_download_runs_as_a_task_with_progress(client, dataset, settings, django_capture_on_commit_callbacks):
    settings.REPORT_ASYNC_THRESHOLD = 2
    user = factories.SecretariatUserFactory()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("report_download", args=[17, "docx"]))
    job = ReportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.progress, job.requested_by) == ("done", 100, user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The file is ready." in page
    document = Document(io.BytesIO(b"".join(client.get(reverse("report_job_file", args=[job.pk])).streaming_content)))
    assert any(dataset["a"].reference in p.text for p in document.paragraphs)
    # Another user cannot see the job.
    client.force_login(factories.SecretariatUserFactory())
    assert client.get(job.get_absolute_url()).status_code == 404


def test_small_download_streams_at_once(client, dataset):
    client.force_login(factories.SecretariatUserFactory())
    response = client.get(reverse("report_download", args=[17, "pdf"]) + "?language=zh-hans")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cmieac-meeting-17-zh-hans.pdf"')
    assert ReportJob.objects.count() == 0


def test_download_with_a_bad_filter_goes_back_to_the_page_with_its_error(client, dataset):
    client.force_login(factories.SecretariatUserFactory())
    response = client.get(reverse("report_download", args=[17, "xlsx"]) + "?department=nonsense", follow=True)
    assert response.redirect_chain[0][0] == reverse("report", args=[17]) + "?department=nonsense"
    assert "Some filters are not valid" in response.content.decode()


def test_report_page_draws_its_charts_again_only_when_their_figures_change(client, dataset, monkeypatch):
    from django.core.cache import cache

    from reports import charts

    cache.clear()
    drawn = []
    original = charts.report_charts
    monkeypatch.setattr(charts, "report_charts", lambda report: drawn.append(1) or original(report))
    client.force_login(factories.SecretariatUserFactory())
    url = reverse("report", args=[17])

    def images():
        return re.findall(r'src="(data:image/svg\+xml;base64,[^"]+)"', client.get(url).content.decode())

    first = images()
    assert len(drawn) == 1 and len(first) >= 2
    assert images() == first
    assert len(drawn) == 1
    factories.RecommendationFactory(paper=dataset["a"].paper, lead_department=dataset["econ"])
    changed = images()
    assert len(drawn) == 2 and changed != first


def reference_docx_section(report):
    """The recommendations section as python-docx's own add_heading/add_paragraph wrote it
    before the constant-time appender: (style, text) of each paragraph."""
    from itertools import groupby

    from django.utils import translation
    from django.utils.translation import gettext as _

    with translation.override(report.language):
        document = Document()
        document.add_heading(_("The recommendations"), level=1)
        for topic, rows in groupby(sorted(report.rows, key=lambda row: row["topic"]), key=lambda row: row["topic"]):
            document.add_heading(topic, level=2)
            for row in rows:
                document.add_heading(f"{row['reference']} {row['title']}", level=3)
                document.add_paragraph(
                    f"{_('Company')}: {row['company']} · {_('Lead department')}: {row['department']}"
                )
                document.add_paragraph(
                    f"{_('Response')}: {row['stance'] or _('No response yet')} · "
                    f"{_('Implementation status')}: {row['status']} ({row['progress']}%)"
                )
                if row["response"]:
                    document.add_paragraph(row["response"])
                if row["latest_update"]:
                    document.add_paragraph(
                        f"{_('Latest update')} ({row['latest_update_date']}): {row['latest_update']}"
                    )
    return [(p.style.name, p.text) for p in document.paragraphs]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_docx_recommendations_are_what_python_docx_wrote_before(dataset, language):
    report = build_report(dataset["meeting"], language=language, today=TODAY)
    output = io.BytesIO()
    write(report, "docx", output)
    written = [(p.style.name, p.text) for p in Document(io.BytesIO(output.getvalue())).paragraphs]
    expected = reference_docx_section(report)
    start = written.index(expected[0])
    assert written[start:] == expected and len(expected) > 5


def test_a_long_pdf_is_a_summary_in_parts_numbered_on(dataset, monkeypatch):
    from reports import pdf

    monkeypatch.setattr(pdf, "FULL_TEXT_ROWS", 1)
    monkeypatch.setattr(pdf, "PART_ROWS", 2)
    report = build_report(dataset["meeting"], language="en", today=TODAY)
    assert len(report.rows) > 2 * pdf.PART_ROWS - 1
    output = io.BytesIO()
    write(report, "pdf", output)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(output.getvalue())).pages]
    text = "\n".join(pages)
    assert "the responses and updates in full are in the Word and Excel files" in " ".join(text.split())
    assert all(row["reference"] in text for row in report.rows)
    assert "已有十家工厂接入" not in text and "Ten factories" not in text  # long texts left out
    # Pages are numbered on across the parts: the last page's number is the page count.
    assert pages[-1].rstrip().endswith(str(len(pages)))


def test_a_recommendation_of_two_topics_counts_once_in_each_figure(dataset):
    """The report's counts have no DISTINCT: a topic filter and the per-topic groups must not
    repeat a recommendation that has two topics."""
    from meetings.models import Topic

    a = dataset["a"]
    a.topics.add(Topic.objects.get(slug="green"))
    report = build_report(dataset["meeting"], topic=Topic.objects.get(slug="green"), today=TODAY)
    assert report.totals["received"] == 3
    assert sum(count for _value, _label, count in report.by_status) == 3
    assert sum(count for _value, _label, count in report.by_stance) == 2
    assert sum(row["received"] for row in report.per_department) == 3
    assert sum(row["received"] for row in report.per_company) == 3
    topics = {row["name"]: row["received"] for row in report.per_topic}
    assert topics == {"Green": 3}  # the filter and the grouping share one join to the topics
    whole = build_report(dataset["meeting"], today=TODAY)
    assert {row["name"]: row["received"] for row in whole.per_topic} == {"Green": 3, "Digital": 1, "No topic": 2}
    assert sum(count for _value, _label, count in whole.by_status) == whole.totals["received"] == 5
