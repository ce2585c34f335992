"""Downloads of the filtered recommendation list. Both stream: CSV row by row as it is read
from the database, XLSX from a temporary file written in openpyxl's write-only mode.
"""

import csv
import tempfile

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ccec.spreadsheets import csv_value, xlsx_row

CHUNK = 500


def header():
    return [
        _("Reference"),
        _("Title"),
        _("Company"),
        _("Lead department"),
        _("Response"),
        _("Response state"),
        _("Implementation status"),
        _("Progress (%)"),
        _("Last update"),
        _("Target date"),
        _("Next update due"),
        _("Overdue"),
        _("Link"),
    ]


def row(recommendation, show_drafts, today):
    response = getattr(recommendation, "response", None)
    if response is not None and not (show_drafts or response.is_published):
        response = None
    return [
        recommendation.reference,
        recommendation.title,
        str(recommendation.paper.company or ""),
        str(recommendation.lead_department or ""),
        response.get_stance_display() if response else "",
        response.get_state_display() if response else "",
        recommendation.get_seen_status_display(),
        recommendation.seen_progress,
        recommendation.seen_last_update_at,
        recommendation.target_date,
        recommendation.seen_update_due_on,
        _("yes") if recommendation.is_overdue(today) else "",
        f"{settings.SITE_URL}{recommendation.get_absolute_url()}",
    ]


class Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_response(queryset, show_drafts, today):
    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff"  # Excel needs the byte-order mark to read UTF-8 (Chinese) correctly
        yield writer.writerow(header())
        for recommendation in queryset.iterator(chunk_size=CHUNK):
            yield writer.writerow([csv_value(value) for value in row(recommendation, show_drafts, today)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return response


def xlsx_response(queryset, show_drafts, today):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Recommendations"))
    sheet.freeze_panes = "A2"
    for index, width in enumerate([10, 60, 28, 30, 18, 16, 20, 10, 12, 12, 14, 9, 50]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append(header())
    for recommendation in queryset.iterator(chunk_size=CHUNK):
        sheet.append(xlsx_row(sheet, row(recommendation, show_drafts, today)))
    # The file may be large: spool it to disk and let FileResponse send it in chunks.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename="recommendations.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
