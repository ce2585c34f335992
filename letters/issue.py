"""Issuing a reply letter: build it, write the file to storage, record it; all or nothing."""

import io

from django.core.files.base import ContentFile
from django.db import transaction

from letters import content, files
from letters.models import ReplyLetter


def file_name(letter, language, file_format):
    return (
        f"reply-letter-{letter.meeting.number}-{letter.company.slug}-{language}-{letter.issued_on:%Y%m%d}.{file_format}"
    )


def render(company, meeting, language, file_format, issued_on=None):
    """(letter, bytes) for the letter in `file_format`; content.NoPaper when there is nothing to answer."""
    if file_format not in files.FORMATS:
        raise ValueError(f"unknown letter format {file_format!r}")
    letter = content.build(company, meeting, language, issued_on)
    buffer = io.BytesIO()
    files.write(letter, file_format, buffer)
    return letter, buffer.getvalue()


def issue(company, meeting, language, file_format, user=None):
    """Build and archive the letter; returns the ReplyLetter."""
    letter, data = render(company, meeting, language, file_format)
    with transaction.atomic():
        record = ReplyLetter(
            company=company,
            meeting=meeting,
            language=language,
            file_format=file_format,
            issued_on=letter.issued_on,
            issued_by=user,
            complete=letter.complete,
        )
        record.file.save(file_name(letter, language, file_format), ContentFile(data), save=False)
        record.save()
    return record
