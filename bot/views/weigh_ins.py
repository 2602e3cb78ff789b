"""The weigh-in's words and buttons; pure formatting, no I/O.

A weight button carries ``wi:<b|a>:<workout id>.<yyyymmdd>.<tenths of a kg>``, so a press
means the same after a restart; typing a weight instead answers ``users.awaiting`` =
``weigh:<b|a>:<workout id>.<yyyymmdd>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from bot.callbacks import Area, Callback, day_code, decode, number, parse_day_code, row_id
from bot.views import rows_of
from core.i18n import N_, _
from core.outgoing import InlineButton, InlineKeyboard
from core.planning import After, WeighInPhase
from services.weigh_ins import Saved

AREA = Area.WEIGH
AWAITING = "weigh:"
CODES = {WeighInPhase.BEFORE: "b", WeighInPhase.AFTER: "a"}
PHASES = {code: phase for phase, code in CODES.items()}
ROW_WIDTH = 3

ASK = {
    WeighInPhase.BEFORE: N_(
        "⚖️ <b>Weigh in before {about}</b>: tap your weight, or type it "
        "(e.g. <code>71.4</code>). Weigh again after it, and I'll size your drinks from the "
        "difference."
    ),
    WeighInPhase.AFTER: N_(
        "⚖️ <b>Weigh in after {about}</b>: tap your weight, or type it "
        "(e.g. <code>70.6</code>), before you drink much."
    ),
}
BAD_WEIGHT = N_(
    "I couldn't read “{text}” as a weight. Try <code>71.4</code>, <code>71.4 kg</code> or "
    "<code>157 lb</code>."
)
SAVED_BEFORE = N_(
    "⚖️ Saved: {kg} kg before {about}. Weigh in again from the cool-down reminder after it."
)
SAVED_AFTER_ALONE = N_(
    "⚖️ Saved: {kg} kg after {about}. Without a weight from before it I can't tell what you "
    "lost, so just drink to thirst."
)


@dataclass(frozen=True)
class Target:
    """Which workout occurrence and phase a weigh-in is for."""

    phase: WeighInPhase
    workout_id: int
    day: date

    def code(self) -> str:
        return f"{self.workout_id}.{day_code(self.day)}"


def _target(phase_code: str, raw: str) -> Target | None:
    raw_id, _, day_raw = raw.partition(".")
    workout_id = row_id(raw_id)  # ASCII digits: "²" is no digit here
    day = parse_day_code(day_raw)
    if phase_code not in PHASES or workout_id is None or day is None:
        return None
    return Target(PHASES[phase_code], workout_id, day)


def parse_press(data: str | None) -> tuple[Target, float] | None:
    """A weight button of ours: the target and the weight, or None for forged data."""
    callback = decode(data)
    if callback is None or callback.area != AREA:
        return None
    head, _, raw_tenths = callback.value.rpartition(".")
    target = _target(callback.action, head)
    tenths = number(raw_tenths)
    if target is None or tenths is None:
        return None
    return target, tenths / 10


def awaiting(target: Target) -> str:
    return f"{AWAITING}{CODES[target.phase]}:{target.code()}"


def parse_awaiting(value: str) -> Target | None:
    phase_code, _, raw = value.removeprefix(AWAITING).partition(":")
    return _target(phase_code, raw) if value.startswith(AWAITING) else None


def ask_view(
    target: Target, about: str, choices: tuple[float, ...]
) -> tuple[str, InlineKeyboard | None]:
    buttons = [
        InlineButton(
            _("{kg} kg").format(kg=f"{kg:g}"),
            callback_data=Callback(
                AREA, CODES[target.phase], f"{target.code()}.{round(kg * 10)}"
            ).encode(),
        )
        for kg in choices
    ]
    keyboard = InlineKeyboard(rows_of(buttons, ROW_WIDTH)) if buttons else None
    return _(ASK[target.phase]).format(about=escape(about)), keyboard


def saved_text(saved: Saved, about: str) -> str:
    """What a new weigh-in means: a reminder to weigh again, or the advice the service
    sized from both weights (``saved.advice``)."""
    kg = f"{saved.weight_kg:g}"
    about = escape(about)
    if saved.phase is WeighInPhase.BEFORE:
        return _(SAVED_BEFORE).format(kg=kg, about=about)
    if saved.plan is None:
        return _(SAVED_AFTER_ALONE).format(kg=kg, about=about)
    if saved.plan.kind is After.THIRST:
        return _("⚖️ Saved: {kg} kg.").format(kg=kg) + f" {saved.advice}"
    return saved.advice
