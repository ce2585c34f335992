import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from imports.models import PaperImport
from imports.tasks import sweep
from meetings.models import Paper
from tests.helpers import BOMB, ON_POSTGRES, at_once, docx_bytes, logged_in
from tests.imports.test_views import PAPER, posted_rows

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_a_highly_compressed_paper_is_refused_even_under_the_size_limit(client, world, settings):
    settings.MAX_ZIP_RATIO = 100  # 30 MB of spaces compress about 1000 times
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.docx", BOMB)},
    )
    assert response.status_code == 200
    assert "compressed suspiciously much" in response.content.decode()
    assert not PaperImport.objects.exists()


def test_a_word_file_with_broken_xml_gets_a_message_not_an_error(client, world):
    broken = docx_bytes("<w:document><w:body><w:p>unclosed")
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.docx", broken)},
    )
    assert response.status_code == 200
    assert "not a readable Word document" in response.content.decode()
    assert not PaperImport.objects.exists()


def test_large_paper_import_with_the_broker_down_is_failed_with_a_retry_button(client, world, settings, broker_down):
    settings.IMPORT_READ_AT_ONCE_BYTES = 10
    client.force_login(world.users.secretariat)
    response = client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.txt", PAPER.encode())},
        follow=True,
    )
    draft = PaperImport.objects.get()
    assert (draft.status, draft.error) == (PaperImport.Status.FAILED, PaperImport.BROKER_DOWN)
    assert reverse("paper_import_retry", args=[draft.pk]) in response.content.decode()


def test_the_sweep_fails_a_paper_whose_reading_stopped(world):
    draft = PaperImport.objects.create(
        meeting=world.paper_c.meeting,
        uploaded_by=world.users.secretariat,
        document=ContentFile(b"x", name="p.txt"),
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        assert sweep() == 1
    draft.refresh_from_db()
    assert draft.status == PaperImport.Status.FAILED and draft.can_retry


@ON_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_four_confirms_of_one_import_create_one_paper(world):
    client = logged_in(world.users.secretariat)
    client.post(
        reverse("paper_import_new"),
        {"meeting": world.paper_c.meeting.pk, "document": SimpleUploadedFile("paper.txt", PAPER.encode())},
    )
    draft = PaperImport.objects.get()
    data = {**posted_rows(draft), "confirm": "1"}
    clients = [logged_in(world.users.secretariat) for _ in range(4)]
    statuses = at_once(4, lambda index: clients[index].post(draft.get_absolute_url(), data).status_code)
    assert statuses == [302] * 4
    assert Paper.objects.filter(import_record=draft).count() == 1
    assert Paper.objects.count() == 3  # world's two and this one
