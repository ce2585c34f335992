"""A Chinese-reading officer of the demo reads Chinese wherever a translation exists: the
workspace, a recommendation's page, a digest e-mail and the Chinese PDF report."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from meetings.models import Meeting
from recommendations.models import Recommendation
from reminders import delivery, digests
from reminders.models import Delivery
from reports.builder import build_report
from reports.files import write

pytestmark = pytest.mark.django_db
# A day when the demo's responses and updates are due or overdue.
REMINDER_DAY = datetime.date(2022, 3, 1)


@pytest.fixture
def demo(demo_settings):
    """The demo as load_demo left it (tests/demo/conftest.py loads it once per module)."""
    return get_user_model().objects.get(username="officer-econ")


def english_titles():
    return {item.title_en for item in Recommendation.objects.all() if item.title_zh_hans}


def test_the_workspace_and_a_page_read_in_chinese(demo, client):
    client.force_login(demo)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/workspace/").content.decode()
    mine = Recommendation.objects.filter(lead_department=demo.officer.department).first()
    assert mine.title_zh_hans in page
    assert [title for title in english_titles() if title in page] == []
    page = client.get(mine.get_absolute_url()).content.decode()
    assert f"<h1>{mine.title_zh_hans} </h1>" in page
    # The English title appears once: in the English column of the side-by-side text.
    assert page.count(mine.title_en) == 1


def test_a_digest_e_mail_reads_in_chinese(demo):
    digests.record(digests.plan(REMINDER_DAY), REMINDER_DAY)
    row = Delivery.objects.get(recipient=demo, day=REMINDER_DAY)
    assert row.language == "zh-hans"
    message = delivery.build_message(row)
    html = message.alternatives[0][0]
    assert any(item.title_zh_hans in message.body for item in Recommendation.objects.all())
    assert [title for title in english_titles() if title in message.body or title in html] == []


def test_the_chinese_pdf_report_reads_in_chinese(demo):
    output = io.BytesIO()
    write(build_report(Meeting.objects.get(number=16), language="zh-hans"), "pdf", output)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(output.getvalue())).pages)
    flat = " ".join(text.split())
    assert "持续优化营商环境" in flat
    assert [title for title in english_titles() if title in flat] == []
