"""The report as an editable Word document: title page, summary with charts, then a section
per topic with each recommendation, its response and its latest shared update."""

import io
from itertools import groupby

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

CJK_FONT = "Noto Sans CJK SC"


def set_fonts(document):
    """Latin and East Asian text both get a font that has their glyphs."""
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[style_name]
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    document.styles["Normal"].font.size = Pt(10.5)


class Appender:
    """Adds paragraphs at the end of a document in constant time.

    python-docx's add_paragraph() looks for the section properties among all the body's
    children before inserting, and looks a style up by name on every call: a report of 10,000
    recommendations (40,000 paragraphs) took minutes. Here the insertion point is kept and each
    style's id is looked up once; the XML written is the same."""

    def __init__(self, document):
        self.document = document
        self.container = document._body
        self.anchor = document.element.body.sectPr
        self.style_ids = {}

    def paragraph(self, text="", style=None):
        element = OxmlElement("w:p")
        if self.anchor is not None:
            self.anchor.addprevious(element)
        else:
            self.document.element.body.append(element)
        paragraph = Paragraph(element, self.container)
        if text:
            paragraph.add_run(text)
        if style is not None:
            if style not in self.style_ids:
                self.style_ids[style] = self.document.styles[style].style_id
            element.style = self.style_ids[style]
        return paragraph

    def heading(self, text, level):
        return self.paragraph(text, f"Heading {level}")


def render(report, charts, output):
    with translation.override(report.language):
        document = Document()
        set_fonts(document)
        document.add_paragraph(report.title, style="Title")
        document.add_paragraph(str(report.meeting.theme))
        document.add_paragraph(report.basis)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

        document.add_heading(_("Summary"), level=1)
        summary = document.add_table(rows=0, cols=2)
        summary.style = "Light List Accent 1"
        for _key, label, value in report.headline:
            cells = summary.add_row().cells
            cells[0].text, cells[1].text = str(label), str(value)
        for chart in charts:
            document.add_heading(chart.title, level=2)
            document.add_picture(io.BytesIO(chart.png), width=Cm(15))

        if report.changes:
            document.add_heading(_("What changed since the meeting"), level=1)
            for change in report.changes:
                document.add_paragraph(
                    f"{change['reference']} {change['title']}: {change['before']} → {change['now']}",
                    style="List Bullet",
                )
        if report.carried_over:
            document.add_heading(_("Carried over from earlier meetings"), level=1)
            for row in report.carried_over:
                document.add_paragraph(
                    _("Meeting %(number)s (%(year)s): %(open)s open")
                    % {
                        "number": row["paper__meeting__number"],
                        "year": row["paper__meeting__year"],
                        "open": row["open"],
                    },
                    style="List Bullet",
                )

        body = Appender(document)
        body.heading(_("The recommendations"), level=1)
        company, department, response, status = (
            _("Company"),
            _("Lead department"),
            _("Response"),
            _("Implementation status"),
        )
        no_response, latest = _("No response yet"), _("Latest update")
        for topic, rows in groupby(sorted(report.rows, key=lambda row: row["topic"]), key=lambda row: row["topic"]):
            body.heading(topic, level=2)
            for row in rows:
                body.heading(f"{row['reference']} {row['title']}", level=3)
                body.paragraph(f"{company}: {row['company']} · {department}: {row['department']}")
                body.paragraph(
                    f"{response}: {row['stance'] or no_response} · {status}: {row['status']} ({row['progress']}%)"
                )
                if row["response"]:
                    body.paragraph(row["response"])
                if row["latest_update"]:
                    body.paragraph(f"{latest} ({row['latest_update_date']}): {row['latest_update']}")
        document.save(output)
