"""Every user-facing string has its Simplified Chinese translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Path("locale/zh_Hans/LC_MESSAGES/django.po")
# The project and every app of it (a folder with apps.py), with the templates and catalogue.
COPIED = ["manage.py", "ccec", "templates", "locale", *sorted(path.parent.name for path in ROOT.glob("*/apps.py"))]


def entries(path):
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}


def test_catalogue_is_fully_translated():
    catalogue = polib.pofile(str(ROOT / CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_catalogue_holds_every_string_in_the_code(tmp_path):
    """Run makemessages on a copy of the code: it must find no string the catalogue lacks."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    missing = entries(tmp_path / CATALOGUE) - entries(ROOT / CATALOGUE)
    assert missing == set(), "run `make makemessages` and translate these"
