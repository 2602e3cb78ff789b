"""The message catalog's template: every English string a user can see, and keeping each
language's ``.po`` in step with it.

``python -m config.messages`` rewrites every ``locales/*/LC_MESSAGES/limber.po`` from the
source: new message ids come in untranslated, vanished ones go (``tests/test_catalogs.py``
fails while any is untranslated). ``python -m config.messages new xx`` starts a language.
Not loaded at run time.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from config.locales import DOMAIN, LOCALES, catalog_path, city_key

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "services", "jobs", "config", "core")
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
"""The catalogs' creation date: fixed, so the files change only when their messages do."""
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "P_": ((1, "c"), 2)}


def template() -> Catalog:
    """Every message id: gettext calls in the code, ``bot.texts``' strings, the command
    menu's descriptions (both read from the source: ``config`` imports no ``bot``)."""
    found = Catalog(domain=DOMAIN, project="Limber", fuzzy=False, creation_date=STAMP)
    for package in PACKAGES:
        extracted = extract_from_dir(ROOT / package, keywords=KEYWORDS, comment_tags=("i18n:",))
        for filename, line, message, comments, context in extracted:
            where = [(f"{package}/{filename}", line)]
            found.add(message, locations=where, auto_comments=comments, context=context)
    for field, english in knowledge_texts():
        found.add(english, locations=[("config/knowledge.toml", 0)], auto_comments=[field])
    for name, english in _texts().items():
        found.add(english, locations=[("bot/texts.py", 0)], auto_comments=[name])
    for name, description in _literal("bot/routes.py", "COMMANDS"):
        found.add(description, locations=[("bot/routes.py", 0)], auto_comments=[f"/{name}"])
    return found


KNOWLEDGE_PROSE = frozenset(
    {
        "name",
        "unit",
        "serving",
        "label",
        "reason",
        "signs",
        "explanation",
        "title",
        "intro",
        "steps",
        "after",
        "offer",
        "note",
        "doctor",
        "pregnancy",
        "potassium_caution",
        "no_supplements",
        "thirst",
        "drink_signs",
        "heat_signs",
        "child_drinks",
        "pregnancy_drinks",
        "far_above",
    }
)
"""The fields of ``core.knowledge``'s records that a user reads: each value is a message id
(the rest, ids and sources, stays as it is)."""


KNOWLEDGE_IDS = frozenset({("RedFlagRule", "signs"), ("RedFlagRule", "question")})
"""Fields named like prose that hold ids (a red flag's check-in signs and question)."""


def knowledge_texts() -> list[tuple[str, str]]:
    """(field, text) of every user-facing text in ``knowledge.toml``."""
    from config.knowledge import load_knowledge

    found: list[tuple[str, str]] = []

    def walk(value: object, field: str) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for each in dataclasses.fields(value):
                if (type(value).__name__, each.name) not in KNOWLEDGE_IDS:
                    walk(getattr(value, each.name), each.name)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, field)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item, field)
        elif isinstance(value, str) and value and field in KNOWLEDGE_PROSE:
            found.append((field, value))

    walk(load_knowledge().to_core(), "")
    return found


def _assignments(path: str) -> dict[str, ast.expr]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
    return found


def _literal(path: str, name: str) -> Any:
    return ast.literal_eval(_assignments(path)[name])


def _texts() -> dict[str, str]:
    """``bot.texts``' messages by name: its upper-case strings but the operator's."""
    assigned = _assignments("bot/texts.py")
    operator = ast.literal_eval(assigned["OPERATOR"].args[0])  # type: ignore[attr-defined]
    return {
        name: value.value
        for name, value in assigned.items()
        if name.isupper()
        and name not in operator
        and isinstance(value, ast.Constant)
        and isinstance(value.value, str)
    }


def read(language: str) -> Catalog:
    with catalog_path(language, ".po").open("rb") as source:
        return read_po(source, locale=language)


def write(language: str, catalog: Catalog) -> None:
    path = catalog_path(language, ".po")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=100, include_lineno=False, include_previous=False)


def update(languages: list[str] | None = None) -> None:
    source = template()
    for po in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = po.parent.parent.name
        if languages and language not in languages:
            continue
        catalog = read(language)
        catalog.update(source, no_fuzzy_matching=True, update_creation_date=True)
        catalog.revision_date = STAMP
        catalog.obsolete.clear()
        write(language, catalog)
        write_cities(language)


def cities(language: str) -> dict[str, str]:
    """CLDR's city names in ``language`` (Babel), folded, each with its IANA zone."""
    from babel import Locale

    found: dict[str, str] = {}
    for zone, names in sorted(Locale.parse(language).time_zones.items()):
        city = names.get("city")
        if city:
            found.setdefault(city_key(city), zone)
    return found


def write_cities(language: str) -> None:
    path = LOCALES / language / "cities.json"
    text = json.dumps(cities(language), ensure_ascii=False, indent=0, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def new(language: str) -> None:
    catalog = Catalog(locale=language, domain=DOMAIN, project="Limber", fuzzy=False)
    write(language, catalog)
    update([language])


if __name__ == "__main__":
    if sys.argv[1:2] == ["new"]:
        new(sys.argv[2])
    else:
        update(sys.argv[1:] or None)
