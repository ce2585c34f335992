"""The work screens as people use them, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Feedback, ProgressUpdate, ResponseState, Visibility
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_officer_head_and_liaison_work_a_recommendation_through(page, live_server, people, screenshot, tmp_path):
    accepted, awaiting = people["accepted"], people["awaiting"]

    # The officer filters the list to the department's overdue items and opens one.
    log_in(page, live_server, "officer-econ")
    expect(page.get_by_role("heading", name=re.compile("My department"))).to_be_visible()
    screenshot(page, "01-officer-workspace")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Recommendations").click()
    page.get_by_label("Lead department").select_option(label=str(people["department"]))
    page.get_by_label("Overdue").select_option("any")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("2 recommendations")).to_be_visible()
    assert "overdue=any" in page.url and f"department={people['department'].pk}" in page.url
    screenshot(page, "02-filtered-list")
    page.get_by_role("link", name=accepted.title_en).click()
    expect(page.get_by_role("heading", name=accepted.title_en)).to_be_visible()

    # ... and logs a shared progress update with an evidence PDF.
    evidence = tmp_path / "cluster-plan.pdf"
    evidence.write_bytes(PDF_BYTES)
    form = page.locator("form", has=page.get_by_role("button", name="Log progress"))
    form.get_by_label("Status after this update").select_option("partially_implemented")
    form.get_by_label("Progress after this update (%)").fill("55")
    form.get_by_label("Note (English)").fill("Shared: the cluster plan was approved by the city.")
    form.get_by_label("Evidence file").set_input_files(str(evidence))
    form.get_by_label("Shared with the company").check()
    form.get_by_role("button", name="Log progress").click()
    expect(page.get_by_text("Progress logged.")).to_be_visible()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Shared: the cluster plan was approved by the city.")
    expect(timeline.get_by_role("link", name="Evidence file")).to_be_visible()
    screenshot(page, "03-recommendation-page-officer")
    update = ProgressUpdate.objects.get(recommendation=accepted, visibility=Visibility.SHARED)
    assert update.evidence.name.endswith(".pdf") and update.progress == 55
    log_out(page)

    # The head publishes the response waiting for sign-off.
    log_in(page, live_server, "head-econ")
    expect(page.get_by_role("heading", name="Waiting for your sign-off")).to_be_visible()
    screenshot(page, "04-head-workspace")
    page.locator(".card").get_by_role("link", name=re.compile(awaiting.title_en)).click()
    page.get_by_label("Publish the response").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Response published.")).to_be_visible()
    awaiting.response.refresh_from_db()
    assert awaiting.response.state == ResponseState.PUBLISHED
    assert awaiting.response.signed_off_by == people["head"]
    log_out(page)

    # The company's liaison sees the published response and the shared update, not the internal one.
    log_in(page, live_server, "liaison-corning")
    expect(page.get_by_role("heading", name="Corning")).to_be_visible()
    screenshot(page, "05-company-portal")
    page.get_by_role("link", name=accepted.title_en).first.click()
    expect(page.get_by_text("Accepted: a cluster plan is being drawn up.")).to_be_visible()
    expect(page.get_by_text("Shared: the cluster plan was approved by the city.")).to_be_visible()
    expect(page.get_by_text("Internal: budget talks with the finance bureau.")).to_have_count(0)
    expect(page.get_by_text("Change history")).to_have_count(0)

    # ... rates it and asks for clarification.
    page.get_by_role("group", name=re.compile("satisfied are you with the answer")).get_by_label("3").check()
    page.get_by_label("Comment").fill("Which districts does the plan cover?")
    page.get_by_label("I would like the department to clarify its answer").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("your feedback reached the department")).to_be_visible()
    expect(page.get_by_text("Clarification requested")).to_be_visible()
    screenshot(page, "06-recommendation-page-liaison")
    feedback = Feedback.objects.get()
    assert (feedback.answer_satisfaction, feedback.requests_clarification) == (3, True)

    # Another company's recommendation is not there for this liaison.
    response = page.goto(f"{live_server.url}{people['foreign'].get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    screenshot(page, "07-other-company-404")

    # Switching to Chinese shows the page in Chinese.
    page.goto(f"{live_server.url}{accepted.get_absolute_url()}")
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="政府答复")).to_be_visible()
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="本企业")).to_be_visible()
    screenshot(page, "08-recommendation-page-zh")


def test_secretariat_overview_and_list(page, live_server, people, screenshot):
    factories.SecretariatUserFactory(username="secretariat-demo")
    log_in(page, live_server, "secretariat-demo")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    screenshot(page, "09-secretariat-overview")
    page.get_by_role("link", name=re.compile("Awaiting response")).click()
    expect(page.get_by_text("2 recommendations", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/recommendations/?progress_min=500")
    expect(page.get_by_text("Some filters are not valid")).to_be_visible()
    screenshot(page, "10-list-bad-filter")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Annual report").click()
    expect(page.get_by_role("heading", name=re.compile("what became of the recommendations"))).to_be_visible()
    expect(page.get_by_role("img", name="Government responses by stance")).to_be_visible()
    screenshot(page, "11-annual-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename == "cmieac-meeting-16-en.xlsx"


def test_department_performance_opens_the_lists_behind_its_figures(page, live_server, people, screenshot):
    factories.SecretariatUserFactory(username="secretariat-demo")
    log_in(page, live_server, "secretariat-demo")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Department performance").click()
    expect(page.get_by_role("heading", name="Department performance")).to_be_visible()
    expect(page.get_by_role("img", name="Answered by the deadline, per department (%)")).to_be_visible()
    screenshot(page, "14-department-performance")
    row = page.locator("tbody tr", has_text=people["department"].short_name_en)
    received = row.locator('[data-figure="received"]')
    expect(received).to_have_text("2")
    received.click()
    expect(page.get_by_text("2 recommendations", exact=True)).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Received (lead)").click()  # sorts by it
    expect(page.get_by_role("columnheader", name=re.compile("Received"))).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("combobox", name="Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", name="单位办理绩效")).to_be_visible()
    screenshot(page, "15-department-performance-zh")


def test_an_officer_updates_in_excel_through_the_preview(page, live_server, people, screenshot, tmp_path):
    from openpyxl import load_workbook

    log_in(page, live_server, "officer-econ")
    page.get_by_role("link", name="Update in Excel").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the workbook (Excel)").first.click()
    path = tmp_path / "workbook.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == people["accepted"].reference:
            row[6].value, row[7].value, row[8].value = "In progress", 130, "Pilot started."
    book.save(path)
    page.get_by_label("Filled workbook (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_text("Progress is a whole percentage from 0 to 100")).to_be_visible()
    expect(page.get_by_role("button", name="Apply these changes")).to_have_count(0)
    screenshot(page, "16-workbook-errors")
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == people["accepted"].reference:
            row[7].value = 40
    book.save(path)
    page.get_by_role("link", name="Upload another workbook").click()
    page.get_by_label("Filled workbook (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_text("1 row will change.")).to_be_visible()
    screenshot(page, "17-workbook-preview")
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.get_by_text("1 row applied.")).to_be_visible()
    people["accepted"].refresh_from_db()
    assert people["accepted"].progress == 40


IMPORTED_PAPER = """Suggestions on 5G+ Manufacturing in Chongqing

Chris Houghton

Our proposals

1. Build a 5G innovation demonstration park in Chongqing for the manufacturers of the region.

2. Establish a 5G smart manufacturing fund together with private capital to finance factories.

3. The government should open its data platforms to manufacturers and train engineers.
"""


def test_secretariat_imports_a_paper(page, live_server, screenshot, tmp_path):
    factories.SecretariatUserFactory(username="secretariat-import")
    factories.MeetingFactory(number=18, year=2023)
    paper_file = tmp_path / "ericsson-2023.txt"
    paper_file.write_text(IMPORTED_PAPER, encoding="utf-8")
    log_in(page, live_server, "secretariat-import")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import a paper").click()
    page.get_by_label("Meeting").select_option(label="Annual meeting 18 (2023)")
    page.get_by_label("Document").set_input_files(str(paper_file))
    page.get_by_role("button", name="Read the paper").click()
    expect(page.get_by_role("heading", name="Review the recommendations")).to_be_visible()
    screenshot(page, "12-import-review")
    first = page.get_by_role("region", name="Proposed recommendation 1")
    first.get_by_label("Title, in the paper's language").fill("Build a 5G demonstration park")
    page.get_by_role("region", name="Proposed recommendation 2").get_by_label("Keep").uncheck()
    page.get_by_role("button", name="Confirm and create the paper").click()
    expect(page.get_by_text("The paper and its 2 recommendations were created.")).to_be_visible()
    expect(page.get_by_role("link", name="Build a 5G demonstration park")).to_be_visible()
    expect(page.get_by_text("Establish a 5G smart manufacturing fund")).to_have_count(0)
    screenshot(page, "13-imported-paper")


def test_a_returned_item_is_reassigned_from_the_overview(page, live_server, people, screenshot):
    transport = factories.DepartmentFactory(
        slug="transport", name_en="Transport Bureau", short_name_en="Transport Bureau", short_name_zh_hans="市交通局"
    )
    factories.OfficerFactory(department=transport, user__username="officer-transport")
    factories.SecretariatUserFactory(username="secretariat-assign")
    accepted = people["awaiting"]
    # The department gives the item back with its reason.
    log_in(page, live_server, "officer-econ")
    page.goto(f"{live_server.url}{accepted.get_absolute_url()}")
    page.get_by_label("Why does this recommendation not belong to your department?").fill(
        "The port and logistics office leads this."
    )
    page.get_by_role("button", name="Return to the secretariat").click()
    expect(page.get_by_text("The recommendation went back to the secretariat.")).to_be_visible()
    log_out(page)
    # The secretariat sees it in the returned queue, with the reason, and reassigns it in one step.
    log_in(page, live_server, "secretariat-assign")
    queue = page.locator("section", has=page.get_by_role("heading", name="Returned to the secretariat"))
    expect(queue.get_by_text("The port and logistics office leads this.")).to_be_visible()
    screenshot(page, "13-returned-queue")
    queue.get_by_label("Lead department").select_option(label="Transport Bureau")
    queue.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned to Transport Bureau.")).to_be_visible()
    log_out(page)
    # The new department's officer finds it in the workspace.
    log_in(page, live_server, "officer-transport")
    expect(page.get_by_role("link", name=re.compile(accepted.reference))).to_be_visible()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_work_screen_fits_a_phone(browser, live_server, people, screenshot, language):
    """At 390 px nothing is wider than the screen: list rows are stacked cards, forms full width."""
    factories.SecretariatUserFactory(username="secretariat-phone")
    # A sub-point: its card is indented, and must still fit.
    factories.RecommendationFactory(
        paper=people["accepted"].paper, parent=people["accepted"], lead_department=people["department"]
    )
    # Not is_mobile: a mobile viewport widens itself to the content and would hide an overflow.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    screens = {
        "secretariat-phone": ["/recommendations/", people["accepted"].get_absolute_url(), "/", "/reports/departments/"],
        "officer-econ": [
            "/workspace/",
            people["accepted"].get_absolute_url(),
            "/accounts/notifications/",
            "/imports/workbook/",
        ],
        "head-econ": ["/workspace/", "/sign-off/"],
        "liaison-corning": ["/portal/", people["accepted"].get_absolute_url(), "/recommendations/"],
    }
    try:
        for username, paths in screens.items():
            page.goto(f"{live_server.url}/accounts/login/")
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill(factories.PASSWORD)
            page.locator("main button[type=submit]").click()
            page.wait_for_load_state()
            for path in paths:
                page.goto(f"{live_server.url}{path}")
                widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                assert widths[0] <= widths[1] == 390, f"{path} as {username} ({language}) is {widths[0]} px wide"
            name = f"phone-{language}-{username}"
            screenshot(page, name)
            page.context.clear_cookies()
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    finally:
        context.close()
