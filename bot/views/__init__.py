"""What Limber shows: texts and keyboards built from plain data. Pure: no I/O, no clock.

Handlers decide inside a transaction which view to show and send it after the commit
(``bot.replies``); the engine's composers get the views they need from ``bot.app``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from core.outgoing import InlineKeyboard

View = tuple[str, InlineKeyboard | None]
"""A message's text and its buttons."""

B = TypeVar("B")


def rows_of(buttons: Sequence[B], per_row: int) -> list[list[B]]:
    """Buttons laid out ``per_row`` to a row."""
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]
