"""The user's profile as plain data, and which onboarding question comes next.

Onboarding keeps no state of its own: the next question is derived from what the
profile still lacks, so a flow cut short by a restart picks up where it stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from core.i18n import P_

CONSENT_VERSION = "1"
MIN_WEIGHT_KG = 25.0
MAX_WEIGHT_KG = 300.0
POUNDS_PER_KG = 2.20462
MAX_WEIGHT_CHARS = 20
_WEIGHT = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,2})?)\s*(kgs?|lbs?)?")


class Field(StrEnum):
    """A profile field that a question asks for (also the ``awaiting`` value)."""

    TIMEZONE = "timezone"
    WAKE = "wake"
    SLEEP = "sleep"
    WEIGHT = "weight"
    SEX = "sex"
    AGE = "age"
    PREGNANCY = "pregnancy"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNSPECIFIED = "unspecified"


class Pregnancy(StrEnum):
    """Whether drinking amounts must leave pregnancy to the midwife: set in /settings."""

    NO = "no"
    PREGNANT = "pregnant"
    BREASTFEEDING = "breastfeeding"


UNDER_14 = "0-13"
"""The age band of children: no per-kg amounts, no weigh-in plans, a parent sets Limber up."""
AGE_BANDS: tuple[str, ...] = (UNDER_14, "14-18", "19-30", "31-50", "51-70", "71+")
AGE_LABELS: dict[str, str] = {UNDER_14: P_("button", "under 14")}
"""How a band is shown where its value would read oddly."""


def is_under_14(age_band: str | None) -> bool:
    return age_band == UNDER_14


def is_pregnant(pregnancy: str | None) -> bool:
    """Pregnant or breastfeeding: amounts leave it to the midwife."""
    return pregnancy in (Pregnancy.PREGNANT, Pregnancy.BREASTFEEDING)


AGE_NOT_SAID = "not said"
"""The age band of someone who skipped the question (so it is not asked again)."""


@dataclass(frozen=True, slots=True)
class Profile:
    consented: bool
    timezone: str | None
    wake: time | None
    sleep: time | None
    weight_kg: float | None
    onboarded: bool
    sex: str | None = None
    age_band: str | None = None


ONBOARDING_ORDER: tuple[Field, ...] = (
    Field.TIMEZONE,
    Field.WAKE,
    Field.SLEEP,
    Field.SEX,
    Field.AGE,
    Field.WEIGHT,
)


def next_onboarding_field(profile: Profile) -> Field | None:
    """The first question still unanswered, or None when onboarding is complete.

    The time zone comes first: every reminder depends on it. Sex and age band (which set
    the daily nutrient amounts) can be skipped, which is stored as an answer ("prefer not to
    say", ``AGE_NOT_SAID``) so they are asked once. Weight is the last, optional question:
    answering or skipping it completes onboarding, so it is never asked twice.
    """
    if profile.onboarded or not profile.consented:
        return None
    answered = {
        Field.TIMEZONE: profile.timezone,
        Field.WAKE: profile.wake,
        Field.SLEEP: profile.sleep,
        Field.SEX: profile.sex,
        Field.AGE: profile.age_band,
    }
    return next((f for f in ONBOARDING_ORDER if answered.get(f) is None), Field.WEIGHT)


def parse_weight(text: str) -> float | None:
    """A body weight from ``72``, ``72.5 kg``, ``72,5`` or ``160 lb``; None if implausible.

    ASCII digits only, by a pattern: ``float()`` would also take "٧٢", "1e2" or "inf".
    """
    cleaned = text.strip().lower().replace(",", ".")
    m = _WEIGHT.fullmatch(cleaned) if len(cleaned) <= MAX_WEIGHT_CHARS else None
    if m is None:
        return None
    factor = 1 / POUNDS_PER_KG if m[2] and m[2].startswith("lb") else 1.0
    kg = round(float(m[1]) * factor, 1)
    return kg if MIN_WEIGHT_KG <= kg <= MAX_WEIGHT_KG else None
