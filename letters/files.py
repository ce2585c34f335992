"""A reply letter as an editable Word file (python-docx) or a PDF (WeasyPrint, with the CJK
font the report uses). Each section is written in its own language."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from weasyprint import HTML

from reports.docx import CJK_FONT

FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def labels():
    """The item's labels in the active language, with the colon its punctuation uses."""
    chinese = (translation.get_language() or "").startswith("zh")
    return {
        "sep": "：" if chinese else ": ",
        "stance": _("Stance"),
        "response": _("Response"),
        "measures": _("Planned measures"),
        "target": _("Planned completion date"),
        "pending": _("The answer to this recommendation is still being prepared."),
    }


def write_docx(letter, output):
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    # Chinese text needs an East Asian font named, or Word falls back to one without the glyphs.
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    for index, section in enumerate(letter.sections):
        if index:
            document.add_page_break()
        with translation.override(section.language):
            names = labels()
            head = document.add_paragraph(section.letterhead)
            head.alignment = WD_ALIGN_PARAGRAPH.CENTER
            head.runs[0].bold = True
            document.add_heading(section.heading, level=1)
            document.add_paragraph(section.salutation)
            document.add_paragraph(section.opening)
            for item in section.items:
                document.add_heading(f"{item.reference} {item.title}", level=2)
                if item.pending:
                    document.add_paragraph(names["pending"])
                    continue
                document.add_paragraph(f"{names['stance']}{names['sep']}{item.stance}")
                document.add_paragraph(f"{names['response']}{names['sep']}{item.text}")
                if item.measures:
                    document.add_paragraph(f"{names['measures']}{names['sep']}{item.measures}")
                if item.target_date:
                    document.add_paragraph(f"{names['target']}{names['sep']}{item.target_date:%Y-%m-%d}")
                if item.marks:
                    document.add_paragraph(" · ".join(item.marks)).runs[0].italic = True
            document.add_paragraph(section.closing)
            signed = document.add_paragraph(f"{section.signature}\n{section.date_line}")
            signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(output)


def write_pdf(letter, output):
    parts = []
    for section in letter.sections:
        with translation.override(section.language):
            parts.append(render_to_string("letters/section.html", {"section": section, "labels": labels()}))
    html = render_to_string("letters/print.html", {"sections": parts, "letter": letter})
    HTML(string=html).write_pdf(output)


def write(letter, file_format, output):
    {"docx": write_docx, "pdf": write_pdf}[file_format](letter, output)
