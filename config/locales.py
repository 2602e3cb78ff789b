"""The shipped languages and their catalogs, loaded lazily, one per language in use.

Catalogs live as ``locales/<language>/LC_MESSAGES/limber.po`` beside this module. The
install compiles each into a ``.mo`` beside it (``setup.py``, and the Dockerfile); when a
``.mo`` is missing or older than its ``.po`` (a source checkout, an editable install), the
``.po`` is compiled in memory on first use. Dates and decimals use the catalogs' own words
(no locale data at run time); a language's city names load for its first zone typed by name.
:func:`speaking` puts a language in force for one update or one composed message through
``core.i18n``'s context variable, never for the whole process.
"""

from __future__ import annotations

import gettext
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

from core import i18n
from core.i18n import pgettext
from core.summary.format import month_word, weekday_word

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
    """Every message of the catalog's template between markers (English plural rules);
    a string that is no message id comes back as it is, as from a real catalog."""

    def __init__(self, known: set[tuple[str | None, str]]) -> None:
        super().__init__()
        self._known = known

    def _marked(self, context: str | None, message: str) -> str:
        if (context, message) in self._known:
            return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}"
        return message

    def gettext(self, message: str) -> str:
        return self._marked(None, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._marked(None, msgid1) if n == 1 else self._marked(None, msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self._marked(context, message)


def _pseudo() -> Pseudo:
    from config.messages import template  # the source's messages: tests only

    known: set[tuple[str | None, str]] = set()
    for message in template():
        texts = message.id if isinstance(message.id, tuple | list) else (message.id,)
        known |= {(message.context, str(text)) for text in texts}
    return Pseudo(known)


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
def catalog(language: str) -> i18n.Catalog:
    """The catalog of ``language``; for English the message ids themselves."""
    if language == PSEUDO:
        return _pseudo()
    if language == ENGLISH or language not in LANGUAGES:
        return i18n.UNTRANSLATED
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


def format_date(value: date | datetime, pattern: str) -> str:
    """``value`` as ``EEE dd MMM`` (``Mon 02 Dec``; ``d`` unpadded, a trailing ``y`` adds
    the year), with the catalog's weekday and month words: no locale data is loaded."""
    day = f"{value.day:02d}" if "dd" in pattern else str(value.day)
    words = [weekday_word(value.weekday()), day, month_word(value.month)]
    if pattern.endswith(" y"):
        words.append(str(value.year))
    return " ".join(words)


def format_decimal(value: float, digits: int = 1) -> str:
    """``1.5`` as the language in force writes it (``1,5`` in ru, uk, es, pt, id)."""
    return f"{value:.{digits}f}".replace(".", pgettext("decimal separator", "."))


def weekday_name(index: int, width: Literal["abbreviated", "wide"] = "abbreviated") -> str:
    """Weekday ``index`` (0 is Monday) as the language in force names it (``Mon``, ``пн``;
    ``wide``: ``Monday``)."""
    return weekday_word(index, wide=width == "wide")


def zone_for_city(text: str) -> str | None:
    """The IANA zone of a city as the language in force names it (CLDR's names, taken from
    Babel into ``locales/<language>/cities.json`` by ``python -m config.messages``:
    ``Москва``, ``Ciudad de México``, ``São Paulo``); None when it names none."""
    return _cities(i18n.language()).get(city_key(text))


def city_key(text: str) -> str:
    """A city name as the tables hold it: folded (``sao paulo``), one space between words."""
    from core.words import fold

    return fold(" ".join(text.replace("_", " ").replace("-", " ").split()))


@cache
def _cities(language: str) -> dict[str, str]:
    """City name to zone for one language, read on the first zone typed by name in it."""
    path = LOCALES / language / "cities.json"
    if language not in LANGUAGES or not path.is_file():
        return {}
    found: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return found
