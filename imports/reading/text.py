"""Lines and paragraphs of a paper, whatever file it came in.

A `Line` keeps its page and its line number in the source, so a candidate can say where it
came from. The layout is told first (`layout`):

- "wrapped": a printed book or a PDF, hard-wrapped (most lines fill the width and stop
  mid-sentence), maybe double-spaced: a blank line does not end a paragraph; a numbered
  marker, a heading or a short line that ends a sentence does, and a line never breaks between
  two Chinese characters without a marker.
- "lines": web or Markdown text, where every line is a paragraph or a heading.
- "paragraphs": a Word document, whose paragraphs are its own (with Word's numbering printed).

Items that run together inside one paragraph (bullets, 一、…二、…, 1.…2.…) are then split.
"""

import itertools
import re
from dataclasses import dataclass, field

from ccec.zipcheck import NotAZip, UnsafeArchive, check_zip
from imports.reading.numbering import MARKER, inline_cuts

PAGE_NUMBER = re.compile(r"^\s*-\s*\d+\s*-\s*$")
SENTENCE_END = tuple(".。!?！？;；:：")
DANGLING = {"the", "of", "and", "to", "for", "in", "a", "an", "with", "by", "on", "or", "its", "their"}


@dataclass
class Line:
    number: int  # 1-based line number in the source
    page: int
    text: str
    kind: str = ""  # "docx": a Word paragraph (the layout is the document's own)
    word_list: str = ""  # a paragraph numbered by Word: its list (abstract numbering) and level
    word_level: int = 0


@dataclass
class Paragraph:
    lines: list = field(default_factory=list)
    heading: bool = False
    inline: bool = False  # cut out of a paragraph where items ran together (not its first piece)

    @property
    def text(self):
        return join_lines([line.text for line in self.lines])

    def line_at(self, offset):
        """The source line holding character `offset` of the paragraph's joined text."""
        position = 0
        for line in self.lines:
            position += len(line.text.strip()) + 1
            if offset < position:
                return line
        return self.lines[-1]

    @property
    def first_line(self):
        return self.lines[0].number

    @property
    def last_line(self):
        return self.lines[-1].number

    @property
    def page(self):
        return self.lines[0].page


def join_lines(texts):
    """Join hard-wrapped lines: a trailing hyphen is a real compound (keep it, no space)."""
    text = ""
    for piece in texts:
        piece = piece.strip()
        if not piece:
            continue
        if not text:
            text = piece
        elif text.endswith("-") or is_cjk(text[-1]) or is_cjk(piece[0]):
            text += piece
        else:
            text += " " + piece
    return re.sub(r"\s+", " ", text).strip()


def is_cjk(char):
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def is_running_header(text, next_text):
    stripped = text.strip()
    return (
        bool(stripped)
        and len(stripped) < 40
        and stripped == stripped.upper()
        and any(c.isalpha() for c in stripped)
        and bool(PAGE_NUMBER.match(next_text or ""))
    )


def lines_from_text(raw):
    """Lines of a plain-text paper. A line that starts with exactly one space and follows a
    non-blank line opens a new page (how the printed book came out as text)."""
    lines, page, previous_blank = [], 1, True
    for number, text in enumerate(raw.splitlines(), start=1):
        if text.startswith(" ") and not text.startswith("  ") and not previous_blank and number > 1:
            page += 1
        previous_blank = not text.strip()
        lines.append(Line(number=number, page=page, text=text.rstrip()))
    return lines


def content_lines(lines):
    """Drop blank lines, page numbers and the running header just before a page number."""
    kept = [line for line in lines if line.text.strip()]
    result = []
    for index, line in enumerate(kept):
        following = kept[index + 1].text if index + 1 < len(kept) else ""
        if PAGE_NUMBER.match(line.text) or is_running_header(line.text, following):
            continue
        result.append(line)
    return result


CJK_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def layout(lines):
    """ "paragraphs" (Word), "wrapped" (hard-wrapped print) or "lines" (web text): see above.
    Wrapped text fills its lines and goes on in the next one: a line near the usual width that
    stops without punctuation, followed by a line that goes on in lower case or in Chinese
    (fewer such lines are enough when the text is double-spaced, as a printed book comes out)."""
    content = [line.text.strip() for line in lines if line.text.strip()]
    if content and all(line.kind == "docx" for line in lines if line.text.strip()):
        return "paragraphs"
    if len(content) < 3:
        return "lines"
    lengths = sorted(len(text) for text in content)
    width = lengths[int(len(lengths) * 0.8)]
    continued = sum(
        1
        for text, following in itertools.pairwise(content)
        if len(text) >= 0.75 * width
        and not text.endswith(SENTENCE_END)
        and not MARKER.match(following)
        and (following[:1].islower() or CJK_IDEOGRAPH.match(following[:1]))
    )
    share = continued / (len(content) - 1)
    double_spaced = len(lines) - len(content) >= 0.4 * len(content)  # a printed book come out as text
    wrapped = 30 <= width <= 200 and (share >= 0.45 or (double_spaced and share >= 0.25))
    return "wrapped" if wrapped else "lines"


def paragraphs(lines, width=None):
    """Rebuild paragraphs from content lines (see the module's docstring)."""
    shape = layout(lines)
    lines = content_lines(lines)
    if not lines:
        return []
    if shape != "wrapped":
        result = [Paragraph(lines=[line]) for line in lines]
        for paragraph in result:
            paragraph.heading = looks_like_heading(paragraph, 80)
        return result
    lengths = sorted(len(line.text.strip()) for line in lines)
    width = width or lengths[int(len(lengths) * 0.8)]  # the usual wrap width
    result, current = [], None
    for line in lines:
        text = line.text.strip()
        previous = current.lines[-1].text.strip() if current else ""
        # A new paragraph: a marker, the previous line ended one, or this line is a heading
        # (short, unpunctuated, after a finished sentence, even one that filled its line);
        # never between two Chinese characters without a marker.
        mid_chinese = bool(previous) and CJK_IDEOGRAPH.match(previous[-1]) and CJK_IDEOGRAPH.match(text[:1])
        if (
            current is None
            or MARKER.match(text)
            or (not mid_chinese and (ends_paragraph(previous, width) or starts_heading(text, previous, width)))
        ):
            current = Paragraph()
            result.append(current)
        current.lines.append(line)
    for paragraph in result:
        paragraph.heading = looks_like_heading(paragraph, width)
    return result


def starts_heading(text, previous, width):
    return (
        len(text) < 0.8 * width
        and text[:1].isupper()
        and not text.endswith((*SENTENCE_END, ",", "，"))
        and previous.strip().endswith((".", "。", "!", "?"))
    )


def ends_paragraph(text, width):
    text = text.strip()
    short = len(text) < 0.8 * width
    # A line that stops on "the", "of", "and" ... goes on in the next one, however short it is.
    dangling = bool(text) and text.split()[-1].lower() in DANGLING
    return short and not dangling and (text.endswith(SENTENCE_END) or not text.endswith((",", "-", "，", "、")))


def looks_like_heading(paragraph, width):
    text = paragraph.text
    if CJK_IDEOGRAPH.search(text[:4]):
        width = min(width, 40)  # a Chinese heading is short in characters
    return len(paragraph.lines) <= 2 and len(text) < 1.2 * width and not text.endswith((*SENTENCE_END, ",", "，"))


class UnreadableFile(Exception):
    """The file cannot be read as a paper; the message says why, for the person uploading."""


def lines_from_file(path):
    """Lines of a TXT, Markdown, PDF or DOCX paper."""
    suffix = str(path).lower().rsplit(".", 1)[-1]
    if suffix in ("txt", "md"):
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except UnicodeDecodeError:
            raise UnreadableFile("The text file is not UTF-8 text.") from None
        return lines_from_text(plain_markdown(text) if suffix == "md" else text)
    if suffix == "pdf":
        return lines_from_pdf(path)
    if suffix == "docx":
        return lines_from_docx(path)
    raise UnreadableFile("Only PDF, Word (DOCX), text and Markdown files can be read.")


def plain_markdown(text):
    """Markdown as the reader sees it: no heading hashes, emphasis marks or link targets (the
    line count is kept, so places stay the file's)."""
    text = re.sub(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)


def lines_from_pdf(path):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnreadableFile("The PDF is encrypted: save it without a password and upload it again.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, OSError) as exc:
        raise UnreadableFile(f"The file is not a readable PDF ({exc}).") from None
    lines, number = [], 0
    for page_number, text in enumerate(pages, start=1):
        for raw in text.splitlines():
            number += 1
            lines.append(Line(number=number, page=page_number, text=raw.rstrip()))
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile("The PDF has no text (a scan?): upload a PDF with text, or the Word file.")
    return lines


# What a Word file may unpack to (uploads are checked against the settings before this).
DOCX_MAX_UNZIPPED = 200 * 1024 * 1024
DOCX_MAX_RATIO = 200


def lines_from_docx(path):
    """Paragraphs of a Word file as lines; automatic numbering becomes the printed "1." marker."""
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        check_zip(path, DOCX_MAX_UNZIPPED, DOCX_MAX_RATIO)
        document = Document(path)
        paragraphs = list(document.paragraphs)
    except NotAZip:
        raise UnreadableFile("The file is not a readable Word document (it is no ZIP container).") from None
    except UnsafeArchive as exc:
        raise UnreadableFile(str(exc)) from None
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, LxmlError) as exc:
        raise UnreadableFile(f"The file is not a readable Word document ({exc}).") from None
    except Exception as exc:  # python-docx meets parts it does not expect in a hand-made or broken file
        raise UnreadableFile(f"The file is not a readable Word document ({type(exc).__name__}).") from None
    from imports.reading.word import Numbering

    numbering = Numbering(document)
    lines = []
    for number, paragraph in enumerate(paragraphs, start=1):
        text = paragraph.text.strip()
        marker = numbering.marker(paragraph) if text else None
        if marker and not MARKER.match(text):
            text = f"{marker} {text}"
        line = Line(number=number, page=1, text=text, kind="docx")
        if marker is not None:
            line.word_list, line.word_level = numbering.list_of(paragraph)
        lines.append(line)
    if not any(line.text for line in lines):
        raise UnreadableFile("The Word document has no text.")
    return lines


def split_enumerations(paragraph):
    """A paragraph cut where items run together inside it (numbering.inline_cuts): each piece
    keeps the source lines it spans (pieces share the line where one ends and the next begins)."""
    text = paragraph.text
    cuts = inline_cuts(text)
    if not cuts:
        return [paragraph]
    pieces, start = [], 0
    for cut in [*cuts, len(text)]:
        first, last = paragraph.line_at(start), paragraph.line_at(max(cut - 1, start))
        # The piece's text on its first line, and an empty line marking where it ends.
        piece = text[start:cut].strip()
        if piece:
            word = (first.word_list, first.word_level) if start == 0 else ("", 0)
            lines = [Line(first.number, first.page, piece, first.kind, *word), Line(last.number, last.page, "")]
            pieces.append(Paragraph(lines=lines, heading=False, inline=start > 0))
        start = cut
    return pieces
