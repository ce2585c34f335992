"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Screenshots of each main screen go to test-results/screenshots/ (kept by CI, not committed).
"""

import datetime
import os
from pathlib import Path

import pytest

from recommendations.models import ResponseState, Visibility
from tests import factories

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make test` (it installs it) or set CHROMIUM_PATH.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


# The department, companies and items the journeys work on (test_journeys.py, test_annual_cycle.py).
PUBLISHED_AT = datetime.datetime(2021, 12, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def people(db):
    department = factories.DepartmentFactory(
        slug="econ", name_en="Economy and IT Commission", name_zh_hans="市经济信息委"
    )
    other_department = factories.DepartmentFactory(slug="commerce")
    corning = factories.CompanyFactory(slug="corning", name_en="Corning", name_zh_hans="康宁")
    ericsson = factories.CompanyFactory(slug="ericsson", name_en="Ericsson", name_zh_hans="爱立信")
    meeting = factories.MeetingFactory(number=16)
    paper = factories.PaperFactory(meeting=meeting, company=corning, position=1, title_en="Good tale of two cities")
    other_paper = factories.PaperFactory(meeting=meeting, company=ericsson, position=11)
    accepted = factories.RecommendationFactory(
        paper=paper, lead_department=department, title_en="Build a display industry cluster"
    )
    factories.ResponseFactory(
        recommendation=accepted,
        department=department,
        state=ResponseState.PUBLISHED,
        published_at=PUBLISHED_AT,
        text_en="Accepted: a cluster plan is being drawn up.",
    )
    factories.ProgressUpdateFactory(
        recommendation=accepted,
        date=datetime.date(2022, 3, 1),
        note_en="Internal: budget talks with the finance bureau.",
        visibility=Visibility.INTERNAL,
    )
    awaiting = factories.RecommendationFactory(
        paper=paper, lead_department=department, title_en="Open a multimodal logistics hub"
    )
    factories.ResponseFactory(
        recommendation=awaiting,
        department=department,
        state=ResponseState.AWAITING_SIGNOFF,
        text_en="Accepted: the port office will lead the hub.",
    )
    foreign = factories.RecommendationFactory(paper=other_paper, lead_department=other_department)
    return {
        "officer": factories.OfficerFactory(department=department, user__username="officer-econ").user,
        "head": factories.OfficerFactory(department=department, is_head=True, user__username="head-econ").user,
        "liaison": factories.LiaisonFactory(company=corning, user__username="liaison-corning").user,
        "department": department,
        "accepted": accepted,
        "awaiting": awaiting,
        "foreign": foreign,
    }
