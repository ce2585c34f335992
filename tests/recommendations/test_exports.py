import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_csv_streams_the_filtered_rows_with_a_byte_order_mark(client, world):
    client.force_login(world.users.officer_a)
    response = client.get(reverse("recommendations:export", args=["csv"]), {"department": world.department_a.pk})
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Reference"
    assert {row[0] for row in rows[1:]} == {
        world.drafting.reference,
        world.awaiting.reference,
        world.published.reference,
    }


def test_xlsx_opens_with_the_rows_and_dates(client, world):
    client.force_login(world.users.secretariat)
    response = client.get(reverse("recommendations:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Reference", "Title", "Company"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    published = rows[world.published.reference]
    assert published[header.index("Response")] == "Accepted"
    assert published[header.index("Last update")].date() == world.published.last_update_at


def test_liaison_export_hides_unpublished_responses(client, world):
    client.force_login(world.users.liaison_c)
    text = b"".join(client.get(reverse("recommendations:export", args=["csv"])).streaming_content).decode()
    rows = {row[0]: row for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows[world.awaiting.reference][4] == ""  # the stance of a response still awaiting sign-off
    assert rows[world.published.reference][4] == "Accepted"


def test_bad_filter_on_export_goes_back_to_the_list_with_a_message(client, world):
    client.force_login(world.users.secretariat)
    response = client.get(reverse("recommendations:export", args=["csv"]), {"progress_min": "x"}, follow=True)
    assert "Fix the filters before downloading." in response.content.decode()
