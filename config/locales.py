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
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from core import i18n

if TYPE_CHECKING:
    from babel import Locale

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
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            known.add((message.context, text))
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
def catalog(language: str) -> i18n.Catalog | None:
    """The catalog of ``language``; None for English (the message ids are English)."""
    if language == PSEUDO:
        return _pseudo()
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


def babel_locale() -> Locale:
    """Babel's locale for the language in force (its data loads on first use)."""
    from babel import Locale

    language = i18n.language()
    return Locale.parse(ENGLISH if language == PSEUDO else language)


def _pseudo_marked(text: str) -> str:
    """Babel's words, marked under the pseudo-locale like the catalog's."""
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if i18n.language() == PSEUDO else text


def format_date(value: date | datetime, pattern: str) -> str:
    """``value`` in a CLDR ``pattern`` (``EEE d MMM``), in the language in force."""
    from babel.dates import format_date as babel_format_date

    return _pseudo_marked(babel_format_date(value, pattern, locale=babel_locale()))


def format_decimal(value: float, digits: int = 1) -> str:
    """``1.5`` as the language in force writes it (``1,5`` in ru, es, pt, id)."""
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(round(value, digits), locale=babel_locale())


def weekday_name(index: int, width: Literal["abbreviated", "wide"] = "abbreviated") -> str:
    """Weekday ``index`` (0 is Monday) as the language in force names it (``Mon``,
    ``пн``); ``width`` is CLDR's: ``abbreviated`` or ``wide``."""
    from babel.dates import get_day_names

    return _pseudo_marked(str(get_day_names(width, locale=babel_locale())[index]))


def zone_for_city(text: str) -> str | None:
    """The IANA zone of a city as the language in force names it (Babel's CLDR data:
    ``Москва``, ``Ciudad de México``, ``São Paulo``); None when it names none."""
    return _cities(i18n.language()).get(_city_key(text))


def _city_key(text: str) -> str:
    from core.words import fold

    return fold(" ".join(text.replace("_", " ").replace("-", " ").split()))


@cache
def _cities(language: str) -> dict[str, str]:
    """City name to zone for one language (loaded on the first unknown zone typed in it)."""
    if language not in LANGUAGES or language == ENGLISH:
        return {}
    from babel import Locale

    found: dict[str, str] = {}
    for zone, names in Locale.parse(language).time_zones.items():
        city = names.get("city")
        if city:
            found.setdefault(_city_key(city), zone)
    return found
