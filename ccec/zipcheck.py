"""Look inside a ZIP container (DOCX, XLSX) before anything inflates it: plain Python.

A few kilobytes of ZIP can declare gigabytes of XML. Python's zipfile never inflates a member
past the size its header declares (it stops there and fails the CRC check), so checking the
declared sizes bounds what any later reader (python-docx, openpyxl) can take in memory.
"""

import zipfile

# A member this small may compress as well as it likes (an empty sheet, repeated styles).
RATIO_FLOOR_BYTES = 1024 * 1024


class UnsafeArchive(Exception):
    """The container is not one to open; the message says why, for the person uploading."""


class NotAZip(UnsafeArchive):
    """The file is no ZIP container at all (a renamed file of another kind)."""


def check_zip(file, max_total_bytes, max_ratio, max_members=10_000):
    """Raise UnsafeArchive when `file` (a path or a binary file object) is not a ZIP, holds too
    many members, would inflate past `max_total_bytes`, or has a member compressed more than
    `max_ratio` times. Returns the member names."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise NotAZip("The file is not a valid ZIP container.") from None
    if len(members) > max_members:
        raise UnsafeArchive(f"The file holds {len(members)} parts; at most {max_members} are accepted.")
    total = sum(member.file_size for member in members)
    if total > max_total_bytes:
        raise UnsafeArchive(
            f"The file would unpack to {total // (1024 * 1024)} MB; at most "
            f"{max_total_bytes // (1024 * 1024)} MB are accepted."
        )
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            raise UnsafeArchive("The file is compressed suspiciously much (a ZIP bomb?) and was not opened.")
    return [member.filename for member in members]
