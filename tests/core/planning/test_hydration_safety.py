"""Drinking amounts are safe at every input (issue 10's acceptance, as properties).

Over weights 30-300 kg (and unknown), sessions up to 12 h, every intensity and every amount
logged during the session, with and without a weigh-in:

* no message asks for more than 1 L within an hour, alone or merged with other reminders;
* a measured total is spread so that no hour gets more than 1 L;
* daily guides stay within the caps: at most 4 L on a rest day, 6 L on any training day.

The figures are the real ones from ``config/knowledge.toml``; the text checks follow the
wording contract in ``core.planning.drink_words``.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from config.knowledge import load_knowledge
from core.planning import (
    After,
    Intensity,
    ReminderItem,
    ReminderKind,
    SessionWeights,
    Wording,
    after_session,
    before_workout_ml,
    compose,
    daily_target_ml,
    estimated_loss_ml,
    top_up_ml,
)

KNOWLEDGE = load_knowledge()
FIGURES = KNOWLEDGE.hydration_figures()
WORDS = Wording(FIGURES, KNOWLEDGE.to_core().routines)
DAY = date(2026, 11, 30)
LITRE = 1000

weights = st.one_of(st.none(), st.floats(30, 300, allow_nan=False))
minutes = st.integers(1, 12 * 60)
intensities = st.sampled_from(list(Intensity))
logged = st.integers(0, 12_000)  # /water allows 3,000 ml per log; many logs add up
leads = st.one_of(st.none(), st.integers(0, 24 * 60))

NOW_ASK = re.compile(r"\b(?:about|up to about) ([\d,]+) ml")
SPREAD = re.compile(r"([\d.]+)–([\d.]+) L in all over the next (\d+) hours")
LATER = re.compile(r"another ([\d,]+) ml then")
ANY_L = re.compile(r"([\d.]+) L\b")


def asked_now_ml(text: str) -> int:
    """The ml a message asks to drink now (within the coming hour), per the contract."""
    return sum(int(n.replace(",", "")) for n in NOW_ASK.findall(text))


def assert_no_hour_over_a_litre(text: str) -> None:
    assert asked_now_ml(text) <= LITRE, text
    for low, high, hours in SPREAD.findall(text):
        assert float(low) <= float(high)
        assert float(high) * LITRE / int(hours) <= LITRE, text
    for amount in LATER.findall(text):  # a later top-up is a separate hour, and small too
        assert int(amount.replace(",", "")) <= LITRE, text
    spread_litres = {x for m in SPREAD.findall(text) for x in m[:2]}
    for amount in ANY_L.findall(text):  # litres appear only in spread totals or the cap
        assert amount in spread_litres or float(amount) <= 1, text


def rehydrate(
    weight: float | None,
    duration: int,
    intensity: Intensity,
    during: int,
    weigh: SessionWeights | None,
) -> ReminderItem:
    payload = {
        "workout_id": 1,
        "loss_ml": estimated_loss_ml(weight, duration, intensity, FIGURES),
        "duration_min": duration,
        "logged_ml": during,
    }
    if weigh is not None:
        payload["before_g"] = round(weigh.before_kg * 1000)
        payload["after_g"] = round(weigh.after_kg * 1000)
    return ReminderItem(ReminderKind.REHYDRATE, payload, "run at 18:30")


def drink_before(weight: float | None, lead: int | None) -> ReminderItem:
    payload = {
        "workout_id": 1,
        "amount_ml": before_workout_ml(weight, FIGURES),
        "top_up_ml": top_up_ml(weight, FIGURES),
    }
    if lead is not None:
        payload["lead_min"] = lead
    return ReminderItem(ReminderKind.DRINK_BEFORE, payload, "run at 18:30")


weigh_ins = st.one_of(
    st.none(),
    st.builds(
        lambda before, change: SessionWeights(before, round(before - change, 1)),
        st.floats(30, 300, allow_nan=False),
        st.floats(-3, 12, allow_nan=False),
    ),
)


@settings(max_examples=400, deadline=None)
@given(weight=weights, duration=minutes, intensity=intensities, during=logged, weigh=weigh_ins)
def test_after_a_session_nothing_asks_for_more_than_a_litre_in_an_hour(
    weight: float | None,
    duration: int,
    intensity: Intensity,
    during: int,
    weigh: SessionWeights | None,
) -> None:
    plan = after_session(
        estimated_loss_ml=estimated_loss_ml(weight, duration, intensity, FIGURES),
        duration_min=duration,
        logged_during_ml=during,
        figures=FIGURES,
        weights=weigh,
    )
    assert 0 <= plan.first_hour_ml <= LITRE
    if plan.kind is After.MEASURED:
        assert plan.total_high_ml / plan.hours <= LITRE
        assert plan.total_low_ml <= plan.total_high_ml
    if plan.kind in (After.GAINED, After.THIRST, After.IMPLAUSIBLE):
        assert plan.first_hour_ml == 0
    text = compose([rehydrate(weight, duration, intensity, during, weigh)], WORDS, DAY).text
    assert_no_hour_over_a_litre(text)
    if plan.kind is After.GAINED:
        assert "Don't drink more now" in text and "get medical help now" in text


@settings(max_examples=300, deadline=None)
@given(weight=weights, lead=leads)
def test_before_a_workout_nothing_asks_for_more_than_a_litre_in_an_hour(
    weight: float | None, lead: int | None
) -> None:
    text = compose([drink_before(weight, lead)], WORDS, DAY).text
    assert_no_hour_over_a_litre(text)
    if lead is not None and lead >= 180:
        assert "About 2 hours before the start" in text  # the top-up comes an hour later at least


@settings(max_examples=300, deadline=None)
@given(
    weight=weights,
    duration=minutes,
    intensity=intensities,
    during=logged,
    weigh=weigh_ins,
    lead=leads,
    nudge=st.integers(1, 250),
    order=st.permutations(range(3)),
)
def test_merged_reminders_never_ask_for_more_than_a_litre_together(
    weight: float | None,
    duration: int,
    intensity: Intensity,
    during: int,
    weigh: SessionWeights | None,
    lead: int | None,
    nudge: int,
    order: list[int],
) -> None:
    items = [
        rehydrate(weight, duration, intensity, during, weigh),
        drink_before(weight, lead),
        ReminderItem(ReminderKind.HYDRATION_NUDGE, {"amount_ml": nudge}),
    ]
    text = compose([items[i] for i in order], WORDS, DAY).text
    assert_no_hour_over_a_litre(text)


@settings(max_examples=500, deadline=None)
@given(weight=weights, training=st.integers(0, 12 * 60))
def test_daily_guides_stay_within_the_caps(weight: float | None, training: int) -> None:
    target = daily_target_ml(weight, training, FIGURES)
    assert FIGURES.day_min_ml <= target
    if training == 0:
        assert target <= 4000
    assert target <= 6000


def test_the_caps_are_the_issues() -> None:
    assert FIGURES.rest_day_max_ml <= 4000
    assert FIGURES.training_day_max_ml <= 6000
    assert FIGURES.hour_max_ml <= LITRE


def test_the_old_dangerous_cases_now_ask_for_at_most_a_litre() -> None:
    """2 h hard used to say "about 3.6 L over the next hour"; 6 h, 10.8 L."""
    for hours in (2, 6):
        item = rehydrate(None, hours * 60, Intensity.HARD, 0, None)
        text = compose([item], WORDS, DAY).text
        assert "up to about 1,000 ml over the next hour" in text
        assert "salty snack" in text  # long session: salt is suggested
    assert daily_target_ml(250, 0, FIGURES) == 4000  # was 7.5 L
    assert daily_target_ml(300, 180, FIGURES) <= 6000  # was 9 L


def test_short_session_mentions_salt_only_for_heat() -> None:
    text = compose([rehydrate(70, 45, Intensity.MODERATE, 0, None)], WORDS, DAY).text
    assert "If it was hot and you sweated a lot, a salty snack helps too." in text


def test_drinking_through_a_long_session_gets_drink_to_thirst() -> None:
    text = compose([rehydrate(70, 240, Intensity.HARD, 2500, None)], WORDS, DAY).text
    assert "just drink to thirst" in text and "You logged 2,500 ml" in text
    assert asked_now_ml(text) == 0


def test_weigh_in_loss_is_replaced_over_hours_and_a_gain_is_a_warning() -> None:
    loss = compose(
        [rehydrate(70, 90, Intensity.HARD, 0, SessionWeights(70, 68.8))], WORDS, DAY
    ).text
    assert "you lost about 1.2 kg" in loss
    assert "1.5–1.8 L in all over the next 2 hours" in loss
    gain = compose(
        [rehydrate(70, 240, Intensity.HARD, 3000, SessionWeights(70, 70.5))], WORDS, DAY
    ).text
    assert "0.5 kg more" in gain and "drank more than you sweated" in gain


def test_drink_before_follows_acsm_timing() -> None:
    full = compose([drink_before(70, 240)], WORDS, DAY).text
    assert "about 420 ml, slowly, now" in full
    assert "another 280 ml then" in full
    late = compose([drink_before(70, 30)], WORDS, DAY).text
    assert "if your urine is dark, drink about 280 ml now" in late
