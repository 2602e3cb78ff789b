"""The guided /workout flow in one message: days, start time, length, kind, intensity, save.

Each step's buttons carry the draft with their choice in it and show the next step (or,
"« Back", an earlier one) with that draft (``bot.views.workouts.WorkoutAction``), so the
flow keeps no state anywhere else. A workout typed as a sentence enters at the confirm step;
one that cannot be read gets a button to the first step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from html import escape

from bot.views import rows_of
from bot.views.workout_drafts import Draft
from bot.views.workouts import (
    DURATION_CHOICES,
    INTENSITY_LABELS,
    KIND_LABELS,
    TIME_CHOICES,
    WorkoutAction,
    button,
    day_text,
    describe,
    tick,
    title,
)
from config.locales import weekday_name
from core.i18n import _, pgettext
from core.outgoing import InlineButton, InlineKeyboard
from core.timeparse import format_time
from core.workout_parse import WorkoutSpec


def _frame(draft: Draft, back: WorkoutAction | None) -> list[InlineButton]:
    nav = [button(pgettext("button", "« Back"), back, draft.encode())] if back else []
    return [*nav, button(pgettext("button", "Cancel"), WorkoutAction.CANCEL)]


def days_view(draft: Draft, today: date) -> tuple[str, InlineKeyboard]:
    text = (
        title(bool(draft.workout_id))
        + "\n"
        + _(
            "Which days? Toggle weekdays for a weekly workout, then tap <b>Next</b>; or pick a "
            "one-off."
        )
    )
    toggles = [
        button(
            tick(name, index + 1 in draft.weekdays),
            WorkoutAction.SHOW_DAYS,
            draft.toggled(index + 1).encode(),
        )
        for index, name in enumerate(weekday_name(day) for day in range(7))
    ]
    once = [
        button(
            tick(label, draft.on_date == day),
            WorkoutAction.SHOW_TIME,
            draft.once(day).encode(),
        )
        for label, day in (
            (pgettext("button", "Once: today"), today),
            (pgettext("button", "Once: tomorrow"), today + timedelta(days=1)),
        )
    ]
    if draft.on_date is not None and draft.on_date not in (today, today + timedelta(days=1)):
        once.append(
            button(
                tick(_("Once: {day}").format(day=day_text(draft.on_date)), True),
                WorkoutAction.SHOW_TIME,
                draft.encode(),
            )
        )
    rows = [*rows_of(toggles, 4), once]
    next_step = button(pgettext("button", "Next »"), WorkoutAction.SHOW_TIME, draft.encode())
    nav = [next_step] if draft.weekdays else []
    rows.append([*nav, button(pgettext("button", "Cancel"), WorkoutAction.CANCEL)])
    return text, InlineKeyboard(rows)


def time_view(draft: Draft) -> tuple[str, InlineKeyboard]:
    text = (
        title(bool(draft.workout_id))
        + "\n"
        + _(
            "⏰ At what time does it start (your local time)? "
            "Tap one, or type it like <code>18:30</code>, <code>6:30pm</code> or <code>0630</code>."
        )
    )
    choices = sorted({*TIME_CHOICES, *([draft.start] if draft.start else [])})
    buttons = [
        button(
            tick(format_time(t), t == draft.start),
            WorkoutAction.SHOW_DURATION,
            _with(draft, start=t),
        )
        for t in choices
    ]
    return text, InlineKeyboard([*rows_of(buttons, 4), _frame(draft, WorkoutAction.SHOW_DAYS)])


def duration_view(draft: Draft) -> tuple[str, InlineKeyboard]:
    assert draft.start is not None
    text = title(bool(draft.workout_id)) + "\n"
    text += _("Starts at {start}. How long is it?").format(start=format_time(draft.start))
    choices = sorted({*DURATION_CHOICES, *([draft.duration_min] if draft.duration_min else [])})
    buttons = [
        button(
            tick(_("{minutes} min").format(minutes=m), m == draft.duration_min),
            WorkoutAction.SHOW_KIND,
            _with(draft, duration_min=m),
        )
        for m in choices
    ]
    return text, InlineKeyboard([*rows_of(buttons, 3), _frame(draft, WorkoutAction.SHOW_TIME)])


def kind_view(draft: Draft) -> tuple[str, InlineKeyboard]:
    text = title(bool(draft.workout_id)) + "\n" + _("What kind of workout?")
    buttons = [
        button(
            tick(pgettext("button", label), kind == draft.kind),
            WorkoutAction.SHOW_INTENSITY,
            _with(draft, kind=kind),
        )
        for kind, label in KIND_LABELS.items()
    ]
    return text, InlineKeyboard([*rows_of(buttons, 3), _frame(draft, WorkoutAction.SHOW_DURATION)])


def intensity_view(draft: Draft) -> tuple[str, InlineKeyboard]:
    text = title(bool(draft.workout_id)) + "\n" + _("How hard is it?")
    buttons = [
        button(
            tick(pgettext("button", label), level == draft.intensity),
            WorkoutAction.SHOW_CONFIRM,
            _with(draft, intensity=level),
        )
        for level, label in INTENSITY_LABELS.items()
    ]
    return text, InlineKeyboard([buttons, _frame(draft, WorkoutAction.SHOW_KIND)])


def confirm_view(draft: Draft, spec: WorkoutSpec) -> tuple[str, InlineKeyboard]:
    text = title(bool(draft.workout_id)) + "\n"
    text += _("{workout} (your local time).\nSave it?").format(workout=describe(spec))
    buttons = [
        button(pgettext("button", "✅ Save"), WorkoutAction.SAVE, draft.encode()),
        button(pgettext("button", "Change"), WorkoutAction.SHOW_DAYS, draft.encode()),
    ]
    cancel = button(pgettext("button", "Cancel"), WorkoutAction.CANCEL)
    return text, InlineKeyboard([buttons, [cancel]])


def unreadable_view(problem: str) -> tuple[str, InlineKeyboard]:
    """What could not be read in a typed workout, with a way into the guided flow."""
    text = (
        escape(problem)
        + "\n"
        + _(
            "Try <code>/workout mon wed fri 18:30 60 run hard</code> or "
            "<code>/workout tomorrow morning at 7 for 45 minutes</code>, or set it up with buttons."
        )
    )
    guided = button(
        pgettext("button", "Set it up with buttons"), WorkoutAction.SHOW_DAYS, Draft().encode()
    )
    return text, InlineKeyboard([[guided]])


def _with(draft: Draft, **changes: object) -> str:
    return replace(draft, **changes).encode()  # type: ignore[arg-type]
