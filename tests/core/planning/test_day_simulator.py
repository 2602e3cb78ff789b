"""The whole day is safe, not only each message: the day simulator (``day.py``) runs the real
planner and composer over generated days and checks every 60-minute window.

Hypothesis generates the user (25-300 kg or unknown, any life stage), up to three sessions of
any length (up to 12 h), start and intensity, water logged at any moment, ✅ Done pressed or
not after each message, and weigh-ins before and after any session. Over the simulated day:

* no 60-minute window asks for more than the body's hourly cap (1 L, less under 80 kg);
* nothing is asked for during a session (the during-session reminder asks for nothing);
* no weigh-in plan asks for more than the day's cap, and no local day's asks add up to more
  than that day's cap.
"""

from __future__ import annotations

from datetime import date, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.knowledge import load_knowledge
from core.planning import Body, Drink, Intensity, ReminderKind, Stage, Wording
from core.planning.intake import window_ml
from tests.core.planning.day import Day, Outcome, Session, simulate

KNOWLEDGE = load_knowledge()
CORE = KNOWLEDGE.to_core()
WORDS = Wording(KNOWLEDGE.hydration_figures(), CORE.routines, CORE.notes)
TUESDAY = date(2026, 11, 24)
LITRE = 1000

times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 5, 15, 30, 45, 55]))


@st.composite
def sessions(draw: st.DrawFn, base_kg: float) -> Session:
    weights = None
    if draw(st.booleans()):
        change = draw(st.floats(-0.03, 0.12)) * base_kg  # from a gain to a 12 % loss
        weights = (round(base_kg, 1), round(base_kg - change, 1))
    return Session(
        start=draw(times),
        duration_min=draw(st.integers(10, 12 * 60)),
        intensity=draw(st.sampled_from(list(Intensity))),
        weights=weights,
        weigh_delay_min=draw(st.integers(0, 120)),
    )


@st.composite
def days(draw: st.DrawFn) -> Day:
    weight = draw(st.one_of(st.none(), st.floats(25, 300, allow_nan=False)))
    stage = draw(st.sampled_from([Stage.ADULT, Stage.ADULT, Stage.CHILD, Stage.PREGNANT]))
    base = weight or 70.0
    return Day(
        body=Body(weight, stage),
        sessions=tuple(draw(st.lists(sessions(base), max_size=3))),
        on=TUESDAY,
        logs=tuple(draw(st.lists(st.tuples(times, st.integers(50, 3000)), max_size=6))),
        done=tuple(draw(st.lists(st.integers(-1, 90), min_size=1, max_size=4))),
        drink_during=draw(st.booleans()),
    )


def assert_safe_all_day(out: Outcome) -> None:
    asks = [Drink(d.at, d.ml) for d in out.asks if d.ml > 0]
    assert out.hour_cap_ml <= LITRE
    for drink in asks:
        assert window_ml(drink.at, asks) <= out.hour_cap_ml, (drink, out.sent)
    for start, end in out.sessions:
        during = [d for d in asks if start <= d.at < end]
        assert not during, (start, end, during, out.sent)
    for total, cap in out.plans_ml:
        assert total <= cap
    for on, (start, end) in out.day_bounds.items():
        assert sum(d.ml for d in asks if start <= d.at < end) <= out.day_caps[on], on


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=days())
def test_no_hour_and_no_day_asks_for_more_than_its_cap(day: Day) -> None:
    assert_safe_all_day(simulate(day, WORDS))


def issue_day(done: tuple[int, ...]) -> Day:
    """The issue's day: 70 kg, hard runs at 12:00 for 60 min and 17:00 for 90 min."""
    runs = (
        Session(time(12), 60, Intensity.HARD),
        Session(time(17), 90, Intensity.HARD),
    )
    return Day(body=Body(70), sessions=runs, on=TUESDAY, done=done)


def nudge_count(out: Outcome) -> int:
    return sum(ReminderKind.HYDRATION_NUDGE in s.kinds for s in out.sent)


def test_the_issues_day_stays_under_the_cap_unanswered_and_done() -> None:
    """Was: drink-before 420 ml at 13:00, a 250 ml nudge at 13:04 and rehydrate 1,000 ml at
    13:30 (1.67 L in 30 minutes), nudges during the runs, and Done logging nothing."""
    for done in ((-1,), (0,), (20,)):
        out = simulate(issue_day(done), WORDS)
        assert_safe_all_day(out)
        assert out.hour_cap_ml == 870  # 12.5 ml/kg at 70 kg
        nudges = [s.at for s in out.sent if ReminderKind.HYDRATION_NUDGE in s.kinds]
        for start, end in out.sessions:
            assert all(not start <= at < end for at in nudges)  # no nudge during a run


def test_done_counts_as_the_drink_it_answers() -> None:
    """Pressing ✅ Done logs what the message asked for: nudges re-space, and the logged
    glass is not counted a second time against the hour."""
    unanswered = simulate(issue_day((-1,)), WORDS)
    answered = simulate(issue_day((0,)), WORDS)
    asked = sum(d.ml for d in answered.asks)
    assert asked <= sum(d.ml for d in unanswered.asks) + 250  # no more asked when drinking
    assert nudge_count(answered) < nudge_count(unanswered)  # Done's logs space the nudges out


def test_a_weigh_in_plan_and_the_rehydrate_never_ask_for_the_same_litre() -> None:
    weighed = Session(time(12), 60, Intensity.HARD, weights=(70.0, 68.6), weigh_delay_min=5)
    out = simulate(Day(body=Body(70), sessions=(weighed,), on=TUESDAY), WORDS)
    assert_safe_all_day(out)
    [reply] = [s for s in out.sent if not s.kinds]
    [rehydrate] = [s for s in out.sent if ReminderKind.REHYDRATE in s.kinds]
    assert "you lost about 1.4 kg" in reply.text
    assert reply.asks and not rehydrate.asks
    assert "keep to the plan from your weigh-in" in rehydrate.text


def test_a_long_light_session_shows_the_warning_signs() -> None:
    hike = Session(time(9), 300, Intensity.LIGHT)
    out = simulate(Day(body=Body(70), sessions=(hike,), on=TUESDAY), WORDS)
    [rehydrate] = [s for s in out.sent if ReminderKind.REHYDRATE in s.kinds]
    assert "call your emergency number" in rehydrate.text
    assert "30 minutes" in rehydrate.text  # the heat signs too


def test_a_child_and_a_pregnancy_get_no_per_kg_amounts() -> None:
    run = Session(time(12), 90, Intensity.HARD, weights=(30.0, 29.4))
    child = simulate(Day(body=Body(30, Stage.CHILD), sessions=(run,), on=TUESDAY), WORDS)
    workout_asks = [
        s for s in child.sent if {ReminderKind.DRINK_BEFORE, ReminderKind.REHYDRATE} & set(s.kinds)
    ]
    assert workout_asks and all(not s.asks for s in workout_asks)
    assert all(not s.asks for s in child.sent if not s.kinds)  # the weigh-in: no plan
    pregnant = simulate(
        Day(body=Body(90, Stage.PREGNANT), sessions=(Session(time(18), 60),), on=TUESDAY), WORDS
    )
    [before] = [s for s in pregnant.sent if ReminderKind.DRINK_BEFORE in s.kinds]
    assert "about 400 ml" in before.text and "midwife" in before.text  # the default, not 6 ml/kg
