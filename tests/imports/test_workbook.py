"""The department workbook: out to Excel, filled, back in (imports/workbook.py)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from imports import workbook
from imports.models import WorkbookImport
from recommendations.models import ProgressUpdate, Response, ResponseState
from tests.helpers import ON_POSTGRES

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def exported(user, language="en"):
    output = io.BytesIO()
    workbook.write(user, output, language)
    return load_workbook(io.BytesIO(output.getvalue()))


def filled(book, values):
    """`values`: {reference: {header: value}}; the workbook's bytes."""
    sheet = book.active
    headers = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        for header, value in values.get(row[0].value, {}).items():
            sheet.cell(row=row[0].row, column=headers[header], value=value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_the_workbook_holds_the_departments_rows_locked_and_the_columns_to_fill(world):
    sheet = exported(world.users.officer_a).active
    header = [cell.value for cell in sheet[1]]
    assert header[:10] == [
        "Reference",
        "Recommendation",
        "Company",
        "Response",
        "Status",
        "Progress (%)",
        "New status",
        "New progress (%)",
        "Note",
        "Visibility",
    ]
    references = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert world.drafting.reference in references and world.other.reference not in references
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and not sheet["G2"].protection.locked
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert any("In progress" in formula for formula in lists)
    chinese = exported(world.users.officer_a, "zh-hans").active
    assert chinese["A1"].value == "编号"


def test_round_trip_logs_progress_and_saves_a_draft_once(world):
    officer = world.users.officer_a
    content = filled(
        exported(officer),
        {
            world.published.reference: {
                "New status": "In progress",
                "New progress (%)": 60,
                "Note": "Pilot in two districts.",
                "Visibility": "Shared",
            },
            world.drafting.reference: {"Response stance (draft)": "Accepted", "Response draft": "We accept."},
        },
    )
    with translation.override("en"):
        preview = workbook.read(content, officer)
    assert not preview.has_errors, preview.cell_errors
    assert {row.reference for row in preview.changing} == {world.published.reference, world.drafting.reference}
    assert workbook.apply(preview, officer) == 2
    update = ProgressUpdate.objects.filter(recommendation=world.published).latest("created_at")
    assert (update.author, update.progress, update.note_en, update.visibility) == (
        officer,
        60,
        "Pilot in two districts.",
        "shared",
    )
    world.published.refresh_from_db()
    assert world.published.progress == 60
    draft = Response.objects.get(recommendation=world.drafting)
    assert (draft.state, draft.stance, draft.text_en, draft.drafted_by) == (
        ResponseState.DRAFT,
        "accepted",
        "We accept.",
        officer,
    )
    # The same file again: recorded, nothing applied twice.
    updates = ProgressUpdate.objects.count()
    with translation.override("en"):
        again = workbook.read(content, officer)
    assert again.already_applied is not None
    assert workbook.apply(again, officer) == 0
    assert ProgressUpdate.objects.count() == updates
    assert WorkbookImport.objects.get().rows == 2


def test_every_error_is_named_by_row_and_column_and_nothing_is_written(world):
    officer = world.users.officer_a
    book = exported(officer)
    sheet = book.active
    sheet.append(["16-99-99"])  # unknown
    sheet.append([world.other.reference])  # another department's
    content = filled(
        book,
        {
            world.published.reference: {"New status": "Flying", "New progress (%)": 130},
            world.drafting.reference: {"Note": "=HYPERLINK(1)"},
            world.awaiting.reference: {"Response draft": "Changed while with the head."},
        },
    )
    with translation.override("en"):
        preview = workbook.read(content, officer)
    errors = {(column, message) for _number, column, message in preview.cell_errors}
    messages = " | ".join(message for _column, message in errors)
    assert "There is no recommendation 16-99-99." in messages
    assert f"{world.other.reference} is another department's recommendation." in messages
    assert ("New status", "“Flying” is not a status in the list.") in errors
    assert any(column == "New progress (%)" and "130" in message for column, message in errors)
    assert any(column == "Note" and "formula" in message for column, message in errors)
    assert any(column == "Response draft" and "cannot change" in message for column, message in errors)
    with pytest.raises(ValueError, match="errors"):
        workbook.apply(preview, officer)
    assert not WorkbookImport.objects.exists()


def test_chinese_labels_are_read_back(world):
    head = world.users.head_a
    book = exported(head, "zh-hans")
    with translation.override("zh-hans"):
        content = filled(book, {world.published.reference: {"新状态": "已落实", "新进度（%）": 100}})
        preview = workbook.read(content, head)
    assert not preview.has_errors, preview.cell_errors
    assert preview.changing[0].status == "implemented"


def test_the_commands_preview_apply_and_refuse(world, tmp_path, capsys):
    path = tmp_path / "dept.xlsx"
    call_command("export_workbook", "--user", world.users.officer_a.username, "--output", str(path))
    path.write_bytes(filled(load_workbook(path), {world.published.reference: {"New progress (%)": 70}}))
    call_command("import_workbook", str(path), "--user", world.users.officer_a.username)
    assert "1 rows would change" in capsys.readouterr().out
    assert not WorkbookImport.objects.exists()
    call_command("import_workbook", str(path), "--user", world.users.officer_a.username, "--apply")
    world.published.refresh_from_db()
    assert world.published.progress == 70
    # Another department's officer: every row is someone else's, exit status 1.
    with pytest.raises(CommandError, match="errors"):
        call_command("import_workbook", str(path), "--user", world.users.officer_b.username)
    with pytest.raises(CommandError, match="not an officer"):
        call_command("export_workbook", "--user", world.users.liaison_c.username, "--output", str(path))
    bad = tmp_path / "renamed.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        call_command("import_workbook", str(bad), "--user", world.users.officer_a.username)


def test_upload_preview_and_apply_on_the_site(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    officer = world.users.officer_a
    client.force_login(officer)
    download = client.get(reverse("workbook_download"))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    content = filled(book, {world.published.reference: {"New progress (%)": 130}})
    response = client.post(reverse("workbook_upload"), {"file": SimpleUploadedFile("dept.xlsx", content)})
    preview_url = response.url
    page = client.get(preview_url).content.decode()
    assert "not “130”" in page and "Apply these changes" not in page
    assert client.post(preview_url + "apply/").status_code == 302
    assert ProgressUpdate.objects.filter(author=officer).count() == 0  # errors: nothing written
    content = filled(load_workbook(io.BytesIO(content)), {world.published.reference: {"New progress (%)": 80}})
    response = client.post(reverse("workbook_upload"), {"file": SimpleUploadedFile("dept.xlsx", content)})
    assert "Apply these changes" in client.get(response.url).content.decode()
    client.post(response.url + "apply/")
    world.published.refresh_from_db()
    assert world.published.progress == 80
    # Someone else's upload and a liaison: no such page.
    client.force_login(world.users.officer_b)
    assert client.get(response.url).status_code == 404
    client.force_login(world.users.liaison_c)
    assert client.get(reverse("workbook_upload")).status_code == 404
    assert client.get(reverse("workbook_download")).status_code == 404


def test_a_renamed_file_is_refused_with_a_message(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(world.users.officer_a)
    response = client.post(reverse("workbook_upload"), {"file": SimpleUploadedFile("dept.xlsx", b"%PDF-1.4 not xlsx")})
    assert response.status_code == 200
    assert "not a real XLSX file" in response.content.decode()
    assert not WorkbookImport.objects.exists()


def hostile(world, change):
    book = exported(world.users.officer_a)
    change(book)
    output = io.BytesIO()
    book.save(output)
    with translation.override("en"):
        return workbook.read(output.getvalue(), world.users.officer_a)


def test_hostile_workbooks_get_a_clear_error_and_nothing_is_written(world, settings):
    from openpyxl import Workbook

    from tests.helpers import BOMB

    hidden = hostile(world, lambda book: setattr(book.create_sheet("secret"), "sheet_state", "hidden"))
    assert hidden.errors == [
        "The workbook has hidden sheets: show or delete them, so that what is imported is what you see."
    ]
    merged = hostile(world, lambda book: book.active.merge_cells("G2:G3"))
    assert merged.errors == ["The workbook has merged cells: unmerge them, so that each cell holds its own value."]
    many = Workbook(write_only=True)
    sheet = many.create_sheet()
    sheet.append(["Reference", "New progress (%)"])
    for _index in range(workbook.MAX_ROWS + 5):
        sheet.append([world.published.reference, 10])
    output = io.BytesIO()
    many.save(output)
    with translation.override("en"):
        too_many = workbook.read(output.getvalue(), world.users.officer_a)
    assert too_many.errors == [f"The workbook has more than {workbook.MAX_ROWS} rows."]
    settings.MAX_UNZIPPED_SIZE = 10 * 1024 * 1024
    with translation.override("en"):
        bomb = workbook.read(BOMB, world.users.officer_a)
    assert bomb.errors == ["The file would unpack to too much data, or is compressed suspiciously much."]
    for preview in (hidden, merged, too_many, bomb):
        with pytest.raises(ValueError, match="errors"):
            workbook.apply(preview, world.users.officer_a)
    assert not ProgressUpdate.objects.filter(author=world.users.officer_a).exists()


def test_the_secretariat_chooses_a_department(world, client, tmp_path, capsys):
    from django.urls import reverse

    client.force_login(world.users.secretariat)
    assert 'name="department"' in client.get(reverse("workbook_upload")).content.decode()
    response = client.get(reverse("workbook_download"), {"department": world.department_b.pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [world.other.reference]
    everything = load_workbook(io.BytesIO(b"".join(client.get(reverse("workbook_download")).streaming_content)))
    assert everything.active.max_row - 1 == 4  # every assigned recommendation
    path = tmp_path / "b.xlsx"
    call_command(
        "export_workbook", "--user", world.users.secretariat.username, "--output", str(path), "--department", "dept-b"
    )
    assert "1 recommendations written" in capsys.readouterr().out


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_four_applies_of_one_workbook_at_once_log_progress_once(world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.helpers import at_once, logged_in

    officer = world.users.officer_a
    content = filled(exported(officer), {world.published.reference: {"New progress (%)": 75, "Note": "Once."}})
    client = logged_in(officer)
    apply_url = client.post(reverse("workbook_upload"), {"file": SimpleUploadedFile("w.xlsx", content)}).url + "apply/"
    clients = [logged_in(officer) for _ in range(4)]
    statuses = at_once(4, lambda index: clients[index].post(apply_url).status_code)
    assert statuses == [302] * 4
    assert ProgressUpdate.objects.filter(author=officer, note_en="Once.").count() == 1
    assert WorkbookImport.objects.get().rows == 1
