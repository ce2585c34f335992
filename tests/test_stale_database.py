"""`make run` on a checkout whose db.sqlite3 an older layout made: it is set aside, not a crash."""

import importlib.util
import sqlite3
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_script():
    spec = importlib.util.spec_from_file_location("stale_database", ROOT / "scripts" / "stale_database.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_with(path, rows):
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        connection.executemany("INSERT INTO django_migrations VALUES (?, ?)", rows)


def test_an_old_layouts_database_is_set_aside_with_a_message(tmp_path, monkeypatch, capsys):
    script = load_script()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(script, "DATABASE", tmp_path / "db.sqlite3")
    database_with(script.DATABASE, [("recommendations", "0001_initial"), ("recommendations", "0005_paper_imports")])
    assert script.main() == 0
    assert not script.DATABASE.exists()
    assert len(list(tmp_path.glob("db.sqlite3.*.old"))) == 1
    assert "older version of ccec" in capsys.readouterr().err


def test_a_current_database_is_left_alone(tmp_path, monkeypatch):
    script = load_script()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(script, "DATABASE", tmp_path / "db.sqlite3")
    database_with(script.DATABASE, [("recommendations", "0001_initial"), ("auth", "0012_alter_user_first_name")])
    assert script.main() == 0
    assert script.DATABASE.exists()
