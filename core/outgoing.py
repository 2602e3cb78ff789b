"""An outgoing message as plain data: its text, its keyboard, and a photo if it has one.

Views, services and the engine's composers build these; python-telegram-bot's markup is
made from them only where a message is sent (``jobs.wire``, used by the engine's sender and
by ``bot.replies``), so no layer above the engine handles Telegram's types to say what a
message holds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class InlineButton:
    """A button under a message: it sends ``callback_data`` back, or opens ``url``."""

    text: str
    callback_data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.callback_data is None) == (self.url is None):
            raise ValueError("an inline button carries callback data or a url, not both")


@dataclass(frozen=True, slots=True)
class ReplyButton:
    """A button of the keyboard that replaces the user's: its text is sent as a message,
    or, with ``request_location``, the user's location."""

    text: str
    request_location: bool = False


@dataclass(frozen=True, slots=True, init=False)
class InlineKeyboard:
    """Buttons under a message, row by row."""

    rows: tuple[tuple[InlineButton, ...], ...]

    def __init__(self, rows: Iterable[Iterable[InlineButton]]) -> None:
        object.__setattr__(self, "rows", tuple(tuple(row) for row in rows))


@dataclass(frozen=True, slots=True, init=False)
class ReplyKeyboard:
    """A keyboard in place of the user's, shrunk to its buttons and gone after one press."""

    rows: tuple[tuple[ReplyButton, ...], ...]

    def __init__(self, rows: Iterable[Iterable[ReplyButton]]) -> None:
        object.__setattr__(self, "rows", tuple(tuple(row) for row in rows))


@dataclass(frozen=True, slots=True)
class RemoveKeyboard:
    """Takes away a reply keyboard shown before."""


Keyboard = InlineKeyboard | ReplyKeyboard | RemoveKeyboard

PhotoSource = Callable[[], Awaitable[bytes]]
"""A photo awaited only when it is sent: a chart renders in a worker process meanwhile,
and no transaction is held open while it draws."""


class PhotoUnavailable(Exception):
    """A ``PhotoSource`` could not make its photo: the message cannot be sent."""


@dataclass(frozen=True, slots=True)
class Lifespan:
    """How long a message's buttons mean something. It is *folded* (``services.folding``)
    when a newer message of the same ``topic`` goes to the user (if ``supersede``: a newer
    one replaces it), or with the first message after ``until``: its buttons go, and with
    ``folded`` its text becomes that one line. ``local_date`` is the day it is about, for
    topics whose fold depends on it."""

    topic: str
    local_date: date | None = None
    until: datetime | None = None
    supersede: bool = True
    folded: str | None = None


@dataclass(frozen=True, slots=True)
class Fold:
    """An earlier message whose moment has passed, as it is to become: ``text`` (None:
    the same text) and ``keyboard`` (usually none); a fold that keeps buttons stays live
    with ``lifespan``."""

    message_id: int
    text: str | None = None
    keyboard: InlineKeyboard | None = None
    lifespan: Lifespan | None = None


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One message to send: text with a keyboard, or a photo with ``text`` as its caption.

    ``lifespan`` says how long its inline buttons mean something; ``folds`` are earlier
    messages to fold once it is sent. Only a message marked ``group_safe`` (a team's, which
    names no one's health) may go to a group chat: every other message may be about the
    user's health, and ``jobs.wire`` sends it to private chats only."""

    text: str
    keyboard: Keyboard | None = None
    photo: bytes | PhotoSource | None = None
    lifespan: Lifespan | None = None
    folds: tuple[Fold, ...] = ()
    group_safe: bool = False
