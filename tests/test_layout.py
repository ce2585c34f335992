"""The layout of the code holds (README, "Map of the code"): one app per job, dependencies
pointing one way, small modules, and the paper reader free of Django."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app may import only apps of a lower rank (and itself); apps of one rank are peers that
# never import each other.
RANKS = {
    "ccec": 0,
    "accounts": 1,
    "health": 1,
    "companies": 2,
    "meetings": 3,
    "recommendations": 4,
    "reminders": 5,
    "reports": 5,
    "imports": 5,
    "translations": 5,
    "suggestions": 5,
    "letters": 6,
    "people": 6,
    "demo": 7,
}
# The project's wiring knows every app by design.
WIRING = {ROOT / "ccec" / "urls.py", ROOT / "ccec" / "settings.py"}
LINE_LIMIT = 420


def modules():
    for app in RANKS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def imported_packages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_every_app_is_ranked():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps | {"ccec"} == set(RANKS)


@pytest.mark.parametrize(("app", "path"), list(modules()), ids=lambda value: str(value))
def test_dependencies_point_down(app, path):
    if path in WIRING:
        return
    upward = {
        package
        for package in imported_packages(path)
        if package in RANKS and package != app and RANKS[package] >= RANKS[app]
    }
    assert upward == set(), f"{path.relative_to(ROOT)} imports {sorted(upward)}, which stand above or beside {app}"


def test_no_module_is_long():
    long = {
        str(path.relative_to(ROOT)): length
        for path in [*ROOT.glob("*/**/*.py"), *ROOT.glob("scripts/*.py")]
        if ".venv" not in path.parts
        and "migrations" not in path.parts
        and "tests" not in path.parts
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > LINE_LIMIT
    }
    assert long == {}


def test_the_paper_reader_is_plain_python():
    for path in (ROOT / "imports" / "reading").glob("*.py"):
        assert "django" not in set(imported_packages(path)), path.name


def test_no_file_is_reached_by_path():
    """Stored files go through the storage API only (S3, a worker on another host): no `.path`,
    `temporary_file_path()` or MEDIA_ROOT in the apps (settings aside)."""
    found = []
    for _app, path in modules():
        if path in WIRING:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"path", "temporary_file_path", "MEDIA_ROOT"}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    assert not found, found
