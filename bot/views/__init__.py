"""What Limber shows: texts and keyboards built from plain data. Pure: no I/O, no clock.

Handlers decide inside a transaction which view to show and send it after the commit
(``bot.replies``); the engine's composers get the views they need from ``bot.app``.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

View = tuple[str, InlineKeyboardMarkup | None]
"""A message's text and its buttons."""
