"""The reply letter (答复函, issue 17): every published answer of the company's paper in that
meeting, in its language, read back from the Word and PDF files; nothing of another company,
no draft, no progress update."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader

from letters import content, issue
from letters.models import ReplyLetter
from recommendations.choices import ResponseState, Stance, Visibility
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


@pytest.fixture
def papers():
    meeting = factories.MeetingFactory(number=16)
    department = factories.DepartmentFactory()
    acme, other = (
        factories.CompanyFactory(slug="acme", name_en="Acme", name_zh_hans="艾克美"),
        factories.CompanyFactory(slug="other"),
    )
    paper = factories.PaperFactory(meeting=meeting, company=acme)

    def rec(title_en, title_zh, **response):
        item = factories.RecommendationFactory(
            paper=response.pop("paper", paper), title_en=title_en, title_zh_hans=title_zh, lead_department=department
        )
        if response:
            factories.ResponseFactory(recommendation=item, department=department, **response)
        return item

    published = rec(
        "Open a testing centre",
        "建设检测中心",
        stance=Stance.ACCEPTED,
        state=ResponseState.PUBLISHED,
        text_en="The city will open it in 2022.",
        text_zh_hans="我市将于2022年建成。",
        planned_measures_en="Site chosen.",
        planned_measures_zh_hans="已选址。",
        target_date=datetime.date(2022, 12, 31),
    )
    english_only = rec(
        "Cut customs time",
        "",
        stance=Stance.PARTIALLY_ACCEPTED,
        state=ResponseState.PUBLISHED,
        text_en="Partly: the port is studying it.",
    )
    draft = rec("Lower power prices", "降低电价", stance=Stance.NOT_ADOPTED, text_en="DRAFT SECRET TEXT")
    factories.ProgressUpdateFactory(recommendation=published, note_en="INTERNAL NOTE", visibility=Visibility.INTERNAL)
    foreign = rec(
        "Other company ask",
        "他司建议",
        paper=factories.PaperFactory(meeting=meeting, company=other),
        stance=Stance.ACCEPTED,
        state=ResponseState.PUBLISHED,
        text_en="OTHER COMPANY ANSWER",
    )
    return meeting, acme, {"published": published, "english_only": english_only, "draft": draft, "foreign": foreign}


def docx_text(data):
    import io

    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data):
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


READERS = {"docx": docx_text, "pdf": pdf_text}


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_english_letter_holds_every_published_answer_and_nothing_else(papers, file_format):
    meeting, acme, items = papers
    letter, data = issue.render(acme, meeting, "en", file_format)
    text = READERS[file_format](data)
    for expected in ["Dear Acme,", items["published"].reference, "Open a testing centre", "Accepted"]:
        assert expected in text
    assert "The city will open it in 2022." in text and "Site chosen." in text and "2022-12-31" in text
    assert "Partly: the port is studying it." in text
    assert items["draft"].reference in text and "still being prepared" in text
    for secret in ["DRAFT SECRET TEXT", "INTERNAL NOTE", "OTHER COMPANY ANSWER", items["foreign"].reference]:
        assert secret not in text
    assert letter.complete is False


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_chinese_letter_reads_in_chinese_and_marks_english_only_text(papers, file_format):
    meeting, acme, _items = papers
    _letter, data = issue.render(acme, meeting, "zh-hans", file_format)
    text = READERS[file_format](data).replace(" ", "")
    assert "艾克美" in text and "建设检测中心" in text and "我市将于2022年建成。" in text and "已选址。" in text
    assert "采纳" in text and "重庆市人民政府" in text
    # The English-only answer is given in English, marked.
    assert "Partly:theportisstudyingit." in text and "仅有英文" in text
    assert "DRAFTSECRETTEXT" not in text and "OTHERCOMPANYANSWER" not in text


def test_both_languages_in_one_letter(papers):
    meeting, acme, _items = papers
    letter, data = issue.render(acme, meeting, content.BOTH, "docx")
    text = docx_text(data)
    assert [section.language for section in letter.sections] == ["zh-hans", "en"]
    assert "我市将于2022年建成。" in text and "The city will open it in 2022." in text


def test_issuing_archives_a_dated_file_and_reissuing_adds_another(papers):
    meeting, acme, items = papers
    first = issue.issue(acme, meeting, "en", "pdf")
    assert first.file.name.endswith(".pdf") and first.issued_on and not first.complete
    response = items["draft"].response
    response.state = ResponseState.PUBLISHED
    response.save()
    second = issue.issue(acme, meeting, "en", "pdf")
    assert second.complete and ReplyLetter.objects.filter(company=acme).count() == 2
    with second.file.open("rb") as stored:
        assert "DRAFT SECRET TEXT" in pdf_text(stored.read())  # now published, so now in the letter


def test_the_command_writes_the_file(papers, tmp_path):
    output = tmp_path / "letter.docx"
    call_command("reply_letter", "acme", "--meeting", "16", "--format", "docx", "--output", str(output))
    assert "Open a testing centre" in docx_text(output.read_bytes())


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody", "--meeting", "16"], "No company"),
        (["acme", "--meeting", "99"], "no annual meeting 99"),
        (["acme", "--meeting", "15"], "has no paper in annual meeting 15"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(papers, tmp_path, args, message):
    factories.MeetingFactory(number=15)
    output = tmp_path / "letter.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("reply_letter", *args, "--format", "pdf", "--output", str(output))
    assert not output.exists() and not ReplyLetter.objects.exists()


def test_on_the_site_the_secretariat_issues_and_the_liaison_downloads_only_complete_letters(client, papers):
    from django.urls import reverse

    from accounts import once

    _meeting, acme, items = papers
    secretariat = factories.SecretariatUserFactory()
    liaison = factories.LiaisonFactory(company=acme).user
    other_liaison = factories.LiaisonFactory(company=items["foreign"].paper.company).user
    officer = factories.OfficerFactory().user
    client.force_login(secretariat)
    page = client.get(reverse("letters:company", args=["acme"]))
    assert page.status_code == 200 and "2 of 3 answers published" in page.content.decode()
    data = {"meeting": "16", "language": "en", "file_format": "pdf"}
    issued = client.post(reverse("letters:issue", args=["acme"]), {**data, once.FIELD: once.new_token()})
    assert issued.status_code == 302
    incomplete = ReplyLetter.objects.get()
    assert not incomplete.complete
    # Not issued for a meeting without a paper of the company: the form says so.
    factories.MeetingFactory(number=15)
    refused = client.post(
        reverse("letters:issue", args=["acme"]), {**data, "meeting": "15", once.FIELD: once.new_token()}
    )
    assert refused.status_code == 200 and "meeting" in refused.context["form"].errors
    assert ReplyLetter.objects.count() == 1

    client.force_login(liaison)
    assert client.get(reverse("letters:download", args=[incomplete.pk])).status_code == 404
    assert (
        client.post(reverse("letters:issue", args=["acme"]), {**data, once.FIELD: once.new_token()}).status_code == 403
    )
    response = items["draft"].response
    response.state = ResponseState.PUBLISHED
    response.save()
    client.force_login(secretariat)
    client.post(reverse("letters:issue", args=["acme"]), {**data, once.FIELD: once.new_token()})
    complete = ReplyLetter.objects.get(complete=True)

    client.force_login(liaison)
    page = client.get(reverse("letters:company", args=["acme"])).content.decode()
    assert reverse("letters:download", args=[complete.pk]) in page
    assert reverse("letters:download", args=[incomplete.pk]) not in page
    download = client.get(reverse("letters:download", args=[complete.pk]))
    assert download.status_code == 200 and "Open a testing centre" in pdf_text(b"".join(download.streaming_content))
    client.force_login(other_liaison)
    assert client.get(reverse("letters:download", args=[complete.pk])).status_code == 404
    assert client.get(reverse("letters:company", args=["acme"])).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("letters:download", args=[incomplete.pk])).status_code == 200
    assert (
        client.post(reverse("letters:issue", args=["acme"]), {**data, once.FIELD: once.new_token()}).status_code == 403
    )
