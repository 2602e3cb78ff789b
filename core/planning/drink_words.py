"""The drinking reminders' words: before a workout and after it.

Wording contract (tests rely on it): an amount asked for now is written "about N ml" or
"up to about N ml"; a later top-up is "another N ml then"; a measured total is "A–B L in
all over the next H hours" (or "about A L in all ..." when both ends meet); what was drunk
already is "you logged N ml". Each function returns its text and the ml it asks for now,
within ``room_ml`` (what the rolling cap still leaves at this moment); the later hours of a
measured plan are placed by ``core.planning.messages``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.i18n import N_, _
from core.knowledge import Notes
from core.planning.after import (
    MIN_FIRST_HOUR_ML,
    After,
    AfterPlan,
    SessionWeights,
    Sizing,
    after_session,
)
from core.planning.body import Stage
from core.planning.figures import HydrationFigures

FULL_ADVICE_LEAD_MIN = 180
"""A drink-before reminder due at least this long before the start gives the amount now
and the top-up about 2 h before (at least an hour later); a later one gives only the top-up."""
GET_HELP_NOW = N_("If you get a headache, feel sick or confused, get medical help now.")


def ml(amount: int) -> str:
    return _("{amount} ml").format(amount=f"{amount:,}")


def after_plan(payload: Mapping[str, int], figures: HydrationFigures, sizing: Sizing) -> AfterPlan:
    """The after-session plan a rehydrate payload stands for (old payloads: the capped
    ``amount_ml`` stands in for the estimate)."""
    before = payload.get("before_g")
    after = payload.get("after_g")
    weights = SessionWeights(before / 1000, after / 1000) if before and after else None
    return after_session(
        estimated_loss_ml=payload.get("loss_ml", payload.get("amount_ml", 0)),
        duration_min=payload.get("duration_min", 0),
        logged_during_ml=payload.get("logged_ml", 0),
        figures=figures,
        sizing=sizing,
        weights=weights,
    )


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a measured total went under the rolling cap: ``first_ml`` now, ``total_ml`` in
    all over ``hours`` hours, never more than ``hour_cap_ml`` in any hour."""

    first_ml: int
    total_ml: int
    hours: int
    hour_cap_ml: int


def _salt(plan: AfterPlan) -> str:
    if plan.salt:
        return " " + _(
            "After a session this long, have a salty snack or an electrolyte drink with it: "
            "salt helps your body keep the water."
        )
    return " " + _("If it was hot and you sweated a lot, a salty snack helps too.")


def _signs(plan: AfterPlan, notes: Notes) -> str:
    """The warning signs, after a session of ``long_session_min`` or more."""
    if not plan.long_session:
        return ""
    return f"\n⚠️ {_(notes.drink_signs)} {_(notes.heat_signs)}"


def _total(low: int, high: int) -> str:
    """A spread's total in litres; the top is rounded down, so that the words never ask for
    more than the cap allowed (2,780 ml reads 2.7 L, not 2.8)."""
    top = f"{high // 100 / 10:g}"
    if round(low / 100) >= high // 100:
        return _("about {amount} L").format(amount=top)
    return _("{low}–{high} L").format(low=f"{round(low / 1000, 1):g}", high=top)


def measured(about: str, plan: AfterPlan, placed: Placed, notes: Notes) -> str:
    """A weigh-in's plan, as placed by the rolling cap (asks ``placed.first_ml`` now)."""
    head = _rehydrate_head(about)
    low = min(plan.total_low_ml, placed.total_ml)
    now = (
        _("up to about {amount} in the first hour, ").format(amount=ml(placed.first_ml))
        if placed.first_ml >= MIN_FIRST_HOUR_ML
        else _("nothing more this hour (what you were asked for already covers it), ")
    )
    text = f"{head} " + _(
        "you lost about {kg} kg. Drink {total} in all over the next {hours} hours, with "
        "meals: {now}then no more than {cap} in any hour."
    ).format(
        kg=f"{plan.change_g / 1000:.1f}",
        total=_total(low, placed.total_ml),
        hours=placed.hours,
        now=now,
        cap=ml(placed.hour_cap_ml),
    )
    if plan.caution:
        text += " " + _(
            "That is {percent}% of your weight, a large loss: rest somewhere "
            "cool, have something salty with it, and get medical help now if you feel dizzy, "
            "faint or confused."
        ).format(percent=f"{plan.loss_percent:g}")
    elif plan.over_loss_limit:
        text += " " + _(
            "That is more than 2% of your weight: next time, drink a little during the session."
        )
    return text + _salt(plan) + _signs(plan, notes)


def _rehydrate_head(about: str) -> str:
    return _("💧 <b>Rehydrate</b> after {workout}:").format(workout=about)


def rehydrate(
    about: str, plan: AfterPlan, room_ml: int, f: HydrationFigures, notes: Notes
) -> tuple[str, int]:
    """Every after-session plan but a placed measured one (see :func:`measured`)."""
    head = _rehydrate_head(about)
    first = min(plan.first_hour_ml, room_ml)
    kg = f"{abs(plan.change_g) / 1000:.1f}"
    if plan.kind is After.GAINED:
        gained = _(
            "⚖️ <b>After {workout}</b>: you weighed {kg} kg more "
            "after it than before, which means you drank more than you sweated. There is no "
            "need to drink more now: drink when you feel thirsty."
        ).format(workout=about, kg=f"{-plan.change_g / 1000:.1f}")
        return f"{gained} {_(notes.drink_signs)}", 0
    if plan.kind is After.TOO_MUCH:
        too_much = _(
            "⚠️ <b>After {workout}</b>: that is a loss of {kg} kg "
            "({percent}% of your weight), more than a drinking plan should make "
            "up on its own. Rest somewhere cool, sip water with something salty when you are "
            "thirsty, and eat a meal. Get medical help now if you feel dizzy or faint, "
            "confused, sick or very unwell. If a number was mistyped, weigh in again."
        )
        return too_much.format(workout=about, kg=kg, percent=f"{plan.loss_percent:g}"), 0
    if plan.kind is After.IMPLAUSIBLE:
        return head + " " + _(
            "that change in weight looks too large to be right; please check the "
            "numbers. Until then, just drink to thirst."
        ), 0
    if plan.first_hour_ml >= MIN_FIRST_HOUR_ML > first:  # a drink asked for took this hour
        enough = _(
            "what you were asked to drink in this hour is enough; after it, drink to "
            "thirst with your next meals."
        )
        return f"{head} {enough}{_salt(plan)}{_signs(plan, notes)}", 0
    if plan.kind is After.FIRST_HOUR and first >= MIN_FIRST_HOUR_ML:
        first_hour = _(
            "drink up to about {amount} over the next hour, then drink to thirst; "
            "your next meals make up the rest."
        ).format(amount=ml(first))
        return f"{head} {first_hour}{_salt(plan)}{_signs(plan, notes)}", first
    logged = (
        " "
        + _("You logged {amount} during it, so there is little to make up.").format(
            amount=ml(plan.logged_ml)
        )
        if plan.logged_ml
        else ""
    )
    thirst = _("just drink to thirst now and have your next meal as usual.")
    safer = _("Drinking more than you need is not safer.")
    return f"{head} {thirst}{logged} {safer}{_salt(plan)}{_signs(plan, notes)}", 0


def rehydrate_without_amount(
    about: str, plan: AfterPlan, why: str, cap_ml: int, notes: Notes
) -> str:
    """A rehydrate that asks for nothing: ``why`` is "child", "replied" (the weigh-in's
    plan stands) or "session" (another session is under way)."""
    head = _rehydrate_head(about)
    if why == "replied":
        text = f"{head} " + _(
            "keep to the plan from your weigh-in, with meals, and no more than {cap} in any hour."
        ).format(cap=ml(cap_ml))
    elif why == "session":
        text = f"{head} " + _("you are training again now, so just drink to thirst during it.")
    else:
        child = _("drink to thirst, and have a drink with your next meal.")
        text = f"{head} {child} {_(notes.child_drinks)}"
    return text + _signs(plan, notes)


def drink_before(
    about: str,
    payload: Mapping[str, int],
    room_ml: int,
    f: HydrationFigures,
    stage: Stage = Stage.ADULT,
    in_session: bool = False,
    later_room_ml: int | None = None,
) -> tuple[str, int, int]:
    """The words, the ml asked for now, and the ml of the top-up about 2 h before the start
    (asked for later, only if the urine is dark; within ``later_room_ml``, what the rolling
    cap leaves at that moment)."""
    head = _("💧 <b>Drink before your workout</b> ({workout}):").format(workout=about)
    if stage is Stage.CHILD:
        child = _("have a drink of water in the hours before, and take water with you.")
        return f"{head} {child}", 0, 0
    if in_session:
        return f"{head} " + _("you are training now: drink to thirst during this session."), 0, 0
    now = min(payload.get("amount_ml") or f.before_default_ml, f.hour_max_ml, room_ml)
    top_up = min(payload.get("top_up_ml") or f.top_up_default_ml, f.hour_max_ml)
    lead = payload.get("lead_min")
    if now < MIN_FIRST_HOUR_ML or (lead is not None and lead < FULL_ADVICE_LEAD_MIN):
        if top_up > room_ml:
            return f"{head} " + _("drink to thirst before you start."), 0, 0
        dark = _(
            "if your urine is dark yellow, drink about {amount} now; otherwise "
            "just drink to thirst."
        ).format(amount=ml(top_up))
        return f"{head} {dark}", top_up, 0
    if lead is not None and later_room_ml is not None:
        top_up = min(top_up, later_room_ml)
    if lead is not None and top_up >= MIN_FIRST_HOUR_ML:
        later = " " + _(
            "About 2 hours before the start, check your urine: if it is dark yellow, have "
            "another {amount} then; if not, just drink to thirst."
        ).format(amount=ml(top_up))
    else:
        later, top_up = " " + _("Then drink to thirst."), 0
    ahead = _(
        "about {amount}, slowly, now. A few hours ahead gives your body time to take "
        "it up and pass any extra."
    ).format(amount=ml(now))
    return f"{head} {ahead}{later}", now, top_up
