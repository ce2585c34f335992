"""The paper import reads its upload through the storage API, so a storage with no local
path (S3, a worker on another host) works: here Django's in-memory storage, whose path()
names no file on disk."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from imports import drafts
from imports.models import PaperImport

pytestmark = [pytest.mark.django_db, pytest.mark.storage]


def test_a_paper_in_a_storage_without_paths_is_read(world, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    text = "Our recommendations\n\n1. The city should open a one-stop service centre for foreign firms.\n"
    draft = PaperImport.objects.create(
        meeting=world.paper_c.meeting, uploaded_by=world.users.secretariat, document=ContentFile(text.encode(), "p.txt")
    )
    assert not Path(draft.document.path).exists()  # nothing on disk: only the storage API reads it
    drafts.read_into(draft)
    draft.refresh_from_db()
    assert draft.status == PaperImport.Status.REVIEW
    assert any("one-stop service centre" in candidate["text"] for candidate in draft.candidates), draft.candidates
