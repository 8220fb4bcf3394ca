"""The shape of the code, as docs/architecture.md describes it: which app may import which (read
from the document's own table), no import waiting inside a function, no module past about 400
lines, no question of which database outside search/."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
MAX_LINES = 420  # "about 400"
# Data, not code: the demo's content and Django's migrations.
LONG_MODULES_ALLOWED = {"demo/content.py"}


def documented_rules():
    """{app: {apps it may import}} from the table of docs/architecture.md."""
    rules = {}
    for line in ARCHITECTURE.read_text().splitlines():
        row = re.fullmatch(r"\| `(\w+)` \|.*\| (.+) \|", line)
        if row:
            app, imports = row.groups()
            rules[app] = set(re.findall(r"`(\w+)`", imports))
    return rules


RULES = documented_rules()


def modules(app):
    return sorted(path for path in (ROOT / app).rglob("*.py") if "__pycache__" not in path.parts)


def imported_apps(path, app):
    """(line, imported top-level package) of every import in `path`, relative ones resolved."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    if path.name == "__init__.py":
        package = path.relative_to(ROOT).parts[:-1]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield node.lineno, (base[0] if base else app)
            else:
                yield node.lineno, node.module.split(".")[0]


def test_the_document_names_every_app():
    assert set(RULES) == {
        *("background", "media", "articles", "search", "alerts", "websub", "desk", "press"),
        "newsroom",
        *("demo", "bench"),
    }
    for app in RULES:
        assert (ROOT / app / "apps.py").exists(), app


@pytest.mark.parametrize("app", sorted(RULES))
def test_each_app_imports_only_what_the_document_allows(app):
    allowed = RULES[app] | {app}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in modules(app)
        for line, imported in imported_apps(path, app)
        if imported in RULES and imported not in allowed
    ]
    assert wrong == []


def test_nothing_imports_demo_or_bench():
    importers = {app for app, allowed in RULES.items() if {"demo", "bench"} & allowed}
    assert importers == set()


def test_no_import_waits_inside_a_function_but_in_app_ready():
    hidden = []
    for app in RULES:
        for path in modules(app):
            for function in ast.walk(ast.parse(path.read_text())):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                if path.name == "apps.py" and function.name == "ready":
                    continue  # Django loads the models only after the app configs
                hidden += [
                    f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()"
                    for node in ast.walk(function)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                ]
    assert hidden == []


def test_no_module_passes_about_400_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for app in RULES
        for path in modules(app)
        if "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in LONG_MODULES_ALLOWED
        and (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []


def test_only_search_and_the_benchmark_ask_which_database_this_is():
    # Applied migrations are history: articles/0006 made an index on PostgreSQL only, which
    # 0013 dropped with its column.
    asking = [
        f"{path.relative_to(ROOT)}"
        for app in RULES.keys() - {"search", "bench"}
        for path in modules(app)
        if "migrations" not in path.parts and "connection.vendor" in path.read_text()
    ]
    assert asking == []


def test_production_settings_install_neither_demo_nor_bench():
    """With DEBUG off and no DEMO, as in production: the apps and their commands are absent."""
    environment = {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": "architecture-test",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "sqlite:///:memory:",
        "PATH": "/usr/bin:/bin",
    }
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.management import get_commands; "
        "print(sorted(settings.INSTALLED_APPS)); print(sorted(get_commands()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    apps, commands = result.stdout.splitlines()
    assert "'demo'" not in apps and "'bench'" not in apps
    assert "'search'" in apps and "'media'" in apps
    for command in ("seed_demo", "create_demo_editor", "bench", "seed_bench"):
        assert f"'{command}'" not in commands
    assert "'rebuild_search_index'" in commands


def test_only_the_press_room_reads_the_press_rule():
    """What an approved journalist may see (`visible_to_press()`, `embargoed()`) is read by
    press/ alone: no public surface may ever call it (the domain defines it, and names it)."""
    defined = {"articles/querysets.py", "articles/models/article.py"}
    readers = [
        f"{path.relative_to(ROOT)}"
        for app in RULES.keys() - {"press"}
        for path in modules(app)
        if str(path.relative_to(ROOT)) not in defined
        and re.search(r"\.(visible_to_press|embargoed)\(", path.read_text())
    ]
    assert readers == []
