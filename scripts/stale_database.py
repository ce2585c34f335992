"""Before `make run`: set aside a demo database that an older layout of ccec made.

The embedded default keeps the demo in db.sqlite3. When that file records migrations that no
longer exist in the code (ccec's apps were reorganised and their migrations started afresh),
`migrate` cannot bring it up to date; this script moves it aside, with a message, so that
`make run` builds a fresh demo database. Nothing happens when DATABASE_URL is set, when there
is no db.sqlite3, or when its migrations match the code.
"""

import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "db.sqlite3"


def own_apps():
    return {path.parent.name for path in ROOT.glob("*/apps.py")}


def unknown_migrations(database):
    """Applied migrations of ccec's apps, or of apps ccec no longer has, missing from the code."""
    with sqlite3.connect(database) as connection:
        try:
            applied = connection.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.DatabaseError:
            return []
    apps = own_apps()
    on_disk = {(path.parent.parent.name, path.stem) for path in ROOT.glob("*/migrations/[0-9]*.py")}
    return [(app, name) for app, name in applied if app in apps and (app, name) not in on_disk]


def main():
    if os.environ.get("DATABASE_URL") or not DATABASE.exists():
        return 0
    missing = unknown_migrations(DATABASE)
    if not missing:
        return 0
    kept = DATABASE.with_name(f"db.sqlite3.{datetime.now():%Y%m%d-%H%M%S}.old")
    DATABASE.rename(kept)
    print(
        f"db.sqlite3 was made by an older version of ccec (it records migrations the code no longer has, "
        f"e.g. {missing[0][0]}.{missing[0][1]}).\n"
        f"It is kept as {kept.name}; a new demo database is built now.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
