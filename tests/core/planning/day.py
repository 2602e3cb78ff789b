"""The day simulator: the real planner and composer over one user's whole day, run the way
the reminder engine and the handlers run them.

Each reminder series is advanced with ``next_occurrence`` from its previous due time (as the
engine advances a rule row); occurrences due in the same minute share a message, composed by
``compose`` under the rolling cap with everything asked for and logged so far; the user's
logs, ✅ Done presses and weigh-ins happen at their moments, and a log re-plans the nudges
(as ``services.resync`` does). A weigh-in after a session gets its reply from
``after_words``, as ``services.weigh_ins`` does, and the rehydrate that follows points back
to it. What every message asked for is kept, with the sessions and the caps, for the tests
to check.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.localtime import resolve_local
from core.planning import (
    Allowance,
    Body,
    DayWindow,
    Drink,
    HydrationFigures,
    HydrationInputs,
    Intake,
    Intensity,
    Occurrence,
    PlanContext,
    PlannedWorkout,
    ReminderItem,
    ReminderKind,
    ReminderSeries,
    ReminderSettings,
    SessionWeights,
    Wording,
    compose,
    day_cap_ml,
    hour_cap_ml,
    next_occurrence,
    series_for,
    weighed_words,
)
from core.planning.workout import sessions_around

MAX_EVENTS = 400
"""A day never has more moments than this (a guard against a planner that loops)."""


@dataclass(frozen=True)
class Session:
    """One workout on the simulated day, with the user's weigh-ins around it (kg before and
    after, the after one typed ``weigh_delay_min`` after the end)."""

    start: time
    duration_min: int
    intensity: Intensity = Intensity.MODERATE
    weights: tuple[float, float] | None = None
    weigh_delay_min: int = 5


@dataclass(frozen=True)
class Day:
    """Everything about one simulated day: who, which sessions, what the user does."""

    body: Body
    sessions: tuple[Session, ...]
    on: date
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Berlin"))
    wake: time = time(7)
    sleep: time = time(23)
    logs: tuple[tuple[time, int], ...] = ()
    """Water the user logs on their own, at local times."""
    done: tuple[int, ...] = ()
    """Minutes after each message at which the user presses ✅ Done (cycled; -1: never)."""
    drink_during: bool = False


@dataclass(frozen=True)
class Sent:
    """One message: when, which reminders it carried, its words, what it asked for."""

    at: datetime
    kinds: tuple[ReminderKind, ...]
    text: str
    asks: tuple[Drink, ...]


@dataclass
class Outcome:
    """The simulated day: every message and reply, every ask, the sessions and the caps."""

    sent: list[Sent] = field(default_factory=list)
    asks: list[Drink] = field(default_factory=list)
    sessions: list[tuple[datetime, datetime]] = field(default_factory=list)
    hour_cap_ml: int = 0
    day_caps: dict[date, int] = field(default_factory=dict)
    day_bounds: dict[date, tuple[datetime, datetime]] = field(default_factory=dict)
    plans_ml: list[tuple[int, int]] = field(default_factory=list)
    """Each weigh-in plan's total and the day's cap it had to stay within."""


@dataclass
class _State:
    """What the user has done so far: logs (✅ Done ones stretch their asks) and weigh-ins."""

    asks: list[tuple[Drink, int | None, int]] = field(default_factory=list)
    """(drink, workout id, message number)"""
    logs: list[tuple[datetime, int]] = field(default_factory=list)
    """The user's own logs."""
    done: dict[int, datetime] = field(default_factory=dict)
    """Message number -> when ✅ Done logged what it asked for there and then."""
    sent_at: dict[int, datetime] = field(default_factory=dict)
    weighed: dict[int, tuple[float, float]] = field(default_factory=dict)

    def done_logs(self) -> list[tuple[datetime, int]]:
        return [
            (
                pressed,
                sum(d.ml for d, _, n in self.asks if n == number and d.at == self.sent_at[number]),
            )
            for number, pressed in self.done.items()
        ]

    def intake(self) -> Intake:
        asked = tuple(Drink(d.at, d.ml, self.done.get(number)) for d, _, number in self.asks)
        return Intake(asked, tuple(Drink(at, ml) for at, ml in self.logs))


def _workouts(day: Day) -> tuple[PlannedWorkout, ...]:
    return tuple(
        PlannedWorkout(
            id=n + 1,
            start=s.start,
            duration_min=s.duration_min,
            intensity=s.intensity,
            on_date=day.on,
        )
        for n, s in enumerate(day.sessions)
    )


def _context(day: Day, state: _State, figures: HydrationFigures, now: datetime) -> PlanContext:
    """The planner's view at ``now``: what was logged on that local date, as
    ``services.plan_context`` reads it."""
    today = now.astimezone(day.zone).date()
    every_log = [
        (at, ml)
        for at, ml in (*state.logs, *state.done_logs())
        if at.astimezone(day.zone).date() == today
    ]
    logged = sum(ml for _, ml in every_log)
    large = tuple(sorted(at for at, ml in every_log if ml >= figures.nudge_quiet_log_ml))
    settings = ReminderSettings(enabled={ReminderKind.DRINK_DURING: day.drink_during})
    return PlanContext(
        window=DayWindow(zone=day.zone, wake=day.wake, sleep=day.sleep),
        settings=settings,
        hydration=HydrationInputs(figures, day.body, logged, today, large),
        workouts=_workouts(day),
    )


def _bounds(day: Day, on: date) -> tuple[datetime, datetime]:
    return (
        resolve_local(on, time(0), day.zone),
        resolve_local(on + timedelta(days=1), time(0), day.zone),
    )


def _allowance(
    day: Day, ctx: PlanContext, state: _State, at: datetime, figures: HydrationFigures, out: Outcome
) -> Allowance:
    on = at.astimezone(day.zone).date()
    bounds = _bounds(day, on)
    cap = day_cap_ml(day.body, ctx.training_minutes(on), figures)
    out.day_caps[on] = cap
    out.day_bounds[on] = bounds
    return Allowance(
        at=at,
        hour_cap_ml=hour_cap_ml(day.body, figures),
        day_cap_ml=cap,
        day=bounds,
        intake=state.intake(),
        stage=day.body.stage,
        sessions=tuple(sessions_around(ctx, at)),
    )


def simulate(day: Day, words: Wording) -> Outcome:
    """Live through ``day`` from noon the day before to noon the day after."""
    figures = words.figures
    out = Outcome(hour_cap_ml=hour_cap_ml(day.body, figures))
    state = _State()
    start = resolve_local(day.on - timedelta(days=1), time(12), day.zone)
    end = resolve_local(day.on + timedelta(days=1), time(12), day.zone)
    ctx = _context(day, state, figures, start)
    workouts = {w.id: w for w in ctx.workouts}
    out.sessions = list(sessions_around(ctx, resolve_local(day.on, time(12), day.zone)))
    # what happens, by moment: ("due", series index) or a user's action
    rules: dict[int, Occurrence] = {}
    all_series = series_for(ctx)
    for n, series in enumerate(all_series):
        if (occurrence := next_occurrence(series, ctx, start)) is not None:
            rules[n] = occurrence
    actions: list[tuple[datetime, int, str, int]] = []
    for at_time, ml in day.logs:
        heapq.heappush(actions, (resolve_local(day.on, at_time, day.zone), 0, "log", ml))
    for n, session in enumerate(day.sessions):
        if session.weights is not None:
            begins = resolve_local(day.on, session.start, day.zone)
            weighed = begins + timedelta(minutes=session.duration_min + session.weigh_delay_min)
            heapq.heappush(actions, (weighed, 1, "weigh", n + 1))
    messages = 0
    for _ in range(MAX_EVENTS):
        next_rule = min((o.due_at for o in rules.values()), default=None)
        next_action = actions[0][0] if actions else None
        moments = [m for m in (next_rule, next_action) if m is not None]
        if not moments or min(moments) >= end:
            break
        now = min(moments)
        if next_action is not None and next_action == now:
            _, _, what, value = heapq.heappop(actions)
            if what == "log":
                state.logs.append((now, value))
            elif what == "done":
                state.done[value] = now
            else:
                _weigh_in(day, state, workouts[value], now, words, out)
            ctx = _context(day, state, figures, now)
            _replan_nudges(all_series, rules, ctx, now)
            continue
        ctx = _context(day, state, figures, now)
        due = sorted(
            (n for n, o in rules.items() if o.due_at == now), key=lambda n: rules[n].priority
        )
        occurrences = [rules[n] for n in due]
        for n in due:
            following = next_occurrence(all_series[n], ctx, now)
            if following is None:
                del rules[n]
            else:
                rules[n] = following
        if any(now > o.deadline for o in occurrences):
            continue
        sendable = [
            o for o in occurrences if o.kind not in (ReminderKind.CHECKIN, ReminderKind.SUMMARY)
        ]
        if not sendable:
            continue
        items = [_item(o, state, workouts) for o in sendable]
        allowance = _allowance(day, ctx, state, now, figures, out)
        message = compose(items, words, now.astimezone(day.zone).date(), allowance)
        if not message.text:
            continue
        messages += 1
        state.sent_at[messages] = now
        for ask in message.asks:
            workout = sendable[ask.item].payload.get("workout_id")
            state.asks.append((ask.drink, workout, messages))
        out.asks += message.drinks
        out.sent.append(Sent(now, tuple(o.kind for o in sendable), message.text, message.drinks))
        delay = day.done[(messages - 1) % len(day.done)] if day.done else -1
        if delay >= 0 and any(d.at == now for d in message.drinks):
            heapq.heappush(actions, (now + timedelta(minutes=delay), 2, "done", messages))
    return out


def _item(
    occurrence: Occurrence, state: _State, workouts: dict[int, PlannedWorkout]
) -> ReminderItem:
    payload = dict(occurrence.payload)
    workout_id = payload.get("workout_id")
    workout = workouts.get(workout_id) if workout_id is not None else None
    if occurrence.kind is ReminderKind.REHYDRATE and workout_id in state.weighed:
        before, after = state.weighed[workout_id]
        payload |= {"before_g": round(before * 1000), "after_g": round(after * 1000), "replied": 1}
    label = f"{workout.kind} at {workout.start:%H:%M}" if workout is not None else None
    return ReminderItem(occurrence.kind, payload, label)


def _weigh_in(
    day: Day,
    state: _State,
    workout: PlannedWorkout,
    now: datetime,
    words: Wording,
    out: Outcome,
) -> None:
    """The reply to the weigh-in after ``workout``, as ``services.weigh_ins.save`` sizes it."""
    session = day.sessions[workout.id - 1]
    assert session.weights is not None
    figures = words.figures
    ctx = _context(day, state, figures, now)
    allowance = _allowance(day, ctx, state, now, figures, out)
    end = resolve_local(day.on, workout.start, day.zone) + workout.duration
    already = sum(d.ml for d, w, _ in state.asks if w == workout.id and d.at >= end)
    about = f"{workout.kind} at {workout.start:%H:%M}"
    _plan, text, drinks = weighed_words(
        about,
        SessionWeights(*session.weights),
        ctx,
        end,
        workout.duration_min,
        already,
        allowance,
        words,
    )
    state.weighed[workout.id] = session.weights
    number = -workout.id  # a reply, not a reminder: ✅ Done never answers it
    state.asks += [(d, workout.id, number) for d in drinks]
    out.asks += drinks
    out.plans_ml.append((sum(d.ml for d in drinks), allowance.day_cap_ml))
    out.sent.append(Sent(now, (), text, tuple(drinks)))


def _replan_nudges(
    all_series: Sequence[ReminderSeries],
    rules: dict[int, Occurrence],
    ctx: PlanContext,
    now: datetime,
) -> None:
    """A log re-spaces the nudges from now, as ``services.resync`` does."""
    for n, series in enumerate(all_series):
        if series.kind is ReminderKind.HYDRATION_NUDGE:
            following = next_occurrence(series, ctx, now)
            if following is None:
                rules.pop(n, None)
            else:
                rules[n] = following
