"""The shipped languages and their catalogs, loaded lazily, one per language in use.

Catalogs live as ``locales/<language>/LC_MESSAGES/limber.po`` beside this module. The
install compiles each into a ``.mo`` beside it (``setup.py``, and the Dockerfile); when a
``.mo`` is missing or older than its ``.po`` (a source checkout, an editable install), the
``.po`` is compiled in memory on first use. :func:`speaking` puts a language in force for
one update or one composed message through ``core.i18n``'s context variable, never for
the whole process.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from core import i18n

LOCALES = Path(__file__).with_name("locales")
DOMAIN = "limber"
ENGLISH = "en"
PSEUDO = "qps"
"""A test-only pseudo-locale (``qps-ploc`` in Telegram's terms): every translated string
comes back between markers, so a test sees any text that skipped translation."""
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "uk": "Українська",
    "es": "Español",
    "pt_BR": "Português (Brasil)",
    "id": "Bahasa Indonesia",
}
"""Every shipped language, named in itself (the ``/language`` buttons)."""


def normalise(code: str | None) -> str:
    """A Telegram ``language_code`` (IETF: ``pt-br``, ``es-419``) as a shipped language;
    anything else is English."""
    if not code:
        return ENGLISH
    tag = code.replace("_", "-").lower()
    if tag == PSEUDO or tag.startswith(PSEUDO + "-"):
        return PSEUDO
    base = tag.split("-", 1)[0]
    if base == "pt":
        return "pt_BR"
    return base if base in LANGUAGES else ENGLISH


class Pseudo(gettext.NullTranslations):
    """Every message between markers, with English plural rules."""

    def gettext(self, message: str) -> str:
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


def catalog_path(language: str, suffix: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compile_po(po: Path) -> bytes:
    """The ``.mo`` bytes of one ``.po`` file (Babel), fuzzy entries left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


@cache
def catalog(language: str) -> i18n.Catalog | None:
    """The catalog of ``language``; None for English (the message ids are English)."""
    if language == PSEUDO:
        return Pseudo()
    if language == ENGLISH or language not in LANGUAGES:
        return None
    po, mo = catalog_path(language, ".po"), catalog_path(language, ".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Put ``language`` (a stored or Telegram code) in force inside the block."""
    chosen = normalise(language)
    token = i18n.set_catalog(chosen, catalog(chosen))
    try:
        yield chosen
    finally:
        i18n.reset_catalog(token)


def use(language: str | None) -> str:
    """Put ``language`` in force for the rest of the current context (one update's task)."""
    chosen = normalise(language)
    i18n.set_catalog(chosen, catalog(chosen))
    return chosen


def compile_all(target: Path | None = None) -> list[Path]:
    """Compile every shipped ``.po`` into its ``.mo`` (under ``target``'s ``locales`` when
    given: a build directory); the paths written."""
    written = []
    for po in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        relative = po.relative_to(LOCALES.parent).with_suffix(".mo")
        mo = (target or LOCALES.parent) / relative
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(compile_po(po))
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path)
