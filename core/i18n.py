"""The words of the language in use: gettext calls that read a context variable.

The catalog in force is set per update (or per composed reminder) by ``config.locales``;
this module only reads it, so ``core`` stays free of files and Telegram. English strings
are the message ids: with no catalog set (gettext's ``NullTranslations``), or an id a catalog
lacks, the English comes back.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from gettext import NullTranslations
from typing import Protocol


class Catalog(Protocol):
    """What ``gettext.GNUTranslations`` offers and Limber uses."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


UNTRANSLATED: Catalog = NullTranslations()
"""The message ids themselves: gettext's own fallback, in force until a catalog is set."""

InForce = tuple[str, Catalog]
"""A language code and its catalog."""

_in_force: ContextVar[InForce] = ContextVar("limber_language", default=("en", UNTRANSLATED))


def set_catalog(language: str, catalog: Catalog) -> Token[InForce]:
    """Put ``catalog`` in force for the current context; a token for :func:`reset_catalog`."""
    return _in_force.set((language, catalog))


def reset_catalog(token: Token[InForce]) -> None:
    _in_force.reset(token)


def language() -> str:
    """The language code in force (``en``, ``ru``, ``pt_BR`` ...)."""
    return _in_force.get()[0]


def _(message: str) -> str:
    """``message`` (its English text) in the language in force."""
    return _in_force.get()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the language in force."""
    return _in_force.get()[1].ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language in force, told apart by ``context`` (short labels)."""
    return _in_force.get()[1].pgettext(context, message)


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
