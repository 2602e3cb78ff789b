"""The glossary and the docs name what the code holds: every ``module.Name`` they give
imports, and every module path they name exists (README.md and docs/)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "services", "jobs", "db", "config", "core", "fakebot")
ANY_PACKAGE = "|".join(PACKAGES)
DOTTED = re.compile(rf"`((?:{ANY_PACKAGE})(?:\.\w+)+)`")
PATH = re.compile(rf"`((?:{ANY_PACKAGE})/[\w/]+\.py)`")
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for name in parts[split:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


def test_every_name_in_the_glossary_is_in_the_code() -> None:
    names = set(DOTTED.findall((ROOT / "docs" / "glossary.md").read_text()))
    assert len(names) > 30
    assert sorted(name for name in names if not _resolves(name)) == []


def test_every_name_the_docs_give_is_in_the_code() -> None:
    missing = {
        f"{doc.name}: {name}"
        for doc in DOCS
        for name in DOTTED.findall(doc.read_text())
        if not _resolves(name)
    }
    assert sorted(missing) == []


def test_every_module_path_the_docs_name_exists() -> None:
    missing = {
        f"{doc.name}: {path}"
        for doc in DOCS
        for path in PATH.findall(doc.read_text())
        if not (ROOT / path).exists()
    }
    assert sorted(missing) == []
