"""The paper import screens: upload, review (edit, drop, merge, split, add), confirm once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.drafts import apply_edits
from imports.models import PaperImport
from meetings.models import Paper
from recommendations.models import Recommendation
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.storage]

PAPER = """Suggestions on 5G+ Manufacturing in Chongqing

Chris Houghton

Our proposals

1. Build a 5G innovation demonstration park in Chongqing for the manufacturers of the region.

2. Establish a 5G smart manufacturing fund together with private capital to finance factories.

(1) The fund should finance the 5G transformation of enterprises in the park.

3. The government should open its data platforms to manufacturers. It should also train engineers.
"""


@pytest.fixture
def secretariat(client):
    client.force_login(factories.SecretariatUserFactory())
    return client


@pytest.fixture
def meeting(db):
    return factories.MeetingFactory(number=18, year=2023)


def upload(client, meeting, name="paper.txt", content=None):
    content = PAPER.encode() if content is None else content
    return client.post(
        reverse("paper_import_new"), {"meeting": meeting.pk, "document": SimpleUploadedFile(name, content)}
    )


def management(count, total=None):
    return {
        "candidates-TOTAL_FORMS": str(total if total is not None else count),
        "candidates-INITIAL_FORMS": str(count),
        "candidates-MIN_NUM_FORMS": "0",
        "candidates-MAX_NUM_FORMS": "1000",
    }


def posted_rows(draft, changes=None):
    """The review form as the browser would post it, with `changes` {index: {field: value}}."""
    data = {"title": "Suggestions on 5G+ Manufacturing", "authors": "Chris Houghton", "language": "en"}
    data.update(management(len(draft.candidates)))
    for index, candidate in enumerate(draft.candidates):
        row = {
            "key": candidate["key"],
            "keep": "on",
            "order": index + 1,
            "number": candidate["number"],
            "title": candidate["title"],
            "text": candidate["text"],
            "parent": candidate["parent"],
        }
        row.update((changes or {}).get(index, {}))
        for field, value in row.items():
            if value is not None and value is not False:
                data[f"candidates-{index}-{field}"] = value
    return data


def test_upload_proposes_candidates_and_nothing_is_created_before_confirm(secretariat, meeting):
    response = upload(secretariat, meeting)
    draft = PaperImport.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    assert draft.status == "review"
    assert [c["number"] for c in draft.candidates] == ["1.", "2.", "(1)", "3."]
    assert draft.candidates[2]["parent"] == "2."
    assert draft.proposed["authors"] == "Chris Houghton"
    page = secretariat.get(draft.get_absolute_url()).content.decode()
    assert "Build a 5G innovation demonstration park" in page
    assert not Paper.objects.exists()


def test_review_edit_drop_split_then_confirm_once(secretariat, meeting):
    upload(secretariat, meeting)
    draft = PaperImport.objects.get()
    data = posted_rows(
        draft,
        {
            0: {"title": "Build a 5G demonstration park"},
            2: {"keep": False},
            3: {"split_at": "It should also train engineers."},
        },
    )
    data["confirm"] = "1"
    response = secretariat.post(draft.get_absolute_url(), data)
    paper = Paper.objects.get()
    assert response["Location"] == reverse("paper_detail", args=[18, paper.position])
    assert (paper.title_en, paper.authors, paper.document.name) == (
        "Suggestions on 5G+ Manufacturing",
        "Chris Houghton",
        draft.document.name,
    )
    titles = list(Recommendation.objects.filter(paper=paper).order_by("order").values_list("title_en", flat=True))
    assert titles == [
        "Build a 5G demonstration park",
        "Establish a 5G smart manufacturing fund together with private capital to finance factories",
        "The government should open its data platforms to manufacturers",
        "It should also train engineers",
    ]
    first = Recommendation.objects.get(paper=paper, order=1)
    assert first.reference == f"18-{paper.position:02d}-01"
    # Written in the paper's language, with no translation yet.
    assert (first.source_language, first.translation, first.title_zh_hans) == ("en", "", None)
    # A second confirm (a double click, a resubmitted form) creates nothing more.
    secretariat.post(draft.get_absolute_url(), data)
    assert Paper.objects.count() == 1 and Recommendation.objects.count() == 4
    # What the extractor proposed and what was confirmed stay with the import: the scorer
    # learns from them (train_extractor): the dropped (1) is no label, the split-off row is one.
    draft.refresh_from_db()
    assert [row["number"] for row in draft.proposed["extracted"]] == ["1.", "2.", "(1)", "3."]
    confirmed = draft.proposed["confirmed"]
    assert [label["number"] for label in confirmed] == ["1.", "2.", "3.", None]
    assert confirmed[3]["heading"] == "It should also train engineers."
    assert confirmed[0]["line_start"] == draft.proposed["extracted"][0]["line"]


def test_draft_can_be_saved_and_resumed_with_an_added_recommendation(secretariat, meeting):
    upload(secretariat, meeting)
    draft = PaperImport.objects.get()
    data = posted_rows(draft, {1: {"merge": "on"}})
    data["add"] = "1"
    secretariat.post(draft.get_absolute_url(), data)
    draft.refresh_from_db()
    assert len(draft.candidates) == 4  # 4 - 1 merged + 1 added
    assert draft.candidates[0]["text"].endswith("to finance factories.")
    assert draft.candidates[-1]["title"] == ""
    page = secretariat.get(reverse("paper_import_new")).content.decode()
    assert draft.get_absolute_url() in page  # listed to resume
    assert not Paper.objects.exists()


def test_confirm_refuses_an_added_row_without_title(secretariat, meeting):
    upload(secretariat, meeting)
    draft = PaperImport.objects.get()
    data = posted_rows(draft)
    data["add"] = "1"
    secretariat.post(draft.get_absolute_url(), data)
    draft.refresh_from_db()
    data = posted_rows(draft, {len(draft.candidates) - 1: {"title": "", "text": ""}})
    data["confirm"] = "1"
    response = secretariat.post(draft.get_absolute_url(), data)
    assert response.status_code == 200  # the form shows the missing title
    assert not Paper.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("paper.pdf", b"MZ\x90\x00 a program renamed", "not a real PDF file"),
        ("paper.exe", b"MZ", "Files of this type are not accepted"),
    ],
)
def test_bad_files_get_a_message_and_create_nothing(secretariat, meeting, name, content, message):
    response = upload(secretariat, meeting, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PaperImport.objects.exists()


def test_oversized_upload_is_refused(secretariat, meeting, settings):
    settings.MAX_UPLOAD_SIZE = 100
    response = upload(secretariat, meeting)
    assert "the largest accepted is" in response.content.decode()
    assert not PaperImport.objects.exists()


def test_large_paper_is_read_by_a_task(secretariat, meeting, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_READ_AT_ONCE_BYTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        upload(secretariat, meeting)
    draft = PaperImport.objects.get()
    assert draft.status == "review" and len(draft.candidates) == 4


def test_only_the_secretariat_imports(client, meeting):
    client.force_login(factories.OfficerFactory().user)
    assert client.get(reverse("paper_import_new")).status_code == 403


def test_apply_edits_orders_and_merges():
    rows = [
        {"key": 1, "order": 2, "keep": True, "number": "1.", "title": "A", "text": "a", "parent": "", "topics": []},
        {"key": 2, "order": 1, "keep": True, "number": "2.", "title": "B", "text": "b", "parent": "", "topics": [3]},
        {"key": 3, "order": 3, "merge": True, "number": "", "title": "C", "text": "c", "parent": "", "topics": [4]},
    ]
    result = apply_edits(rows)
    assert [row["title"] for row in result] == ["B", "A"]
    assert result[1]["text"] == "a c" and result[1]["topics"] == [4]


def test_the_company_in_the_running_header_is_proposed(secretariat, meeting):
    ericsson = factories.CompanyFactory(slug="ericsson", name_en="Ericsson")
    paper = PAPER.replace("Our proposals", "Our proposals\n\nERICSSON\n\n - 12 -")
    upload(secretariat, meeting, content=paper.encode())
    draft = PaperImport.objects.get()
    page = secretariat.get(draft.get_absolute_url()).content.decode()
    assert f'<option value="{ericsson.pk}" selected>' in page


def test_a_company_the_paper_names_that_is_no_member_is_shown_to_the_reviewer(secretariat, meeting):
    content = (
        "关于粤港合作的建议\n提案人：陈大文\n单位：香港某某贸易有限公司\n"
        "特区政府应尽快制订以下配套政策：\n（一）加快港珠澳大桥本港部分的建设；\n"
    )
    upload(secretariat, meeting, content=content.encode())
    draft = PaperImport.objects.get()
    assert (draft.proposed["title"], draft.proposed["authors"]) == ("关于粤港合作的建议", "陈大文")
    page = secretariat.get(draft.get_absolute_url()).content.decode()
    assert "The paper names “香港某某贸易有限公司”, which is no member company" in page
    # The paper's own words are text, never markup.
    upload(secretariat, meeting, content=b"Title\nCompany: <b>Evil</b> Ltd\n")
    page = secretariat.get(PaperImport.objects.order_by("-created_at").first().get_absolute_url()).content.decode()
    assert "&lt;b&gt;Evil&lt;/b&gt; Ltd" in page and "<b>Evil</b>" not in page
