"""/settings → 🔔 Reminders: each reminder kind on or off, and its timing.

Buttons carry ``rp:<action>[:<kind>[:<offset>]]`` and the settings message is edited
in place: ``home`` lists the kinds, ``k`` shows one, ``on``/``off`` switch it, ``t``
picks an offered offset (signed minutes, as in ``core.planning.reminders``), ``d`` goes back to
the defaults and ``c`` asks for a typed number of minutes (``users.awaiting`` is then
``rp:<kind>``). Each change is one ``ReminderPref`` row, then ``resync_user`` in the
same transaction, so due times follow at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import texts
from bot.callbacks import Callback, decode
from bot.context import LimberContext
from bot.handlers import summary
from bot.views import show
from core.planning import (
    DRINK_DURING_MIN_SESSION_MIN,
    POLICIES,
    Anchor,
    ReminderKind,
    ReminderSettings,
)
from core.timeparse import parse_duration
from db.models import ReminderPref, User
from db.prefs import get_pref, list_prefs, save_pref
from db.users import get_user
from jobs.planning import SCHEDULED_KINDS, resync_user

AREA = "rp"
_KIND_VALUES = frozenset(kind.value for kind in ReminderKind)
MAX_TYPED_CHARS = 32


@dataclass(frozen=True, slots=True)
class KindChoices:
    """How one kind appears: its name, the offsets offered as buttons (signed minutes
    from its anchor) and the range a typed number of minutes may take (None: no typing)."""

    label: str
    offsets: tuple[int, ...] = ()
    typed: tuple[int, int] | None = None


KINDS: dict[ReminderKind, KindChoices] = {
    ReminderKind.DRINK_BEFORE: KindChoices("Drink before", (-60, -120, -180, -240), (30, 360)),
    ReminderKind.WARM_UP: KindChoices("Warm-up", (-5, -10, -15), (1, 60)),
    ReminderKind.DRINK_DURING: KindChoices("Drink during long sessions", (15, 20, 30), (10, 60)),
    ReminderKind.COOL_DOWN: KindChoices("Cool-down stretch", (0, 10), (1, 60)),
    ReminderKind.REHYDRATE: KindChoices("Rehydrate after", (15, 30, 60), (1, 120)),
    ReminderKind.HYDRATION_NUDGE: KindChoices("Hydration nudges"),
    ReminderKind.BEDTIME_STRETCH: KindChoices("Bedtime calf stretch", (-15, -30, -60), (1, 120)),
    ReminderKind.CHECKIN: KindChoices("Daily check-in", (19 * 60, 20 * 60, 21 * 60, 22 * 60)),
    ReminderKind.SUMMARY: KindChoices("Weekly summary", (9 * 60, 12 * 60, 18 * 60, 19 * 60)),
}
SHOWN: tuple[ReminderKind, ...] = tuple(kind for kind in KINDS if kind in SCHEDULED_KINDS)
"""Kinds the user can change: those the engine schedules."""


def _span(minutes: int) -> str:
    hours, rest = divmod(abs(minutes), 60)
    return " ".join(
        ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest or not hours else [])
    )


_WORDS: dict[Anchor, tuple[str, str, str]] = {  # at the anchor, before it, after it
    Anchor.WORKOUT_START: ("at the start", "{} before", "{} after the start"),
    Anchor.WORKOUT_END: ("at the end", "{} before the end", "{} after"),
    Anchor.SLEEP: ("at sleep time", "{} before sleep", "{} after sleep"),
}


def timing(kind: ReminderKind, offset: int) -> str | None:
    """The offset in words, as measured from the kind's anchor; None for nudges."""
    anchor = POLICIES[kind].anchor
    if kind is ReminderKind.DRINK_DURING:
        return f"every {_span(offset)}"
    if anchor in (Anchor.TIME_OF_DAY, Anchor.WEEKLY):
        return "at {:02d}:{:02d}".format(*divmod(offset % (24 * 60), 60))
    if anchor not in _WORDS:
        return None
    at, before, after = _WORDS[anchor]
    return at if offset == 0 else (before if offset < 0 else after).format(_span(offset))


def _sign(kind: ReminderKind) -> int:
    """A typed number of minutes counts in the direction of the kind's default."""
    return -1 if POLICIES[kind].default_offset_min < 0 else 1


def state(kind: ReminderKind, settings: ReminderSettings) -> str:
    """E.g. "on, 2 h before" or "off"."""
    if not settings.is_enabled(kind):
        return "off"
    words = timing(kind, int(settings.offset(kind).total_seconds() // 60))
    return f"on, {words}" if words else "on"


def _settings(prefs: dict[str, ReminderPref]) -> ReminderSettings:
    kinds = {ReminderKind(k): p for k, p in prefs.items() if k in _KIND_VALUES}
    return ReminderSettings(
        enabled={k: p.enabled for k, p in kinds.items() if p.enabled is not None},
        offsets_min={k: p.offset_min for k, p in kinds.items() if p.offset_min is not None},
    )


def _button(label: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=Callback(AREA, action, value).encode())


def list_view(settings: ReminderSettings) -> tuple[str, InlineKeyboardMarkup]:
    lines = [f"{KINDS[kind].label}: {state(kind, settings)}" for kind in SHOWN]
    text = "🔔 <b>Your reminders</b>\n\n" + "\n".join(lines) + "\n\nTap one to change it."
    buttons = [_button(KINDS[kind].label, "k", kind.value) for kind in SHOWN]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton("« Back", callback_data=Callback("s", "home").encode())])
    return text, InlineKeyboardMarkup(rows)


def kind_view(
    kind: ReminderKind, settings: ReminderSettings, overridden: bool
) -> tuple[str, InlineKeyboardMarkup]:
    choices, on = KINDS[kind], settings.is_enabled(kind)
    default = state(kind, ReminderSettings())
    lines = [f"🔔 <b>{escape(choices.label)}</b>", "", f"Now: {state(kind, settings)}."]
    lines.append(f"Default: {default}." if overridden else "That is the default.")
    if kind is ReminderKind.DRINK_DURING:
        lines.append(f"Only for workouts longer than {DRINK_DURING_MIN_SESSION_MIN} min.")
    current = int(settings.offset(kind).total_seconds() // 60)
    rows = [
        [
            _button(f"{'✓ ' if on else ''}On", "on", kind),
            _button(f"{'' if on else '✓ '}Off", "off", kind),
        ]
    ]
    offsets = [
        _button(f"{'✓ ' if m == current else ''}{timing(kind, m)}", "t", f"{kind}:{m}")
        for m in choices.offsets
    ]
    rows += [offsets[i : i + 2] for i in range(0, len(offsets), 2)]
    rows.append(
        ([_button("Other…", "c", kind)] if choices.typed else [])
        + [_button("↺ Default", "d", kind)]
    )
    if kind is ReminderKind.SUMMARY:  # its weekday has a view of its own (bot.handlers.summary)
        rows.append([_button("📅 Day of the week…", "day", kind)])
    rows.append([_button("« Back", "home")])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def _kind(raw: str) -> ReminderKind | None:
    return next((kind for kind in SHOWN if kind.value == raw), None)


def parse(data: str | None) -> tuple[str, ReminderKind | None, int | None] | None:
    """``(action, kind, offset)`` of a button, or None for data no button of ours carries."""
    callback = decode(data)
    if callback is None or callback.area != AREA:
        return None
    if callback.action == "home":
        return ("home", None, None) if not callback.value else None
    raw_kind, _, raw_offset = callback.value.partition(":")
    kind = _kind(raw_kind)
    if kind is None or callback.action not in ("k", "on", "off", "t", "d", "c", "day"):
        return None
    if callback.action == "day":  # the summary's weekday: a view in bot.handlers.summary
        return ("day", kind, None) if kind is ReminderKind.SUMMARY and not raw_offset else None
    if callback.action == "t":
        offered = {str(m): m for m in KINDS[kind].offsets}
        return ("t", kind, offered[raw_offset]) if raw_offset in offered else None
    if raw_offset or (callback.action == "c" and KINDS[kind].typed is None):
        return None
    return callback.action, kind, None


async def _change(
    session: AsyncSession, context: LimberContext, user: User, kind: ReminderKind,
    action: str, offset: int | None,
) -> dict[str, ReminderPref]:  # fmt: skip
    """Apply one change to the kind's override, resync, and return the user's overrides."""
    pref = await get_pref(session, user_id=user.id, kind=kind.value)
    enabled, offset_min = (pref.enabled, pref.offset_min) if pref else (None, None)
    if action in ("on", "off"):
        enabled = action == "on"
    elif action == "t":
        offset_min = offset
    else:  # "d": back to the defaults
        enabled = offset_min = None
    await save_pref(
        session, user_id=user.id, kind=kind.value, enabled=enabled, offset_min=offset_min
    )
    await resync_user(session, user, context.figures, context.clock.now())
    return await list_prefs(session, user_id=user.id)


async def button(update: Update, context: LimberContext) -> None:
    query = update.callback_query
    assert query and update.effective_user
    parsed = parse(query.data)
    if parsed is None:
        await query.answer(texts.STALE_BUTTON)
        return
    action, kind, offset = parsed
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.consented_at is None:
            await query.answer(texts.START_FIRST, show_alert=True)
            return
        user.awaiting = None
        if kind is None:
            view = list_view(_settings(await list_prefs(session, user_id=user.id)))
        elif action == "day":
            view = summary.day_view(user.summary_weekday)
        elif action == "c":
            user.awaiting = f"{AREA}:{kind}"
            view = _ask(kind)
        else:
            prefs = (
                await list_prefs(session, user_id=user.id)
                if action == "k"
                else await _change(session, context, user, kind, action, offset)
            )
            view = kind_view(kind, _settings(prefs), kind.value in prefs)
    # Committed: only now does the user see the new state.
    await query.answer("Saved." if action in ("on", "off", "t", "d") else None)
    await show(query, view)


def _ask(kind: ReminderKind) -> tuple[str, InlineKeyboardMarkup]:
    low, high = KINDS[kind].typed or (0, 0)
    example = timing(kind, _sign(kind) * high // 2) or ""
    text = (
        f"🔔 <b>{escape(KINDS[kind].label)}</b>\n\nHow many minutes? Type a number from "
        f"{low} to {high}: e.g. {high // 2} means {example}."
    )
    return text, InlineKeyboardMarkup([[_button("« Back", "k", kind)]])


async def typed(update: Update, context: LimberContext, awaiting: str) -> bool:
    """A typed number of minutes for ``rp:<kind>``; False when ``awaiting`` is not that."""
    area, _, raw_kind = awaiting.partition(":")
    kind = _kind(raw_kind) if area == AREA else None
    if kind is None or KINDS[kind].typed is None:
        return False
    assert update.effective_message and update.effective_user
    message = update.effective_message
    low, high = KINDS[kind].typed or (0, 0)
    raw = (message.text or "")[:MAX_TYPED_CHARS]
    length = parse_duration(raw)
    minutes = int(length.total_seconds() // 60) if length is not None else None
    if minutes is None or not low <= minutes <= high:
        await message.reply_text(
            f"I couldn't use “{escape(raw)}”. Please type a number of minutes from {low} to {high}."
        )
        return True
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.awaiting != awaiting:
            return True
        user.awaiting = None
        prefs = await _change(session, context, user, kind, "t", _sign(kind) * minutes)
    text, markup = kind_view(kind, _settings(prefs), overridden=True)
    await message.reply_text(f"Saved.\n\n{text}", reply_markup=markup)
    return True
