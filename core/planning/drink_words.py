"""The drinking reminders' words: before a workout and after it.

Wording contract (tests rely on it): an amount asked for now is written "about N ml" or
"up to about N ml"; a later top-up is "another N ml then"; a measured total is "A–B L in
all over the next H hours"; what was drunk already is "you logged N ml". Each function
returns its text and the ml it asks for now, within ``room_ml`` (what a merged message
still has room for under the hourly cap).
"""

from __future__ import annotations

from collections.abc import Mapping

from core.planning.after import MIN_FIRST_HOUR_ML, After, AfterPlan, SessionWeights, after_session
from core.planning.hydration import HydrationFigures

FULL_ADVICE_LEAD_MIN = 180
"""A drink-before reminder due at least this long before the start gives the amount now
and the top-up about 2 h before (at least an hour later); a later one gives only the top-up."""
GET_HELP_NOW = "If you get a headache, feel sick or confused, get medical help now."


def ml(amount: int) -> str:
    return f"{amount:,} ml"


def litres(amount_ml: int) -> str:
    return f"{round(amount_ml / 1000, 1):g} L"


def after_plan(payload: Mapping[str, int], figures: HydrationFigures) -> AfterPlan:
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
        weights=weights,
    )


def _salt(plan: AfterPlan) -> str:
    if plan.salt:
        return (
            " After a session this long, have a salty snack or an electrolyte drink with it: "
            "salt helps your body keep the water."
        )
    return " If it was hot and you sweated a lot, a salty snack helps too."


def rehydrate(about: str, plan: AfterPlan, room_ml: int, f: HydrationFigures) -> tuple[str, int]:
    head = f"💧 <b>Rehydrate</b> after {about}:"
    first = min(plan.first_hour_ml, room_ml)
    if plan.kind is After.GAINED:
        return (
            f"⚠️ <b>After {about}</b>: you weighed {-plan.change_g / 1000:.1f} kg more "
            "after it than before, so you drank more than you sweated. Don't drink more now; "
            f"wait until you are thirsty. {GET_HELP_NOW}",
            0,
        )
    if plan.kind is After.IMPLAUSIBLE:
        return (
            f"{head} that change in weight looks too large to be right; please check the "
            "numbers. Until then, just drink to thirst.",
            0,
        )
    if plan.first_hour_ml >= MIN_FIRST_HOUR_ML > first:  # a merged drink took this hour
        return (
            f"{head} the drink above is enough for this hour; after it, drink to thirst with "
            f"your next meals.{_salt(plan)}",
            0,
        )
    if plan.kind is After.MEASURED and first >= MIN_FIRST_HOUR_ML:
        spread = (
            f"{head} you lost about {plan.change_g / 1000:.1f} kg. Drink "
            f"{round(plan.total_low_ml / 1000, 1):g}–{litres(plan.total_high_ml)} in all over the next "
            f"{plan.hours} hours, with meals: up to about {ml(first)} in the first hour, "
            f"then no more than {litres(f.hour_max_ml)} in any hour."
        )
        tip = (
            " That is more than 2% of your weight: next time, drink a little during the session."
            if plan.over_loss_limit
            else ""
        )
        return spread + tip + _salt(plan), first
    if plan.kind is After.FIRST_HOUR and first >= MIN_FIRST_HOUR_ML:
        return (
            f"{head} drink up to about {ml(first)} over the next hour, then drink to thirst; "
            f"your next meals make up the rest.{_salt(plan)}",
            first,
        )
    logged = (
        f" You logged {ml(plan.logged_ml)} during it, so there is little to make up."
        if plan.logged_ml
        else ""
    )
    return (
        f"{head} just drink to thirst now and have your next meal as usual.{logged} "
        f"Drinking more than you need is not safer.{_salt(plan)}",
        0,
    )


def drink_before(
    about: str, payload: Mapping[str, int], room_ml: int, f: HydrationFigures
) -> tuple[str, int]:
    head = f"💧 <b>Drink before your workout</b> ({about}):"
    now = min(payload.get("amount_ml") or f.before_default_ml, f.hour_max_ml, room_ml)
    top_up = min(payload.get("top_up_ml") or f.top_up_default_ml, f.hour_max_ml)
    lead = payload.get("lead_min")
    if now < MIN_FIRST_HOUR_ML or (lead is not None and lead < FULL_ADVICE_LEAD_MIN):
        if top_up > room_ml:
            return f"{head} drink to thirst before you start.", 0
        return (
            f"{head} if your urine is dark, drink about {ml(top_up)} now; otherwise just drink "
            "to thirst.",
            top_up,
        )
    later = (
        f" About 2 hours before the start, check your urine: if it is dark, have another "
        f"{ml(top_up)} then; if not, just drink to thirst."
        if lead is not None
        else " Then drink to thirst."
    )
    return (
        f"{head} about {ml(now)}, slowly, now. A few hours ahead gives your body time to take "
        f"it up and pass any extra.{later}",
        now,
    )
