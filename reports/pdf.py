"""The report as a PDF: the report's HTML, printed by WeasyPrint with an embedded CJK font.

WeasyPrint lays out about a hundred recommendations a second and holds every page in memory,
so a meeting of more than FULL_TEXT_ROWS recommendations is printed as a summary (one plain
paragraph each, without the long texts, which the PDF says are in the Word and Excel files;
inline markup in each entry doubled the time) in parts of PART_ROWS, each numbered on from the
last and joined with pypdf: time and memory stay bounded (10,000 recommendations: about 26 s
and 440 MB on a 2-core machine).
"""

import io

from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfWriter
from weasyprint import HTML

from reports.builder import changes_shown

FULL_TEXT_ROWS = 1000
PART_ROWS = 1000


def render(report, charts, output):
    rows = sorted(report.rows, key=lambda row: row["topic"])
    summary = len(rows) > FULL_TEXT_ROWS
    parts = [rows[start : start + PART_ROWS] for start in range(0, len(rows), PART_ROWS)] if summary else [rows]
    if len(parts) == 1:
        _write_part(report, charts, parts[0], output, first=True, summary=summary, first_page=1)
        return
    writer = PdfWriter()
    first_page = 1
    for index, part in enumerate(parts):
        buffer = io.BytesIO()
        _write_part(report, charts, part, buffer, first=index == 0, summary=summary, first_page=first_page)
        buffer.seek(0)
        before = len(writer.pages)
        writer.append(buffer)
        first_page += len(writer.pages) - before
    writer.write(output)


def _write_part(report, charts, rows, output, first, summary, first_page):
    context = {
        "report": report,
        "charts": charts if first else [],
        "rows": rows,
        "first": first,
        "summary": summary,
        "first_page": first_page,
        "changes": changes_shown(report) if summary else report.changes,
    }
    with translation.override(report.language):
        html = render_to_string("reports/print.html", context)
    HTML(string=html).write_pdf(output)
