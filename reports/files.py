"""Write a report to a file in one of the download formats."""

from django.utils import translation

from reports import docx, pdf, xlsx
from reports.charts import report_charts

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
}


def filename(report, file_format):
    scope = getattr(report.company, "slug", None) or getattr(report.department, "slug", None)
    scope = f"-{scope}" if scope else ""
    return f"cmieac-meeting-{report.meeting.number}{scope}-{report.language}.{FORMATS[file_format][1]}"


def write(report, file_format, output, progress=None):
    """Render `report` as `file_format` into the binary file `output`; `progress(percent)` is
    called as the work advances (for long downloads run as a task)."""
    if file_format == "xlsx":
        xlsx.render(report, output)
        return
    # The charts' titles, axes and legends in the file's language, whatever the request's.
    with translation.override(report.language):
        charts = report_charts(report)
    try:
        if progress:
            progress(60)
        if file_format == "docx":
            docx.render(report, charts, output)
        else:
            pdf.render(report, charts, output)
    finally:
        for chart in charts:
            chart.close()
