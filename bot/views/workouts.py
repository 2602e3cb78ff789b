"""Texts and keyboards of /workout, /workouts and /now. Pure: no I/O, no clock.

Callback data, area ``w``, its action a ``WorkoutAction``: a button of the guided flow
carries the draft with its choice already in it and shows a step of the flow with that
draft (``w:<action>:<draft>``; cancel ``w:fx``); the list's buttons carry a workout id
(``w:<action>:<id>``), always checked against the presser's own rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from html import escape
from zoneinfo import ZoneInfo

from bot.callbacks import Area, Callback
from bot.views.workout_drafts import Draft
from config.locales import format_date, weekday_name
from core.i18n import N_, P_, _, pgettext
from core.localtime import resolve_local
from core.outgoing import InlineButton, InlineKeyboard
from core.planning import Intensity, WorkoutKind
from core.timeparse import format_time, span_text
from core.workout_parse import WorkoutSpec
from db.models import ReminderRule, Workout

AREA = Area.WORKOUT


class WorkoutAction(StrEnum):
    """What a workout button does (its data's action; the codes are stable, as buttons
    already sent carry them)."""

    SHOW_DAYS = "fd"
    SHOW_TIME = "ft"
    SHOW_DURATION = "fl"
    SHOW_KIND = "fk"
    SHOW_INTENSITY = "fi"
    SHOW_CONFIRM = "fc"
    SAVE = "fs"
    CANCEL = "fx"
    EDIT = "e"
    SKIP_NEXT = "sk"
    DELETE = "del"
    UNDO = "undo"


FLOW_STEPS = (
    WorkoutAction.SHOW_DAYS,
    WorkoutAction.SHOW_TIME,
    WorkoutAction.SHOW_DURATION,
    WorkoutAction.SHOW_KIND,
    WorkoutAction.SHOW_INTENSITY,
    WorkoutAction.SHOW_CONFIRM,
)
"""The guided flow's steps, in order."""
FLOW = (*FLOW_STEPS, WorkoutAction.SAVE, WorkoutAction.CANCEL)
"""Every action of the guided flow; the others are the list's."""
TIME_CHOICES = tuple(
    time(h, m) for h, m in ((6, 0), (7, 0), (12, 0), (17, 0), (18, 0), (18, 30), (19, 0), (20, 0))
)
DURATION_CHOICES = (30, 45, 60, 75, 90, 120)
KIND_LABELS = {
    WorkoutKind.RUN: P_("button", "🏃 Run"),
    WorkoutKind.GYM: P_("button", "🏋️ Gym"),
    WorkoutKind.RIDE: P_("button", "🚴 Ride"),
    WorkoutKind.SWIM: P_("button", "🏊 Swim"),
    WorkoutKind.OTHER: P_("button", "Other"),
}
INTENSITY_LABELS = {
    Intensity.LIGHT: P_("button", "Light"),
    Intensity.MODERATE: P_("button", "Moderate"),
    Intensity.HARD: P_("button", "Hard"),
}
KIND_WORDS = {
    WorkoutKind.RUN: P_("kind", "run"),
    WorkoutKind.GYM: P_("kind", "gym"),
    WorkoutKind.RIDE: P_("kind", "ride"),
    WorkoutKind.SWIM: P_("kind", "swim"),
    WorkoutKind.OTHER: P_("kind", "other"),
}
INTENSITY_WORDS = {
    Intensity.LIGHT: P_("intensity", "light"),
    Intensity.MODERATE: P_("intensity", "moderate"),
    Intensity.HARD: P_("intensity", "hard"),
}
REMINDER_LABELS = {
    "drink_before": N_("drink"),
    "warm_up": N_("warm up"),
    "drink_during": N_("sip some water"),
    "cool_down": N_("cool down and stretch"),
    "rehydrate": N_("drink again"),
}
TITLE = {True: N_("✏️ <b>Edit workout</b>"), False: N_("🏋️ <b>New workout</b>")}


def title(editing: bool) -> str:
    return _(TITLE[editing])


REMOVE_IMPORTED = "rm"
"""The calendar area's action that removes every imported workout (``bot.handlers.calendar``)."""


def button(text: str, action: WorkoutAction, value: str = "") -> InlineButton:
    return InlineButton(text, callback_data=Callback(AREA, action, value).encode())


def tick(label: str, chosen: bool) -> str:
    return f"{label} ✓" if chosen else label


def day_text(day: date) -> str:
    return format_date(day, "EEE d MMM")


def describe(spec: WorkoutSpec) -> str:
    """``Weekly on Mon, Wed, Fri at 18:30 for 60 min, run, hard``."""
    if spec.weekdays:
        days = ", ".join(weekday_name(d - 1) for d in sorted(spec.weekdays))
        when = (
            _("Every day") if len(spec.weekdays) == 7 else _("Weekly on {days}").format(days=days)
        )
    else:
        assert spec.on_date is not None
        when = _("Once on {day}").format(day=day_text(spec.on_date))
    return _("{when} at {start} for {minutes} min, {kind}, {intensity}").format(
        when=when,
        start=format_time(spec.start),
        minutes=spec.duration_min,
        kind=pgettext("kind", KIND_WORDS[spec.kind]),
        intensity=pgettext("intensity", INTENSITY_WORDS[spec.intensity]),
    )


def spec_of(workout: Workout) -> WorkoutSpec:
    spec = Draft.of(workout).spec()
    assert spec is not None
    return spec


def next_date(workout: Workout, local_now: datetime) -> date | None:
    """The local date of the workout's next start after ``local_now``, ignoring a skip."""
    today = local_now.date()
    now_time = local_now.time().replace(tzinfo=None)
    weekdays = {int(d) for d in workout.weekdays.split(",") if d}
    if not weekdays:
        day = workout.on_date
        if day is None or day < today or (day == today and workout.start_time <= now_time):
            return None
        return day
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        if day.isoweekday() in weekdays and (ahead or workout.start_time > now_time):
            return day
    return None


def _line(number: int, workout: Workout, local_now: datetime) -> str:
    upcoming = next_date(workout, local_now)
    if upcoming is None:
        when = _("nothing ahead")
    elif workout.skip_on == upcoming:
        when = _("next {day}: <b>skipped</b>").format(day=day_text(upcoming))
    else:
        when = _("next {day}").format(day=day_text(upcoming))
    source = f"📅 {escape(workout.event_title or '')}: " if workout.calendar else ""
    return f"{number}. {source}{describe(spec_of(workout))} — {when}"


def list_view(
    workouts: Sequence[Workout], local_now: datetime, notice: str = "", undo_id: int | None = None
) -> tuple[str, InlineKeyboard | None]:
    """The /workouts message: one line and one row of buttons per workout."""
    head = [notice] if notice else []
    rows = (
        [[button(pgettext("button", "↩️ Undo"), WorkoutAction.UNDO, str(undo_id))]]
        if undo_id is not None
        else []
    )
    if not workouts:
        body = _(
            "You have no workouts planned. Add one with /workout, e.g. "
            "<code>/workout mon wed fri 18:30 60 run</code>."
        )
        return "\n\n".join([*head, body]), InlineKeyboard(rows) if rows else None
    lines = [_("🗓 <b>Your workouts</b> (your local time)")]
    for number, workout in enumerate(workouts, start=1):
        lines.append(_line(number, workout, local_now))
        skipped = workout.skip_on is not None and workout.skip_on == next_date(workout, local_now)
        rows.append(
            [
                button(f"✏️ {number}", WorkoutAction.EDIT, str(workout.id)),
                button(
                    (_("↪️ Un-skip {number}") if skipped else _("⏭ Skip {number}")).format(
                        number=number
                    ),
                    WorkoutAction.SKIP_NEXT,
                    str(workout.id),
                ),
                button(f"🗑 {number}", WorkoutAction.DELETE, str(workout.id)),
            ]
        )
    if imported := sum(1 for workout in workouts if workout.calendar):
        remove = Callback(Area.CALENDAR, REMOVE_IMPORTED).encode()
        rows.append([InlineButton(_("🗑 Remove the {n} imported").format(n=imported), remove)])
    return "\n\n".join([*head, "\n".join(lines)]), InlineKeyboard(rows)


def _relative(due: datetime, start: datetime, end: datetime) -> str:
    if due < start:
        return _("{span} before").format(span=span_text(round((start - due).total_seconds() / 60)))
    if due == start:
        return _("at the start")
    if due < end:
        return _("{span} in").format(span=span_text(round((due - start).total_seconds() / 60)))
    if due == end:
        return _("at the end")
    return _("{span} after").format(span=span_text(round((due - end).total_seconds() / 60)))


def reminders_text(rules: Sequence[ReminderRule], workout: Workout, zone: ZoneInfo) -> str:
    """``I'll remind you to drink 2 h before (Wed 25 Nov 16:30), warm up 10 min before (18:20)…``"""
    parts: list[str] = []
    shown_day: date | None = None
    for rule in rules:
        if rule.next_due_at is None or rule.next_local_date is None:
            continue
        start = resolve_local(rule.next_local_date, workout.start_time, zone)
        end = start + timedelta(minutes=workout.duration_min)
        local = rule.next_due_at.astimezone(zone)
        moment = (
            format_time(local.time())
            if local.date() == shown_day
            else f"{day_text(local.date())} {format_time(local.time())}"
        )
        shown_day = local.date()
        label = _(REMINDER_LABELS.get(rule.kind, rule.kind.replace("_", " ")))
        parts.append(f"{label} {_relative(rule.next_due_at, start, end)} ({moment})")
    if not parts:
        return _("No reminders are planned for it (its time has passed, or reminders are off).")
    listed = (
        parts[0]
        if len(parts) == 1
        else _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])
    )
    return _("I'll remind you to {reminders}.").format(reminders=listed)
