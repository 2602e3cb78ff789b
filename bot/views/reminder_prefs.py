"""/settings → 🔔 Reminders: each reminder kind on or off, and its timing.

Buttons carry ``rp:<action>[:<kind>[:<offset>]]``: ``home`` lists the kinds, ``k`` shows
one, ``on``/``off`` switch it, ``t`` picks an offered offset (signed minutes, as in
``core.planning.reminders``), ``d`` goes back to the defaults and ``c`` asks for a typed
number of minutes; ``day`` opens the weekly summary's day (``bot.views.summary``);
``tr:checkin:<0|1>`` has the check-in ask "Training today?" only on workout days, or every
day; ``rt:<kind>:<times>`` repeats a kind until answered (0: not) and ``re:<kind>:<minutes>``
sets how far apart its copies come; ``lt:<0|1>`` switches learned timing off or on. An
Undo under a message saying a time moved carries ``tm:undo:<kind>`` (``undo_button``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from html import escape

from bot.callbacks import Area, Callback, decode
from bot.views import View, rows_of
from core.adapt import ADAPTIVE
from core.i18n import N_, _, ngettext, pgettext
from core.outgoing import InlineButton, InlineKeyboard
from core.planning import (
    DRINK_DURING_MIN_SESSION_MIN,
    POLICIES,
    Anchor,
    ReminderKind,
    ReminderSettings,
)
from core.repeats import REPEAT_EVERY_MIN, REPEAT_TIMES, REPEATABLE, RepeatChoice
from core.timeparse import span_text
from services.resync import SCHEDULED_KINDS

AREA = Area.REMINDER_PREFS


class PrefAction(StrEnum):
    """What a reminder-settings button does (its data's action)."""

    HOME = "home"
    KIND = "k"
    ON = "on"
    OFF = "off"
    TIMING = "t"
    DEFAULT = "d"
    TYPED = "c"
    DAY = "day"
    TRAINING = "tr"
    REPEAT = "rt"
    EVERY = "re"
    LEARN = "lt"


@dataclass(frozen=True, slots=True)
class KindChoices:
    """How one kind appears: its name, the offsets offered as buttons (signed minutes
    from its anchor) and the range a typed number of minutes may take (None: no typing)."""

    label: str
    offsets: tuple[int, ...] = ()
    typed: tuple[int, int] | None = None


KINDS: dict[ReminderKind, KindChoices] = {
    ReminderKind.DRINK_BEFORE: KindChoices(N_("Drink before"), (-60, -120, -180, -240), (30, 360)),
    ReminderKind.WARM_UP: KindChoices(N_("Warm-up"), (-5, -10, -15), (1, 60)),
    ReminderKind.DRINK_DURING: KindChoices(
        N_("Drink during long sessions"), (15, 20, 30), (10, 60)
    ),
    ReminderKind.COOL_DOWN: KindChoices(N_("Cool-down stretch"), (0, 10), (1, 60)),
    ReminderKind.REHYDRATE: KindChoices(N_("Rehydrate after"), (15, 30, 60), (1, 120)),
    ReminderKind.HYDRATION_NUDGE: KindChoices(N_("Hydration nudges")),
    ReminderKind.BEDTIME_STRETCH: KindChoices(
        N_("Bedtime calf stretch"), (-15, -30, -60), (1, 120)
    ),
    ReminderKind.CHECKIN: KindChoices(N_("Daily check-in"), (19 * 60, 20 * 60, 21 * 60, 22 * 60)),
    ReminderKind.SUMMARY: KindChoices(N_("Weekly summary"), (8 * 60, 9 * 60, 12 * 60, 22 * 60)),
}
SHOWN: tuple[ReminderKind, ...] = tuple(kind for kind in KINDS if kind in SCHEDULED_KINDS)
"""Kinds the user can change: those the engine schedules."""


_WORDS: dict[Anchor, tuple[str, str, str]] = {  # at the anchor, before it, after it
    Anchor.WORKOUT_START: (N_("at the start"), N_("{span} before"), N_("{span} after the start")),
    Anchor.WORKOUT_END: (N_("at the end"), N_("{span} before the end"), N_("{span} after")),
    Anchor.SLEEP: (N_("at sleep time"), N_("{span} before sleep"), N_("{span} after sleep")),
}


def timing(kind: ReminderKind, offset: int) -> str | None:
    """The offset in words, as measured from the kind's anchor; None for nudges."""
    anchor = POLICIES[kind].anchor
    if kind is ReminderKind.DRINK_DURING:
        return _("every {span}").format(span=span_text(offset))
    if anchor in (Anchor.TIME_OF_DAY, Anchor.WEEKLY):
        hours, minutes = divmod(offset % (24 * 60), 60)
        return _("at {time}").format(time=f"{hours:02d}:{minutes:02d}")
    if anchor not in _WORDS:
        return None
    at, before, after = _WORDS[anchor]
    if offset == 0:
        return _(at)
    return _(before if offset < 0 else after).format(span=span_text(offset))


def sign(kind: ReminderKind) -> int:
    """A typed number of minutes counts in the direction of the kind's default."""
    return -1 if POLICIES[kind].default_offset_min < 0 else 1


def state(kind: ReminderKind, settings: ReminderSettings) -> str:
    """E.g. "on, 2 h before" or "off"."""
    if not settings.is_enabled(kind):
        return _("off")
    words = timing(kind, int(settings.offset(kind).total_seconds() // 60))
    return _("on, {timing}").format(timing=words) if words else _("on")


def _button(label: str, action: str, value: str = "") -> InlineButton:
    return InlineButton(label, callback_data=Callback(AREA, action, value).encode())


LEARNING_ON = N_(
    "🧠 Learned timing is on: when you seldom answer the drink-before reminder or the "
    "check-in at its usual time, it moves to when you do (2 to 4 h ahead; within 90 min), "
    "unless you set its time yourself."
)
LEARNING_OFF = N_("🧠 Learned timing is off: every reminder comes at its set time.")


def list_view(settings: ReminderSettings, *, learning: bool = True) -> View:
    lines = [f"{_(KINDS[kind].label)}: {state(kind, settings)}" for kind in SHOWN]
    text = _("🔔 <b>Your reminders</b>") + "\n\n" + "\n".join(lines)
    text += "\n\n" + _("Tap one to change it.")
    text += "\n\n" + _(LEARNING_ON if learning else LEARNING_OFF)
    buttons = [_button(_(KINDS[kind].label), PrefAction.KIND, kind.value) for kind in SHOWN]
    rows = rows_of(buttons, 2)
    switch = (
        pgettext("button", "🧠 Turn learned timing off")
        if learning
        else pgettext("button", "🧠 Turn learned timing on")
    )
    rows.append([_button(switch, PrefAction.LEARN, "0" if learning else "1")])
    rows.append(
        [
            InlineButton(
                pgettext("button", "« Back"), callback_data=Callback(Area.SETTINGS, "home").encode()
            )
        ]
    )
    return text, InlineKeyboard(rows)


def repeat_state(choice: RepeatChoice | None) -> str:
    """E.g. "up to 2 times, every 15 min" or "off"."""
    if choice is None:
        return _("off")
    if choice.times == 1:
        return _("once, after {span}").format(span=span_text(choice.every_min))
    return ngettext(
        "up to {times} time, every {span}", "up to {times} times, every {span}", choice.times
    ).format(times=choice.times, span=span_text(choice.every_min))


def _repeat_rows(kind: ReminderKind, choice: RepeatChoice | None) -> list[list[InlineButton]]:
    """Buttons for how often the kind repeats until answered, and how far apart."""
    times = choice.times if choice else 0
    counts = [
        _button(
            ("✓ " if n == times else "") + (pgettext("button", "No repeat") if n == 0 else f"{n}×"),
            PrefAction.REPEAT,
            f"{kind}:{n}",
        )
        for n in (0, *REPEAT_TIMES)
    ]
    if choice is None:
        return [counts]
    gaps = [
        _button(
            ("✓ " if m == choice.every_min else "")
            + _("every {span}").format(span=span_text(m)),  # as the offsets' buttons read
            PrefAction.EVERY,
            f"{kind}:{m}",
        )
        for m in REPEAT_EVERY_MIN
    ]
    return [counts, gaps]


def kind_view(
    kind: ReminderKind,
    settings: ReminderSettings,
    overridden: bool,
    *,
    ask_training: bool = False,
    repeat: RepeatChoice | None = None,
) -> View:
    choices = KINDS[kind]
    on = settings.is_enabled(kind)
    default = state(kind, ReminderSettings())
    lines = [
        f"🔔 <b>{escape(_(choices.label))}</b>",
        "",
        _("Now: {state}.").format(state=state(kind, settings)),
    ]
    lines.append(
        _("Default: {state}.").format(state=default) if overridden else _("That is the default.")
    )
    if kind is ReminderKind.DRINK_DURING:
        lines.append(
            _("Only for workouts longer than {minutes} min.").format(
                minutes=DRINK_DURING_MIN_SESSION_MIN
            )
        )
    current = int(settings.offset(kind).total_seconds() // 60)
    rows = [
        [
            _button(f"{'✓ ' if on else ''}{pgettext('button', 'On')}", PrefAction.ON, kind),
            _button(f"{'' if on else '✓ '}{pgettext('button', 'Off')}", PrefAction.OFF, kind),
        ]
    ]
    offsets = [
        _button(
            f"{'✓ ' if m == current else ''}{timing(kind, m)}", PrefAction.TIMING, f"{kind}:{m}"
        )
        for m in choices.offsets
    ]
    rows += rows_of(offsets, 2)
    rows.append(
        ([_button(pgettext("button", "Other…"), PrefAction.TYPED, kind)] if choices.typed else [])
        + [_button(pgettext("button", "↺ Default"), PrefAction.DEFAULT, kind)]
    )
    if kind in REPEATABLE:
        lines.append(_("Repeat until answered: {state}.").format(state=repeat_state(repeat)))
        rows += _repeat_rows(kind, repeat)
    if kind is ReminderKind.SUMMARY:  # its weekday has a view of its own (bot.views.summary)
        rows.append([_button(pgettext("button", "📅 Day of the week…"), PrefAction.DAY, kind)])
    if kind is ReminderKind.CHECKIN:
        lines.append(
            _("It asks about training every day.")
            if ask_training
            else _("It asks about training on days with a workout.")
        )
        every = _button(
            f"{'✓ ' if ask_training else ''}{pgettext('button', 'Training: every day')}",
            PrefAction.TRAINING,
            f"{kind}:1",
        )
        planned = _button(
            f"{'' if ask_training else '✓ '}{pgettext('button', 'Training: workout days')}",
            PrefAction.TRAINING,
            f"{kind}:0",
        )
        rows.append([planned, every])
    rows.append([_button(pgettext("button", "« Back"), PrefAction.HOME)])
    return "\n".join(lines), InlineKeyboard(rows)


def kind_of(raw: str) -> ReminderKind | None:
    return next((kind for kind in SHOWN if kind.value == raw), None)


def parse(data: str | None) -> tuple[PrefAction, ReminderKind | None, int | None] | None:
    """``(action, kind, offset)`` of a button, or None for data no button of ours carries."""
    callback = decode(data)
    if callback is None or callback.area != AREA:
        return None
    action = next((do for do in PrefAction if do.value == callback.action), None)
    if action is PrefAction.HOME:
        return (action, None, None) if not callback.value else None
    if action is PrefAction.LEARN:
        on = {"0": 0, "1": 1}.get(callback.value)
        return (action, None, on) if on is not None else None
    raw_kind, colon, raw_offset = callback.value.partition(":")
    kind = kind_of(raw_kind)
    if kind is None or action is None:
        return None
    if action is PrefAction.DAY:  # the summary's weekday: a view in bot.views.summary
        return (action, kind, None) if kind is ReminderKind.SUMMARY and not colon else None
    if action is PrefAction.TRAINING:
        every = {"0": 0, "1": 1}.get(raw_offset)
        return (action, kind, every) if kind is ReminderKind.CHECKIN and every is not None else None
    if action is PrefAction.REPEAT or action is PrefAction.EVERY:
        offered_values = (0, *REPEAT_TIMES) if action is PrefAction.REPEAT else REPEAT_EVERY_MIN
        value = next((v for v in offered_values if str(v) == raw_offset), None)
        return (action, kind, value) if kind in REPEATABLE and value is not None else None
    if action is PrefAction.TIMING:
        offered = {str(m): m for m in KINDS[kind].offsets}
        return (action, kind, offered[raw_offset]) if raw_offset in offered else None
    if colon or (action is PrefAction.TYPED and KINDS[kind].typed is None):
        return None
    return action, kind, None


def undo_button(kind: ReminderKind) -> InlineButton:
    """Under a message saying a kind's time moved: move it back (``undo_kind``)."""
    label = pgettext("button", "↩️ Undo")
    return InlineButton(label, callback_data=Callback(Area.TIMING, "undo", kind.value).encode())


def undo_kind(data: str | None) -> ReminderKind | None:
    """The kind an Undo button moves back, or None for data no such button carries."""
    callback = decode(data)
    if callback is None or callback.area != Area.TIMING or callback.action != "undo":
        return None
    return next((kind for kind in ADAPTIVE if kind.value == callback.value), None)


def ask_view(kind: ReminderKind) -> View:
    low, high = KINDS[kind].typed or (0, 0)
    example = timing(kind, sign(kind) * high // 2) or ""
    text = f"🔔 <b>{escape(_(KINDS[kind].label))}</b>\n\n" + _(
        "How many minutes? Type a number from {low} to {high}: e.g. {example_minutes} means "
        "{example}."
    ).format(low=low, high=high, example_minutes=high // 2, example=example)
    return text, InlineKeyboard([[_button(pgettext("button", "« Back"), PrefAction.KIND, kind)]])
