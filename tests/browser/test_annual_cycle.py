"""The annual cycle in a real browser (issue 17): the secretariat opens meeting 17 and sees the
16th's open items carried over; the secretariat issues the reply letter and the company's
liaison downloads it."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import Meeting
from recommendations.models import ResponseState
from tests import factories
from tests.browser.test_journeys import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_opens_meeting_17_and_the_liaison_downloads_the_reply_letter(
    page,
    live_server,
    people,
    screenshot,
):
    factories.SecretariatUserFactory(username="secretariat-cycle")
    log_in(page, live_server, "secretariat-cycle")
    page.get_by_role("link", name="Open the next annual meeting").first.click()
    expect(page.get_by_label("Number")).to_have_value("17")
    carried = page.get_by_role("region", name="Carried over from earlier meetings")
    expect(carried).to_contain_text("Build a display industry cluster")
    expect(carried).to_contain_text("Open a multimodal logistics hub")
    screenshot(page, "20-open-meeting")
    page.get_by_label("Date").fill("2022-11-10")
    page.get_by_label("Theme (English)").fill("Inland opening-up")
    page.get_by_label("Theme (Chinese)").fill("内陆开放")
    page.get_by_role("button", name="Open the meeting").click()
    expect(page.get_by_text(re.compile(r"Annual meeting 17 \(2022\) is open\. 3 open recommendations"))).to_be_visible()
    expect(page.get_by_text("Carried over from meeting 16").first).to_be_visible()
    assert Meeting.objects.filter(number=17, theme_zh_hans="内陆开放").exists()
    screenshot(page, "21-carried-over-list")

    # Every answer of Corning's paper published: the secretariat issues the letter.
    response = people["awaiting"].response
    response.state = ResponseState.PUBLISHED
    response.save()
    page.goto(f"{live_server.url}/companies/corning/")
    page.get_by_role("link", name="Reply letters").click()
    page.get_by_label("Letter language").select_option("en")
    page.get_by_label("Format").select_option("pdf")
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.get_by_text("The letter was issued. The company's liaisons can download it.")).to_be_visible()
    log_out(page)

    log_in(page, live_server, "liaison-corning")
    page.get_by_role("link", name="Reply letters").click()
    screenshot(page, "22-reply-letters-liaison")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (PDF)").click()
    with open(download.value.path(), "rb") as letter:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.read())).pages)
    assert "Dear Corning," in text and "Accepted: a cluster plan is being drawn up." in text
    assert "Internal: budget talks" not in text and people["foreign"].reference not in text
