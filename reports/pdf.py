"""The report as a PDF: the report's HTML, printed by WeasyPrint with an embedded CJK font."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML


def render(report, charts, output):
    with translation.override(report.language):
        html = render_to_string("reports/print.html", {"report": report, "charts": charts})
    HTML(string=html).write_pdf(output)
