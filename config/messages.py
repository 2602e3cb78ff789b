"""The message catalog's template: every English string a user can see, and keeping each
language's ``.po`` in step with it.

``python -m config.messages`` rewrites every ``locales/*/LC_MESSAGES/limber.po`` from the
source: new message ids come in untranslated, vanished ones go (``tests/test_catalogs.py``
fails while any is untranslated). ``python -m config.messages new xx`` starts a language.
Not loaded at run time.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from config.locales import DOMAIN, LOCALES, catalog_path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "services", "jobs", "config", "core")
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
"""The catalogs' creation date: fixed, so the files change only when their messages do."""
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


def template() -> Catalog:
    """Every message id: gettext calls in the code, ``bot.texts``' strings, the command
    menu's descriptions."""
    from bot import texts
    from bot.routes import COMMANDS

    found = Catalog(domain=DOMAIN, project="Limber", fuzzy=False, creation_date=STAMP)
    for package in PACKAGES:
        extracted = extract_from_dir(ROOT / package, keywords=KEYWORDS, comment_tags=("i18n:",))
        for filename, line, message, comments, context in extracted:
            where = [(f"{package}/{filename}", line)]
            found.add(message, locations=where, auto_comments=comments, context=context)
    for name, english in texts.ENGLISH.items():
        found.add(english, locations=[("bot/texts.py", 0)], auto_comments=[name])
    for name, description in COMMANDS:
        found.add(description, locations=[("bot/routes.py", 0)], auto_comments=[f"/{name}"])
    return found


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


def new(language: str) -> None:
    catalog = Catalog(locale=language, domain=DOMAIN, project="Limber", fuzzy=False)
    write(language, catalog)
    update([language])


if __name__ == "__main__":
    if sys.argv[1:2] == ["new"]:
        new(sys.argv[2])
    else:
        update(sys.argv[1:] or None)
