"""Synthetic users for the pattern bench: habits, planted effects, and patchy answers.

Each user lives ``DAYS`` days (plus the day before the first check-in, never answered, so
"the day before" factors have a past). Everything that varies between real users varies
here, per user, drawn from the ranges of a ``Design``:

- habits: a daily drink target (2, 2.5 or 3 L) and a usual amount around it that drifts
  from week to week (a random walk), day-to-day scatter, answered as the check-in's ranges;
  how often each food group is eaten (35-85 %); how often training is hard (10-40 %); how
  often each rotating question would get a concerning answer;
- the rotating question asked each day is the check-in's own choice
  (``core.rotation.pick_rotating_question``), so heat, alcohol, medicines and sleep are known
  on about one answered day in seven, more after a concerning answer, and every other day
  while the detector finds their evidence unsettled (the detector runs before each day's
  pick, as the bot runs it when a check-in is created);
- answers: a share of days answered (the design's range, e.g. 60-95 %), and each answered
  question skipped 3 % of the time;
- cramps: *noise* users have a constant daily chance whatever they do; *planted* users have
  one factor (at its lag) with a high chance on days it holds and a low chance otherwise,
  drawn from the design's ranges. Severity is mild or strong at random, as nothing in the
  literature ties it to the cause.

A design may make a pair of factors inseparable (``confounded``): the day after a hard
session never has potassium-rich food, and no other day lacks it, so "hard training the
day before" and "no potassium-rich food" agree on every day both are known.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from core.checkin import QUESTIONS, QuestionId
from core.knowledge import PatternFigures
from core.patterns.detect import leans_towards
from core.patterns.factors import FACTORS, ROTATING_FACTORS, DayRecord, pattern_key
from core.patterns.stats import log_e_value
from core.rotation import RotatingAnswer, pick_rotating_question
from core.water import water_ml, water_option_for

FIRST = date(2026, 1, 5)
"""A user's first check-in day; each user's days start here."""
DAYS = 84
SKIP_RATE = 0.03
ONE_DAY = timedelta(days=1)
HISTORY_DAYS = 21
"""Rotating answers passed to the question picker (older ones no longer change its choice)."""
CORE_PLANTS = (
    ("low_water", 0),
    ("low_water", 1),
    ("no_potassium_food", 0),
    ("no_magnesium_food", 0),
    ("no_calcium_food", 1),
    ("hard_training", 0),
    ("hard_training", 1),
)
ROTATING_PLANTS = (("heat_sweat", 0), ("alcohol", 1), ("poor_sleep", 0))
CONCERNING_RATE: dict[QuestionId, tuple[float, float]] = {
    QuestionId.TINGLING: (0.0, 0.03),
    QuestionId.WEAKNESS: (0.0, 0.03),
    QuestionId.MEDICATION: (0.0, 0.05),
    QuestionId.HEAT: (0.1, 0.35),
    QuestionId.ALCOHOL: (0.05, 0.3),
    QuestionId.SLEEP: (0.1, 0.35),
    QuestionId.SUN: (0.1, 0.4),
}


@dataclass(frozen=True)
class Design:
    name: str
    plants: tuple[tuple[str, int], ...]
    """Planted users cycle through these (factor, lag)."""
    cramp_with: tuple[float, float]
    """Planted users: daily cramp chance when the factor holds."""
    cramp_without: tuple[float, float]
    """Planted users: daily cramp chance otherwise."""
    noise_rate: tuple[float, float]
    """Noise users: their constant daily cramp chance."""
    answer_rate: tuple[float, float] = (0.6, 0.95)
    confounded: bool = False
    asks_unsettled: bool = True
    """The check-in asks unsettled rotating factors more often, as the bot does: the detector
    runs before each day's question is picked. Off, the rotation alone picks."""
    strong: tuple[float, float] | None = None
    """Planted users: the chance that a cramp is strong on a day the factor holds, and on
    other days (dose-response in severity); ``None``: mild or strong at random."""
    dose: bool = False
    """Planted low water: the cramp chance climbs from ``cramp_without`` at the user's guide
    to ``cramp_with`` at half of it and below, in proportion to the shortfall."""


@dataclass(frozen=True)
class User:
    planted: str | None
    records: tuple[DayRecord, ...]
    target_ml: int
    chances: tuple[float, float]
    """Daily cramp chance (with the planted factor, without it); noise users: (rate, rate)."""


@dataclass(frozen=True)
class _Habits:
    target_ml: int
    water_share: float
    foods: dict[str, float]
    hard: float
    concerning: dict[QuestionId, float]


def _habits(rng: random.Random) -> _Habits:
    return _Habits(
        target_ml=rng.choice((2000, 2500, 3000)),
        water_share=rng.uniform(0.8, 1.15),
        foods={g: rng.uniform(0.35, 0.85) for g in ("potassium", "magnesium", "calcium")},
        hard=rng.uniform(0.1, 0.4),
        concerning={q: rng.uniform(*span) for q, span in CONCERNING_RATE.items()},
    )


def _answer(rng: random.Random, question: QuestionId, chance: float) -> str:
    concerning = rng.random() < chance
    if question is QuestionId.SLEEP:
        return "poor" if concerning else rng.choice(("ok", "good"))
    return "y" if concerning else "n"


def _truths(rng: random.Random, habits: _Habits, confounded: bool) -> list[DayRecord]:
    """Every day fully known (all rotating questions answered), ``DAYS + 1`` of them."""
    drift = 0.0
    truths: list[DayRecord] = []
    for offset in range(-1, DAYS):
        drift = 0.9 * drift + rng.gauss(0, 0.06)
        true_ml = rng.gauss(habits.target_ml * (habits.water_share + drift), 450)
        after_hard = bool(truths) and truths[-1].training == "hard"
        foods = {g for g, chance in habits.foods.items() if rng.random() < chance}
        if confounded:
            foods = foods - {"potassium"} if after_hard else foods | {"potassium"}
        training = "hard" if rng.random() < habits.hard else rng.choice(("none", "light"))
        truths.append(
            DayRecord(
                FIRST + timedelta(days=offset),
                water_ml=water_ml(water_option_for(max(200, int(true_ml)))),
                foods=frozenset(foods),
                training=training,
                rotating={q.value: _answer(rng, q, p) for q, p in habits.concerning.items()},
            )
        )
    return truths


def _keep(rng: random.Random, value: object) -> bool:
    return value is not None and rng.random() >= SKIP_RATE


def make_user(rng: random.Random, design: Design, planted: tuple[str, int] | None) -> User:
    habits = _habits(rng)
    truths = _truths(rng, habits, design.confounded)
    answer_rate = rng.uniform(*design.answer_rate)
    chance_with = rng.uniform(*design.cramp_with)
    chance_without = rng.uniform(*design.cramp_without)
    noise = rng.uniform(*design.noise_rate)
    low_ml = 0.75 * habits.target_ml
    seed = rng.getrandbits(32)
    history: list[RotatingAnswer] = []
    records: list[DayRecord] = []
    asking = _Unsettled()
    for index in range(1, len(truths)):
        truth = truths[index]
        day = truths[index].day
        chance = noise
        held = False
        if planted is not None:
            factor, lag = planted
            held = bool(FACTORS[factor](truths[index - lag], low_ml))
            chance = chance_with if held else chance_without
            if design.dose:
                drunk = truths[index - lag].water_ml or habits.target_ml
                shortfall = min(1.0, max(0.0, 2 * (1 - drunk / habits.target_ml)))
                chance = chance_without + (chance_with - chance_without) * shortfall
        if design.strong is None or planted is None:
            cramp = rng.choice(("mild", "strong")) if rng.random() < chance else "none"
        elif rng.random() < chance:
            cramp = "strong" if rng.random() < design.strong[0 if held else 1] else "mild"
        else:
            cramp = "none"
        if rng.random() >= answer_rate:
            continue
        unsettled = asking.questions() if design.asks_unsettled else frozenset()
        question = pick_rotating_question(day, history[-HISTORY_DAYS:], seed, unsettled)
        answer = truth.rotating[question.value] if _keep(rng, question) else "-"
        history.append(RotatingAnswer(day, question, answer))
        records.append(
            DayRecord(
                day,
                cramp=cramp if _keep(rng, cramp) else None,
                water_ml=truth.water_ml if _keep(rng, truth.water_ml) else None,
                foods=truth.foods if _keep(rng, truth.foods) else None,
                training=truth.training if _keep(rng, truth.training) else None,
                rotating={question.value: answer} if answer in _options(question) else {},
            )
        )
        asking.add(records[-1])
    chances = (chance_with, chance_without) if planted else (noise, noise)
    return User(
        pattern_key(*planted) if planted else None, tuple(records), habits.target_ml, chances
    )


class _Unsettled:
    """What the bot's check-in would ask more often (``services.insights``), kept up day by
    day: the rotating factors' tables as in ``core.patterns.tables``, judged by the
    detector's own rule (``leans_towards``). Unlike the bot it keeps asking after a claim,
    which changes nothing before the first one."""

    def __init__(self) -> None:
        self._tables: dict[tuple[str, int], list[int]] = {}
        self._last: DayRecord | None = None

    def add(self, record: DayRecord) -> None:
        cramp = record.had_cramp
        before = self._last if self._last and self._last.day == record.day - ONE_DAY else None
        self._last = record
        if cramp is None:
            return
        for factor in ROTATING_FACTORS:
            for lag, source in ((0, record), (1, before)):
                value = FACTORS[factor](source, 0) if source else None
                if value is not None:
                    table = self._tables.setdefault((factor, lag), [0, 0, 0, 0])
                    index = 0 if value else 2
                    table[index] += cramp
                    table[index + 1] += 1

    def questions(self) -> frozenset[QuestionId]:
        found = set()
        for (factor, _), (c1, n1, c0, n0) in self._tables.items():
            if leans_towards((c1, n1, c0, n0), log_e_value(c1, n1, c0, n0)):
                found.add(QuestionId(ROTATING_FACTORS[factor]))
        return frozenset(found)


def _options(question: QuestionId) -> frozenset[str]:
    return frozenset(o.id for o in QUESTIONS[question].options)


def make_cohort(design: Design, users: int, seed: int) -> list[User]:
    """``users`` users, alternately planted (cycling through the design's plants) and noise."""
    # Seeded by what the users are, not by the design's name or the check-in's asking, so
    # two designs that differ only in asking have the same users.
    who = (design.plants, design.cramp_with, design.cramp_without, design.noise_rate)
    rng = random.Random(f"{who}:{design.answer_rate}:{design.confounded}:{seed}")
    return [
        make_user(rng, design, design.plants[(i // 2) % len(design.plants)] if i % 2 == 0 else None)
        for i in range(users)
    ]


FIGURES = PatternFigures(low_water_fraction=0.75)
DESIGNS = (
    Design("strong", CORE_PLANTS, (0.7, 0.9), (0.03, 0.1), (0.05, 0.3)),
    Design("typical", CORE_PLANTS, (0.5, 0.8), (0.05, 0.15), (0.05, 0.3)),
    Design("weak", CORE_PLANTS, (0.35, 0.5), (0.05, 0.15), (0.05, 0.3)),
    Design("high base rate", CORE_PLANTS, (0.75, 0.95), (0.25, 0.4), (0.2, 0.5)),
    Design(
        "confounded pair",
        (("hard_training", 1), ("no_potassium_food", 0)),
        (0.7, 0.9),
        (0.03, 0.1),
        (0.05, 0.3),
        confounded=True,
    ),
    Design("rotating factor", ROTATING_PLANTS, (0.7, 0.9), (0.03, 0.1), (0.05, 0.3)),
    Design(
        "rotating, no ask",
        ROTATING_PLANTS,
        (0.7, 0.9),
        (0.03, 0.1),
        (0.05, 0.3),
        asks_unsettled=False,
    ),
    Design("near certain", CORE_PLANTS, (0.95, 1.0), (0.0, 0.02), (0.05, 0.3), (0.9, 1.0)),
)
DOSE_DESIGNS = (
    Design(
        "severity follows",
        CORE_PLANTS,
        (0.7, 0.9),
        (0.03, 0.1),
        (0.05, 0.3),
        strong=(0.8, 0.2),
    ),
    Design(
        "amount matters",
        (("low_water", 0), ("low_water", 1)),
        (0.7, 0.9),
        (0.03, 0.1),
        (0.05, 0.3),
        dose=True,
    ),
)
"""Designs where more of each answer carries the cause: strong cramps follow the factor more
than mild ones, or the further below the guide, the likelier a cramp
(``bench.patterns_severity``)."""
