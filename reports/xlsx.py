"""The report as an Excel workbook: a summary, every recommendation, and group sheets."""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ccec.spreadsheets import xlsx_row
from recommendations.performance import COLUMNS

BOLD = Font(bold=True)


def table(sheet, header, rows, widths, date_columns=()):
    """A sheet's table: bold frozen header, filters on, widths set, dates shown as dates."""
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 1)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in date_columns:
        letter = get_column_letter(column)
        for cell in sheet[letter][1:]:
            cell.number_format = "yyyy-mm-dd"


def group_rows(groups):
    return [
        [
            g["name"],
            g["received"],
            g["assigned"],
            g["responded"],
            g["accepted"],
            g["implemented"],
            g["implemented_pct"],
            g["average_progress"],
        ]
        for g in groups
    ]


def render(report, output):
    with translation.override(report.language):
        workbook = Workbook()
        summary = workbook.active
        summary.title = _("Summary")
        summary.append(xlsx_row(summary, [report.title]))
        summary["A1"].font = Font(bold=True, size=14)
        summary.append([_("As of"), report.today])
        summary["B2"].number_format = "yyyy-mm-dd"
        summary.append(xlsx_row(summary, [report.basis]))
        summary.append([])
        for _key, label, value in report.headline:
            summary.append(xlsx_row(summary, [label, value]))
        summary.append([])
        summary.append([_("Response"), _("Recommendations")])
        for _value, label, count in report.by_stance:
            summary.append([label, count])
        summary.append([])
        summary.append([_("Implementation status"), _("Recommendations")])
        for _value, label, count in report.by_status:
            summary.append([label, count])
        summary.column_dimensions["A"].width = 40
        summary.column_dimensions["B"].width = 14

        header = [
            _("Reference"),
            _("Title"),
            _("Company"),
            _("Lead department"),
            _("Topics"),
            _("Response"),
            _("Response text"),
            _("Published"),
            _("Implementation status"),
            _("Progress (%)"),
            _("Latest shared update"),
            _("Update date"),
            _("Target date"),
            _("Overdue"),
        ]
        rows = [
            [
                row["reference"],
                row["title"],
                row["company"],
                row["department"],
                row["topics"],
                row["stance"],
                row["response"],
                row["published"],
                row["status"],
                row["progress"],
                row["latest_update"],
                row["latest_update_date"],
                row["target_date"],
                _("yes") if row["overdue"] else "",
            ]
            for row in report.rows
        ]
        table(
            workbook.create_sheet(_("Recommendations")),
            header,
            rows,
            [10, 50, 24, 26, 22, 16, 50, 12, 20, 10, 50, 12, 12, 9],
            date_columns=(8, 12, 13),
        )
        group_header = [
            _("Name"),
            _("Received"),
            _("Assigned"),
            _("Answered"),
            _("Accepted"),
            _("Implemented"),
            _("Implemented (%)"),
            _("Average progress (%)"),
        ]
        widths = [40, 10, 10, 10, 10, 12, 14, 18]
        table(workbook.create_sheet(_("By department")), group_header, group_rows(report.per_department), widths)
        table(workbook.create_sheet(_("By company")), group_header, group_rows(report.per_company), widths)
        table(workbook.create_sheet(_("By topic")), group_header, group_rows(report.per_topic), widths)
        workbook.save(output)


def dashboard_workbook(dashboard, output):
    """The department dashboard's table as a workbook (text written as text, never a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Departments")
    header = [_("Department"), *[str(column.label) for column in COLUMNS]]
    rows = [[row.name, *[value for _column, value, _url in row.cells()]] for row in dashboard.rows]
    rows.append([dashboard.council.name, *[value for _column, value, _url in dashboard.council.cells()]])
    table(sheet, header, rows, [34] + [14] * len(COLUMNS))
    scope = str(dashboard.meeting) if dashboard.meeting else _("All meetings")
    sheet.append([])
    note = _("%(scope)s; figures as of %(date)s.") % {"scope": scope, "date": dashboard.today.isoformat()}
    sheet.append(xlsx_row(sheet, [note]))
    workbook.save(output)
