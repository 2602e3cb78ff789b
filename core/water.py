"""A day's water: the check-in's ranges, what they stand for, the day's one figure, and the
day's feedback.

A day's water is her check-in answer when she gave one, otherwise what she logged
(:func:`day_water`); the check-in, the summary, its chart, /stats and the pattern detector
all read it through that one rule.

Ranges reach past the largest daily guide (6 L on a training day, 4 L on a rest day) in
steps that let the feedback tell "under the guide" from "may meet it": a little more is
suggested only when even the top of the answer's range is below the guide.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.i18n import N_, _

MAX_LOG_ML = 3000
"""The most one log of water may hold (a button, ``/water`` or the check-in)."""

# Water ranges: option id -> (label, representative ml used in analysis). They reach past
# the largest daily guide (6 L on a training day, 4 L on a rest day) in steps that let the
# feedback tell "under the guide" from "may meet it". Answers stored while "w5" read "over
# 3 L" count as 3-4 L.
WATER_RANGES: dict[str, tuple[str, int]] = {
    "w0": (N_("under 1 L"), 750),
    "w1": (N_("1–1.5 L"), 1250),
    "w2": (N_("1.5–2 L"), 1750),
    "w3": (N_("2–2.5 L"), 2250),
    "w4": (N_("2.5–3 L"), 2750),
    "w5": (N_("3–4 L"), 3500),
    "w6": (N_("4–5 L"), 4500),
    "w7": (N_("over 5 L"), 5500),
}
_WATER_UPPER_ML = (1000, 1500, 2000, 2500, 3000, 4000, 5000)


def water_option_for(ml: int) -> str:
    """The water range option that logged drinks of ``ml`` fall in (for prefilling)."""
    for index, upper in enumerate(_WATER_UPPER_ML):
        if ml < upper:
            return f"w{index}"
    return f"w{len(_WATER_UPPER_ML)}"


def water_ml(option_id: str) -> int | None:
    """Representative ml of a water answer; ``None`` for a skip or unknown id."""
    entry = WATER_RANGES.get(option_id)
    return entry[1] if entry else None


def water_bounds(option_id: str) -> tuple[int, int | None] | None:
    """The range ``[low, high)`` in ml a water answer stands for (``high`` None: open)."""
    keys = list(WATER_RANGES)
    if option_id not in keys:
        return None
    index = keys.index(option_id)
    low = 0 if index == 0 else _WATER_UPPER_ML[index - 1]
    high = _WATER_UPPER_ML[index] if index < len(_WATER_UPPER_ML) else None
    return low, high


class WaterVerdict(StrEnum):
    FAR_ABOVE = "far_above"  # even the bottom of the range is far above the guide
    MET = "met"  # the whole range is at or above the guide
    MAYBE = "maybe"  # the range reaches the guide: it may have been met
    UNDER = "under"  # even the top of the range is below the guide


def water_verdict(
    option_id: str, target_ml: int, far_above_ml: int | None = None
) -> WaterVerdict | None:
    """How a water answer compares with the day's guide (and, when given, with
    ``far_above_ml``, a multiple of it); ``None`` for a skip or unknown id."""
    bounds = water_bounds(option_id)
    if bounds is None:
        return None
    low, high = bounds
    if far_above_ml is not None and low >= far_above_ml:
        return WaterVerdict.FAR_ABOVE
    if low >= target_ml:
        return WaterVerdict.MET
    if high is not None and high < target_ml:
        return WaterVerdict.UNDER
    return WaterVerdict.MAYBE


def litres(ml: float) -> str:
    """1500 -> '1.5 L'; rounded to one decimal (a day's guide, as the check-in and the
    summary both state it)."""
    return _("{amount} L").format(amount=f"{ml / 1000:.1f}")


@dataclass(frozen=True, slots=True)
class DayWater:
    """One day's water as one figure: ``ml`` stands for the day (an answer's middle of its
    range, or the logged total); ``answer`` is the check-in's range option when it is her
    answer, None when the figure is what she logged."""

    ml: int
    answer: str | None = None

    @property
    def label(self) -> str:
        """The range she chose ("2–2.5 L"), or the logged total ("1.2 L logged")."""
        if self.answer is not None:
            return _(WATER_RANGES[self.answer][0])
        return _("{amount} L logged").format(amount=f"{self.ml / 1000:.1f}")

    def verdict(self, guide_ml: int) -> WaterVerdict:
        """The day against its guide, as the check-in said it: an answered range met it,
        may have met it ("about"), or was under it; a logged total met it or not."""
        if self.answer is not None:
            return water_verdict(self.answer, guide_ml) or WaterVerdict.UNDER
        return WaterVerdict.MET if self.ml >= guide_ml else WaterVerdict.UNDER

    def meets(self, guide_ml: int) -> bool:
        """Whether the day met its guide: a range wholly at or above it, or a logged total."""
        return self.verdict(guide_ml) is WaterVerdict.MET


def day_water(answer: str | frozenset[str] | None, logged_ml: int | None) -> DayWater | None:
    """A day's one water figure: her check-in answer when she gave one (a range, not a skip),
    otherwise what she logged; None when neither tells."""
    if isinstance(answer, str) and answer in WATER_RANGES:
        return DayWater(WATER_RANGES[answer][1], answer)
    if logged_ml:
        return DayWater(logged_ml)
    return None


def water_feedback(
    answer: str | frozenset[str] | None,
    target_ml: int,
    far_above: tuple[int, str] | None = None,
    *,
    late: bool = False,
) -> str:
    """One line comparing the water answer with the day's guide (``late``: yesterday's). It
    suggests a little more only when even the top of the answer's range is below the guide;
    ``far_above`` (ml and its words) flags an answer far above the guide."""
    target = litres(target_ml)
    far_ml = far_above[0] if far_above else None
    verdict = water_verdict(answer, target_ml, far_ml) if isinstance(answer, str) else None
    if verdict is None or not isinstance(answer, str):
        return _("💧 Your drink guide for a day like this was about {target}.").format(
            target=target
        )
    label = _(WATER_RANGES[answer][0])
    if verdict is WaterVerdict.FAR_ABOVE and far_above is not None:
        text = (
            _("⚠️ You drank {label}, against yesterday's guide of about {target}.")
            if late
            else _("⚠️ You drank {label}, against today's guide of about {target}.")
        )
        return f"{text.format(label=label, target=target)} {far_above[1]}"
    if verdict is WaterVerdict.MET:
        text = (
            _("💧 You drank {label}: that meets yesterday's guide of about {target}.")
            if late
            else _("💧 You drank {label}: that meets today's guide of about {target}.")
        )
    elif verdict is WaterVerdict.MAYBE:
        text = (
            _("💧 You drank {label}: about yesterday's guide of {target}.")
            if late
            else _("💧 You drank {label}: about today's guide of {target}.")
        )
    else:
        text = (
            _(
                "💧 You drank {label}, under yesterday's guide of about {target}. If you felt "
                "thirsty, a little more today may help; thirst is a reliable signal."
            )
            if late
            else _(
                "💧 You drank {label}, under today's guide of about {target}. If you felt "
                "thirsty, a little more tomorrow may help; thirst is a reliable signal."
            )
        )
    return text.format(label=label, target=target)
