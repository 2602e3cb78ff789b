"""Layers point one way: each package imports only the layers below it.

    bot/ -> services/ -> jobs/ -> db/ -> config/ -> core/

``core/`` is pure: it imports no other layer of Limber and none of the libraries that
talk to Telegram, a database or a scheduler (or that validate settings).

Handlers go through ``services/`` for every write, and for the reads they need: a module of
``bot/handlers/`` imports nothing from ``db/`` and assigns no attribute (a row's column), so
what a handler changes is said once, in a service.

``fakebot/`` stands apart: a fake Telegram Bot API server that imports nothing of Limber's,
as Telegram knows nothing of its bots. Of the application only the sandbox
(``bot/sandbox/``) may import it: every other module talks to whatever Bot API the
settings name. The benchmarks import the product, never ``tests/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("core", "config", "db", "jobs", "services", "bot")
"""Lowest first: a module may import from its own layer and those before it."""
IMPURE = {
    "telegram",
    "sqlalchemy",
    "alembic",
    "apscheduler",
    "aiosqlite",
    "asyncpg",
    "httpx",
    "pydantic",
    "pydantic_settings",
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _modules(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_imports_only_the_layers_below_it(layer: str) -> None:
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & above)
        for path in _modules(layer)
        if imported_roots(path) & above
    }
    assert upward == {}


@pytest.mark.parametrize("path", _modules("core"), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_imports_no_telegram_database_or_scheduler(path: Path) -> None:
    assert not imported_roots(path) & IMPURE


def test_the_fake_bot_api_imports_nothing_of_limbers() -> None:
    limber = {*LAYERS, "tests", "bench"}
    inward = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & limber)
        for path in _modules("fakebot")
        if imported_roots(path) & limber
    }
    assert inward == {}


def test_only_the_sandbox_imports_the_fake_bot_api() -> None:
    sandbox = ROOT / "bot" / "sandbox"
    importers = [
        str(path.relative_to(ROOT))
        for layer in LAYERS
        for path in _modules(layer)
        if "fakebot" in imported_roots(path) and sandbox not in path.parents
    ]
    assert importers == []


def test_handlers_import_nothing_from_the_database_layer() -> None:
    handlers = ROOT / "bot" / "handlers"
    reaching = [
        str(path.relative_to(ROOT))
        for path in sorted(handlers.rglob("*.py"))
        if "db" in imported_roots(path)
    ]
    assert reaching == []


def attribute_writes(path: Path) -> list[str]:
    """``x.y = …`` (and ``x.y += …``, ``x[k] = …``) in ``path``: changes to an object's state."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        found += [
            f"{path.name}:{node.lineno} {ast.unparse(target)}"
            for target in targets
            if isinstance(target, ast.Attribute | ast.Subscript)
        ]
    return found


def test_handlers_change_rows_only_through_services() -> None:
    handlers = ROOT / "bot" / "handlers"
    assert [w for path in sorted(handlers.rglob("*.py")) for w in attribute_writes(path)] == []


def test_benchmarks_import_no_tests() -> None:
    assert [
        str(p.relative_to(ROOT)) for p in _modules("bench") if "tests" in imported_roots(p)
    ] == []


def test_the_layer_test_sees_an_upward_import_and_a_write(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from bot.app import build_application\nimport sqlalchemy.orm\n"
        "user.awaiting = None\nrow.attempts += 1\nlocal = 1\n"
    )
    assert imported_roots(module) == {"bot", "sqlalchemy"}
    assert attribute_writes(module) == ["m.py:3 user.awaiting", "m.py:4 row.attempts"]
