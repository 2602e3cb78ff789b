"""The words of the language in use: gettext calls that read a context variable.

The catalog in force is set per update (or per composed reminder) by ``config.locales``;
this module only reads it, so ``core`` stays free of files and Telegram. English strings
are the message ids: with no catalog set, or an id a catalog lacks, the English comes back.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Protocol


class Catalog(Protocol):
    """What ``gettext.GNUTranslations`` offers and Limber uses."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


_catalog: ContextVar[Catalog | None] = ContextVar("limber_catalog", default=None)
_language: ContextVar[str] = ContextVar("limber_language", default="en")


@dataclass(frozen=True, slots=True)
class Tokens:
    """What :func:`reset_catalog` needs to put the previous catalog back."""

    language: Token[str]
    catalog: Token[Catalog | None]


def set_catalog(language: str, catalog: Catalog | None) -> Tokens:
    """Put ``catalog`` in force for the current context; tokens for :func:`reset_catalog`."""
    return Tokens(_language.set(language), _catalog.set(catalog))


def reset_catalog(tokens: Tokens) -> None:
    _language.reset(tokens.language)
    _catalog.reset(tokens.catalog)


def language() -> str:
    """The language code in force (``en``, ``ru``, ``pt_BR`` ...)."""
    return _language.get()


def _(message: str) -> str:
    """``message`` (its English text) in the language in force."""
    catalog = _catalog.get()
    return message if catalog is None else catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the language in force."""
    catalog = _catalog.get()
    if catalog is None:
        return singular if n == 1 else plural
    return catalog.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language in force, told apart by ``context`` (short labels)."""
    catalog = _catalog.get()
    return message if catalog is None else catalog.pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog; it is translated where it is used, with ``_``."""
    return message


def P_(context: str, message: str) -> str:
    """Mark ``message`` for the catalog under ``context``; translated where it is used, with
    ``pgettext(context, message)``."""
    return message


def button(label: str) -> str:
    """A short button label (marked with ``P_("button", ...)``) in the language in force."""
    return pgettext("button", label)
