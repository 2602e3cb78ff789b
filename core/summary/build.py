"""The weekly summary: plain data in, Telegram-HTML text and chart series out.

Policies:
- An unanswered day is shown as "not answered" and never counts as a day
  without cramps. A day's water is her check-in answer, else what she logged
  (``DayFacts.water``), against that day's own guide; averages of water are over the
  days that have a figure.
- Every piece of text that could come from a user or another module is clipped,
  then HTML-escaped; only ``<b>`` headings are emitted.
- Lists are capped ("and N more") so the text stays far below Telegram's
  4,096-character limit whatever the week holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from core.summary.format import (
    MAX_ADVICE_TEXT,
    MAX_LABEL_TEXT,
    REMINDER_LABELS,
    UNREPORTED_REMINDERS,
    clock,
    day_label,
    litres,
    plural,
    reminder_label,
    safe,
    short_day_label,
    trend_word,
    workout_label,
)
from core.summary.tally import fill_days, tally
from core.summary.types import (
    WEEK_DAYS,
    CrampSeverity,
    DayFacts,
    ReminderOutcome,
    SummaryContent,
    WeekData,
    WeekSeries,
    WeekTally,
)
from core.water import WaterVerdict

TELEGRAM_TEXT_LIMIT = 4096
MAX_NEXT_WEEK = 8
MAX_WATCHING_TEXT = 600
MAX_REMINDER_KINDS = 8

_CRAMP_WORDS = {
    CrampSeverity.NONE: "no cramps",
    CrampSeverity.MILD: "mild cramps",
    CrampSeverity.STRONG: "strong cramps",
}
_TREND_PHRASES = {"better": "better", "worse": "worse", "steady": "about the same"}
_VERDICT_MARKS = {
    WaterVerdict.MET: " ✓",
    WaterVerdict.MAYBE: " (about the guide)",
    WaterVerdict.UNDER: "",
}
"""How a day's water stands against its guide, in the check-in's words."""


def week_days(week: WeekData) -> tuple[DayFacts, ...]:
    """The week's 7 local days in order, empty facts where nothing was given."""
    return fill_days(week.days, week.period_start, WEEK_DAYS)


def is_empty_week(week: WeekData) -> bool:
    """No water logged, no check-in answered and no workout planned."""
    return not any(d.water_ml or d.checkin_answered or d.workouts for d in week.days)


def _heading(week: WeekData) -> str:
    return f"<b>Your week: {day_label(week.period_start)} – {day_label(week.period_end)}</b>"


def empty_week_note(week: WeekData) -> str:
    """A short, encouraging note for a week with nothing recorded."""
    lines = [
        _heading(week),
        "A quiet week, and that's fine. Log a glass of water or answer the daily "
        "check-in, and next week's summary will show how you're doing.",
    ]
    if week.next_week:
        lines.append(f"Next week: {plural(len(week.next_week), 'workout')} planned.")
    return "\n".join(lines)


def _workout_section(t: WeekTally) -> list[str]:
    if not t.workouts_planned:
        return ["<b>Workouts</b>", "No workouts planned this week."]
    line = f"{t.workouts_done} of {t.workouts_planned} done"
    if t.workouts_skipped:
        line += f", {t.workouts_skipped} skipped"
    return ["<b>Workouts</b>", line]


def _reminder_section(days: Sequence[DayFacts]) -> list[str]:
    counts: dict[str, Counter[ReminderOutcome]] = {}
    after_copy: Counter[str] = Counter()  # done once a copy of it came
    for reminder in (r for d in days for r in d.reminders if r.kind not in UNREPORTED_REMINDERS):
        counts.setdefault(reminder.kind, Counter())[reminder.outcome] += 1
        after_copy[reminder.kind] += reminder.repeated and reminder.outcome is ReminderOutcome.DONE
    if not counts:
        return []
    known = [k for k in REMINDER_LABELS if k in counts]
    kinds = known + sorted(k for k in counts if k not in REMINDER_LABELS)
    lines = ["<b>Reminders</b>"]
    for kind in kinds[:MAX_REMINDER_KINDS]:
        c = counts[kind]
        reached = c.total() - c[ReminderOutcome.UNKNOWN]
        line = f"{safe(reminder_label(kind))}: {c[ReminderOutcome.DONE]} of {reached} done"
        extras = [
            f"{c[o]} {o.value}" for o in (ReminderOutcome.SNOOZED, ReminderOutcome.SKIPPED) if c[o]
        ]
        if after_copy[kind]:
            extras.append(f"{after_copy[kind]} after a repeat")
        if c[ReminderOutcome.UNKNOWN]:
            extras.append(f"{c[ReminderOutcome.UNKNOWN]} may not have arrived")
        lines.append(line + (f" ({', '.join(extras)})" if extras else ""))
    if len(kinds) > MAX_REMINDER_KINDS:
        lines.append(f"and {len(kinds) - MAX_REMINDER_KINDS} more")
    return lines


def _day_line(facts: DayFacts, rest_guide_ml: int) -> str:
    guide = facts.guide_ml or rest_guide_ml
    water = facts.water
    if water is None:
        words = "water not answered"
    else:
        words = water.label + _VERDICT_MARKS[water.verdict(guide)]
    if guide != rest_guide_ml:
        words += f" (guide {litres(guide)})"
    if facts.cramp is not None:
        cramp = _CRAMP_WORDS[facts.cramp]
    elif facts.checkin_answered:
        cramp = "cramps not answered"
    else:
        cramp = "check-in not answered"
    return f"{day_label(facts.day)}: {words}, {cramp}"


def _days_section(days: Sequence[DayFacts], t: WeekTally, rest_guide_ml: int) -> list[str]:
    more = any((d.guide_ml or rest_guide_ml) > rest_guide_ml for d in days)
    guide = litres(rest_guide_ml) + (", more on training days" if more else "")
    lines = [f"<b>Day by day</b> (water guide {guide})"]
    lines += [_day_line(d, rest_guide_ml) for d in days]
    if t.avg_water_ml is None:
        lines.append("No water answered or logged this week.")
    else:
        about = f", about it on {t.days_about_target}" if t.days_about_target else ""
        lines.append(
            f"Water: about {litres(t.avg_water_ml)} a day over "
            f"{plural(t.water_days_logged, 'day')} with an answer or a log; "
            f"at or above the day's guide {t.days_on_target} of {WEEK_DAYS} days{about}."
        )
    return lines


def _checkin_section(t: WeekTally, streak: int) -> list[str]:
    line = f"{t.checkins_answered} of {WEEK_DAYS} answered"
    if streak:
        line += f"; streak: {plural(streak, 'day')} in a row"
    return ["<b>Check-ins</b>", line]


def _cramp_section(t: WeekTally, last_week: int | None) -> list[str]:
    if not t.cramp_answers:
        line = "No cramp answers this week, so no count."
    else:
        line = f"{plural(t.cramp_days, 'cramp day')} out of {t.cramp_answers} answered."
        trend = trend_word(last_week, t.cramp_days, lower_is_better=True)
        if trend:
            line += f" Last week: {last_week}, so this week is {_TREND_PHRASES[trend]}."
    return ["<b>Cramps</b>", line]


def _pattern_section(week: WeekData) -> list[str]:
    parts = [p for p in (week.pattern_sentence, week.pattern_suggestion) if p and p.strip()]
    if not parts:
        return []
    return ["<b>Pattern</b>", *(safe(p, MAX_ADVICE_TEXT) for p in parts)]


def _watching_section(week: WeekData) -> list[str]:
    if not week.watching_sentence or not week.watching_sentence.strip():
        return []
    return ["<b>What I am watching</b>", f"👀 {safe(week.watching_sentence, MAX_WATCHING_TEXT)}"]


def _next_week_section(week: WeekData) -> list[str]:
    planned = sorted(week.next_week, key=lambda w: (w.local_date, w.start_time))
    if not planned:
        return ["<b>Next week</b>", "No workouts planned yet."]
    lines = ["<b>Next week</b>"]
    for w in planned[:MAX_NEXT_WEEK]:
        label = safe(workout_label(w.kind, w.note), MAX_LABEL_TEXT)
        lines.append(
            f"{day_label(w.local_date)} {clock(w.start_time)} · {label} · {w.duration_min} min"
        )
    if len(planned) > MAX_NEXT_WEEK:
        lines.append(f"and {len(planned) - MAX_NEXT_WEEK} more")
    return lines


def week_series(week: WeekData) -> WeekSeries:
    """Per-day chart series for ``core.summary.charts.render_week_chart``."""
    days = week_days(week)
    return WeekSeries(
        title=f"Water this week ({day_label(week.period_start)} – {day_label(week.period_end)})",
        labels=tuple(short_day_label(d.day) for d in days),
        water_ml=tuple(d.water_ml for d in days),
        target_ml=week.water_target_ml,
        cramps=tuple(d.cramp for d in days),
        workout_days=tuple(bool(d.workouts) for d in days),
        guides_ml=tuple(d.guide_ml or week.water_target_ml for d in days),
    )


def build_summary(week: WeekData) -> SummaryContent:
    """The weekly summary text (Telegram HTML) and its chart series."""
    chart = week_series(week)
    if is_empty_week(week):
        return SummaryContent(text=empty_week_note(week), chart=chart, is_empty=True)
    days = week_days(week)
    t = tally(days, week.water_target_ml)
    sections = [
        [_heading(week)],
        _workout_section(t),
        _reminder_section(days),
        _days_section(days, t, week.water_target_ml),
        _checkin_section(t, week.checkin_streak),
        _cramp_section(t, week.last_week_cramp_days),
        _pattern_section(week),
        _watching_section(week),
        _next_week_section(week),
    ]
    text = "\n\n".join("\n".join(s) for s in sections if s)
    if len(text) >= TELEGRAM_TEXT_LIMIT:  # unreachable with the caps above; guard anyway
        raise AssertionError(f"summary is {len(text)} characters")
    return SummaryContent(text=text, chart=chart)
