"""The paper importer's reading and extraction core (issue 6 is not finished: no review screen
yet, and the extractor is below its quality bar; see evaluate_extractor)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from imports.reading import evaluate
from imports.reading.extract import extract, extract_file
from imports.reading.text import UnreadableFile, lines_from_file, lines_from_text, paragraphs

CHINESE_PAPER = """关于推动成渝地区双城经济圈建设的几点建议

一、加快建设现代产业体系

（一）建议重庆市政府设立联合产业基金，支持电子信息产业链协同发展。

（二）推动两地互认企业资质，减少重复审批。

二、持续优化营商环境

（一）建议建立外资企业服务专员制度，及时回应企业诉求。
"""

SEED_LIKE = """ This paper looks at the economy of the region and what it has achieved so far in the

last ten years of rapid growth, and then it turns to what the city could do next year.

Recommendations

1. Establish a joint industrial fund for the two cities to finance the upstream supply chain of

display glass, so that duplicated investment is avoided.

2. The government should simplify customs procedures for bonded materials and open a

green lane for exporters.

COMPANY

 - 12 -
 3. Our company has invested in Chongqing since 2010.
"""


def write_text(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_paragraphs_survive_double_spacing_headers_and_page_numbers():
    lines = lines_from_text(SEED_LIKE)
    texts = [paragraph.text for paragraph in paragraphs(lines)]
    first = next(text for text in texts if text.startswith("1. "))
    assert first.endswith("upstream supply chain of display glass, so that duplicated investment is avoided.")
    assert not any("- 12 -" in text or text == "COMPANY" for text in texts)
    assert lines[-1].page == 2  # the line opening with one space after a non-blank line


def test_numbered_asks_are_found_and_the_companys_own_news_is_not():
    candidates = extract(lines_from_text(SEED_LIKE))
    numbers = [candidate.number for candidate in candidates]
    assert numbers[:2] == ["1.", "2."]
    assert "3." not in numbers
    first = candidates[0]
    assert first.title.startswith("Establish a joint industrial fund for the two cities")
    assert first.title.endswith("so that duplicated investment is avoided")
    assert first.line == 7 and first.confidence >= 0.5  # the scorer's probability


def test_chinese_paper_with_nested_numbering():
    candidates = extract(lines_from_text(CHINESE_PAPER))
    assert [candidate.number for candidate in candidates] == ["一、", "（一）", "（二）", "二、", "（一）"]
    assert [candidate.parent for candidate in candidates] == [None, "一、", "一、", None, "二、"]
    assert "联合产业基金" in candidates[1].text
    assert candidates[0].title == "加快建设现代产业体系"


def test_docx_with_word_numbering(tmp_path):
    document = Document()
    document.add_heading("Suggestions to the municipal government", level=1)
    document.add_paragraph("Build a 5G experience sharing platform for manufacturers.", style="List Number")
    document.add_paragraph("Encourage factories to connect their equipment to the cloud.", style="List Number")
    path = tmp_path / "paper.docx"
    document.save(path)
    candidates = extract_file(path)
    assert [c.number for c in candidates] == ["1.", "2."]
    assert candidates[1].title.startswith("Encourage factories")


def test_pdf_rendered_from_a_seed_paper(tmp_path):
    text = (
        "<h1>Suggestions</h1>"
        "<p>Suggestion 1: Build a 5G innovation demonstration park in Chongqing for manufacturers.</p>"
        "<p>Suggestion 2: Establish a 5G smart manufacturing industry fund with private capital.</p>"
    )
    path = tmp_path / "paper.pdf"
    HTML(string=text).write_pdf(path)
    candidates = extract_file(path)
    assert [c.number for c in candidates] == ["Suggestion 1:", "Suggestion 2:"]
    assert candidates[0].page == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("renamed.pdf", b"MZ\x90\x00 a program, not a PDF", "not a readable PDF"),
        ("renamed.docx", b"PK\x03\x04 not a zip", "not a readable Word document"),
        ("latin1.txt", "Caf\xe9".encode("latin-1"), "not UTF-8"),
        ("paper.odt", b"anything", "Only PDF, Word"),
    ],
)
def test_files_that_are_not_what_they_claim_get_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        lines_from_file(path)


def test_empty_and_encrypted_pdfs_are_refused(tmp_path):
    empty = tmp_path / "empty.pdf"
    HTML(string="<p></p>").write_pdf(empty)
    with pytest.raises(UnreadableFile, match="has no text"):
        lines_from_file(empty)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(HTML(string="<p>Secret</p>").write_pdf())))
    writer.encrypt("password")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableFile, match="encrypted"):
        lines_from_file(locked)


def test_extract_recommendations_command_prints_json(tmp_path, capsys):
    path = write_text(tmp_path, "paper.txt", SEED_LIKE)
    call_command("extract_recommendations", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert [item["number"] for item in data[:2]] == ["1.", "2."]
    assert set(data[0]) == {"number", "title", "text", "parent", "page", "line", "confidence"}


def test_extract_recommendations_command_refuses_bad_files(tmp_path, settings):
    with pytest.raises(CommandError, match="not a readable PDF"):
        call_command("extract_recommendations", str(write_text(tmp_path, "x.pdf", "plain text")))
    settings.MAX_UPLOAD_SIZE = 10
    with pytest.raises(CommandError, match="larger than"):
        call_command("extract_recommendations", str(write_text(tmp_path, "big.txt", "x" * 100)))


def test_evaluation_command_prints_leave_one_out_per_paper_and_the_totals(capsys):
    call_command("evaluate_extractor", "--rules")
    out = capsys.readouterr().out
    held_out, rules = out.split("The rules alone")
    rows = {row.split("  ")[0].strip(): row.split() for row in held_out.strip().splitlines()[2:]}
    assert len(rows) == 34 + 3  # every paper, the two sets, overall
    overall, book = rows["overall"], rows["all 'book' papers"]
    assert int(overall[1]) == 238 and int(book[3]) == 170
    # The quality bar of the importer (issue 18), measured on papers the model did not see:
    # overall recall >= 0.85 and precision >= 0.75, the 19 book papers no worse than the rules
    # of before this issue (recall 0.88, precision 0.82 under the same one-to-one matching).
    assert float(overall[-2]) >= 0.85 and float(overall[-1]) >= 0.75, overall
    assert float(book[-2]) >= 0.88 and float(book[-1]) >= 0.82, book
    assert "overall" in rules


def test_matching_rule():
    label = {"heading": "(1) Optimize the regional layout", "line_start": 10, "line_end": 20}

    def candidate(line, last_line, text):
        return type("Candidate", (), {"line": line, "last_line": last_line, "excerpt": text})()

    assert evaluate.matches(candidate(18, 25, "Anything"), label)  # the lines overlap
    assert evaluate.matches(candidate(40, 45, "(1) Optimize the regional layout, said again"), label)  # the heading
    assert not evaluate.matches(candidate(30, 35, "Something else entirely"), label)


def test_an_enumeration_inside_a_paragraph_becomes_separate_candidates():
    text = (
        "We believe three areas matter for the city and its people in the coming years of growth. First, promote\n\n"
        "digital skills in every school of the city. Second, train older workers in digital skills in all the\n\n"
        "districts and towns of the region.\n"
    )
    candidates = extract(lines_from_text("Title\n\n" + text))
    assert [candidate.number for candidate in candidates] == ["First", "Second"]
    assert candidates[0].title == "Promote digital skills in every school of the city"
    assert (candidates[0].line, candidates[1].line) == (3, 5)
