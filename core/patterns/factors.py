"""What pattern spotting reads: one day's check-in, and the factors tested against cramps.

A factor is a yes/no question about one day's answers ("drank under three quarters of the
target", "no potassium-rich food", "hard training", a rotating question's concerning answer);
``None`` means the answer is unknown (a missing day, a skip, a question not asked that day),
never "no". Each factor is tested on the same day (lag 0) and on the day before (lag 1): one
*hypothesis* per factor and lag, keyed ``"<factor>@<lag>"``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

LAGS = (0, 1)


@dataclass(frozen=True)
class DayRecord:
    """One day's check-in, option ids as in ``core.checkin``; ``None`` means unknown."""

    day: date
    cramp: str | None = None
    where: str | None = None
    water_ml: int | None = None
    foods: frozenset[str] | None = None
    training: str | None = None
    rotating: Mapping[str, str] = field(default_factory=dict)

    @property
    def had_cramp(self) -> bool | None:
        if self.cramp in ("mild", "strong"):
            return True
        return False if self.cramp == "none" else None


FactorTest = Callable[[DayRecord, float], bool | None]


def _low_water(record: DayRecord, low_ml: float) -> bool | None:
    return None if record.water_ml is None else record.water_ml < low_ml


def _missing_food(group: str) -> FactorTest:
    def test(record: DayRecord, _: float) -> bool | None:
        return None if record.foods is None else group not in record.foods

    return test


def _hard_training(record: DayRecord, _: float) -> bool | None:
    return None if record.training not in ("none", "light", "hard") else record.training == "hard"


def _answer(question: str, concerning: str, fine: frozenset[str]) -> FactorTest:
    def test(record: DayRecord, _: float) -> bool | None:
        value = record.rotating.get(question)
        if value == concerning:
            return True
        return False if value in fine else None

    return test


_NO = frozenset({"n"})
FACTORS: dict[str, FactorTest] = {
    "low_water": _low_water,
    "no_potassium_food": _missing_food("potassium"),
    "no_magnesium_food": _missing_food("magnesium"),
    "no_calcium_food": _missing_food("calcium"),
    "hard_training": _hard_training,
    "heat_sweat": _answer("heat", "y", _NO),
    "alcohol": _answer("alcohol", "y", _NO),
    "medication": _answer("meds", "y", _NO),
    "poor_sleep": _answer("sleep", "poor", frozenset({"ok", "good"})),
}
ROTATING_FACTORS: dict[str, str] = {
    "heat_sweat": "heat",
    "alcohol": "alcohol",
    "medication": "meds",
    "poor_sleep": "sleep",
}
"""Factors known only from a rotating question: factor -> the question's id."""


def pattern_key(factor: str, lag: int) -> str:
    return f"{factor}@{lag}"


HYPOTHESES: tuple[str, ...] = tuple(pattern_key(f, lag) for f in FACTORS for lag in LAGS)
