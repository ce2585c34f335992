"""Checks on uploaded files: the type by content (not by name alone) and the size."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from ccec.zipcheck import NotAZip, UnsafeArchive, check_zip

# extension -> the zip member that a real file of that kind holds
ZIP_MARKERS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# extension -> the bytes a real file of that kind starts with
MAGIC = {".pdf": (b"%PDF-",), ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}
TEXT = {".txt", ".md"}
EVIDENCE_TYPES = (".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg")
PAPER_TYPES = (".pdf", ".docx", ".txt", ".md")


@deconstructible
class UploadValidator:
    """Accept files of the given extensions, whose content is of that kind, up to MAX_UPLOAD_SIZE."""

    def __init__(self, extensions):
        self.extensions = tuple(extensions)

    def __call__(self, upload):
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MAX_UPLOAD_SIZE)},
            )
        extension = Path(upload.name).suffix.lower()
        if extension not in self.extensions:
            raise ValidationError(
                _("Files of this type are not accepted. Upload one of: %(types)s."),
                code="bad_type",
                params={"types": ", ".join(e.lstrip(".").upper() for e in self.extensions)},
            )
        try:
            matches = content_matches(upload, extension)
        except UnsafeArchive:
            raise ValidationError(
                _(
                    "The file would unpack to more than %(limit)s, or is compressed suspiciously much. "
                    "Save it again without embedded media, or split it, and upload it."
                ),
                code="unsafe_archive",
                params={"limit": filesizeformat(settings.MAX_UNZIPPED_SIZE)},
            ) from None
        if not matches:
            raise ValidationError(
                _("The file's content is not a real %(kind)s file. Save it again in that format and upload it."),
                code="bad_content",
                params={"kind": extension.lstrip(".").upper()},
            )

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and self.extensions == other.extensions


def content_matches(upload, extension):
    """Whether the content is of the extension's kind; raises UnsafeArchive for a ZIP that would
    inflate too far (checked from its declared sizes, before anything is inflated)."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        if extension in MAGIC:
            head = upload.read(16)
            return any(head.startswith(magic) for magic in MAGIC[extension])
        if extension in TEXT:
            try:
                upload.read().decode("utf-8")
            except UnicodeDecodeError:
                return False
            return True
        try:
            names = check_zip(upload, settings.MAX_UNZIPPED_SIZE, settings.MAX_ZIP_RATIO)
        except NotAZip:
            return False
        return ZIP_MARKERS[extension] in names
    finally:
        upload.seek(position)


validate_evidence = UploadValidator(EVIDENCE_TYPES)
validate_paper_document = UploadValidator(PAPER_TYPES)
