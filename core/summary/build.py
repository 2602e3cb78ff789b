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

from core.i18n import N_, _
from core.summary.format import (
    MAX_ADVICE_TEXT,
    MAX_LABEL_TEXT,
    REMINDER_LABELS,
    UNREPORTED_REMINDERS,
    chart_words,
    day_label,
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
from core.timeparse import format_time
from core.water import WaterVerdict, litres

TELEGRAM_TEXT_LIMIT = 4096
MAX_NEXT_WEEK = 8
MAX_WATCHING_TEXT = 600
MAX_REMINDER_KINDS = 8

_CRAMP_WORDS = {
    CrampSeverity.NONE: N_("no cramps"),
    CrampSeverity.MILD: N_("mild cramps"),
    CrampSeverity.STRONG: N_("strong cramps"),
}
_TREND_PHRASES = {"better": N_("better"), "worse": N_("worse"), "steady": N_("about the same")}
_VERDICT_MARKS = {
    WaterVerdict.MET: "✓",
    WaterVerdict.MAYBE: N_("(about the guide)"),
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
    return _("<b>Your week: {first} – {last}</b>").format(
        first=day_label(week.period_start), last=day_label(week.period_end)
    )


def empty_week_note(week: WeekData) -> str:
    """A short, encouraging note for a week with nothing recorded."""
    lines = [
        _heading(week),
        _(
            "A quiet week, and that's fine. Log a glass of water or answer the daily "
            "check-in, and next week's summary will show how you're doing."
        ),
    ]
    if week.next_week:
        planned = plural(len(week.next_week), "workout")
        lines.append(_("Next week: {workouts} planned.").format(workouts=planned))
    return "\n".join(lines)


def _workout_section(t: WeekTally) -> list[str]:
    if not t.workouts_planned:
        return [_("<b>Workouts</b>"), _("No workouts planned this week.")]
    line = _("{done} of {planned} done").format(done=t.workouts_done, planned=t.workouts_planned)
    if t.workouts_skipped:
        line += _(", {skipped} skipped").format(skipped=t.workouts_skipped)
    return [_("<b>Workouts</b>"), line]


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
    lines = [_("<b>Reminders</b>")]
    for kind in kinds[:MAX_REMINDER_KINDS]:
        c = counts[kind]
        reached = c.total() - c[ReminderOutcome.UNKNOWN]
        line = f"{safe(reminder_label(kind))}: " + _("{done} of {planned} done").format(
            done=c[ReminderOutcome.DONE], planned=reached
        )
        extras = []
        if c[ReminderOutcome.SNOOZED]:
            extras.append(_("{count} snoozed").format(count=c[ReminderOutcome.SNOOZED]))
        if c[ReminderOutcome.SKIPPED]:
            extras.append(_("{count} skipped").format(count=c[ReminderOutcome.SKIPPED]))
        if after_copy[kind]:
            extras.append(_("{count} after a repeat").format(count=after_copy[kind]))
        if c[ReminderOutcome.UNKNOWN]:
            unknown = c[ReminderOutcome.UNKNOWN]
            extras.append(_("{count} may not have arrived").format(count=unknown))
        lines.append(line + (f" ({', '.join(extras)})" if extras else ""))
    if len(kinds) > MAX_REMINDER_KINDS:
        lines.append(_("and {count} more").format(count=len(kinds) - MAX_REMINDER_KINDS))
    return lines


def _day_line(facts: DayFacts, rest_guide_ml: int) -> str:
    guide = facts.guide_ml or rest_guide_ml
    water = facts.water
    if water is None:
        words = _("water not answered")
    else:
        mark = _VERDICT_MARKS[water.verdict(guide)]
        words = f"{water.label} {_(mark)}" if mark else water.label
    if guide != rest_guide_ml:
        words += " " + _("(guide {amount})").format(amount=litres(guide))
    if facts.cramp is not None:
        cramp = _(_CRAMP_WORDS[facts.cramp])
    elif facts.checkin_answered:
        cramp = _("cramps not answered")
    else:
        cramp = _("check-in not answered")
    return f"{day_label(facts.day)}: {words}, {cramp}"


def _days_section(days: Sequence[DayFacts], t: WeekTally, rest_guide_ml: int) -> list[str]:
    more = any((d.guide_ml or rest_guide_ml) > rest_guide_ml for d in days)
    guide = (
        _("<b>Day by day</b> (water guide {amount}, more on training days)")
        if more
        else _("<b>Day by day</b> (water guide {amount})")
    )
    lines = [guide.format(amount=litres(rest_guide_ml))]
    lines += [_day_line(d, rest_guide_ml) for d in days]
    if t.avg_water_ml is None:
        lines.append(_("No water answered or logged this week."))
    else:
        about = (
            _(", about it on {count}").format(count=t.days_about_target)
            if t.days_about_target
            else ""
        )
        lines.append(
            _(
                "Water: about {amount} a day over {days} with an answer or a log; "
                "at or above the day's guide {met} of {week} days{about}."
            ).format(
                amount=litres(t.avg_water_ml),
                days=plural(t.water_days_logged, "day"),
                met=t.days_on_target,
                week=WEEK_DAYS,
                about=about,
            )
        )
    return lines


def _checkin_section(t: WeekTally, streak: int) -> list[str]:
    line = _("{answered} of {week} answered").format(answered=t.checkins_answered, week=WEEK_DAYS)
    if streak:
        line += _("; streak: {days} in a row").format(days=plural(streak, "day"))
    return [_("<b>Check-ins</b>"), line]


def _cramp_section(t: WeekTally, last_week: int | None) -> list[str]:
    if not t.cramp_answers:
        line = _("No cramp answers this week, so no count.")
    else:
        line = _("{cramp_days} out of {answered} answered.").format(
            cramp_days=plural(t.cramp_days, "cramp day"), answered=t.cramp_answers
        )
        trend = trend_word(last_week, t.cramp_days, lower_is_better=True)
        if trend:
            line += " " + _("Last week: {count}, so this week is {trend}.").format(
                count=last_week, trend=_(_TREND_PHRASES[trend])
            )
    return [_("<b>Cramps</b>"), line]


def _pattern_section(week: WeekData) -> list[str]:
    parts = [p for p in (week.pattern_sentence, week.pattern_suggestion) if p and p.strip()]
    if not parts:
        return []
    return [_("<b>Pattern</b>"), *(safe(p, MAX_ADVICE_TEXT) for p in parts)]


def _watching_section(week: WeekData) -> list[str]:
    if not week.watching_sentence or not week.watching_sentence.strip():
        return []
    watching = f"👀 {safe(week.watching_sentence, MAX_WATCHING_TEXT)}"
    return [_("<b>What I am watching</b>"), watching]


def _next_week_section(week: WeekData) -> list[str]:
    planned = sorted(week.next_week, key=lambda w: (w.local_date, w.start_time))
    if not planned:
        return [_("<b>Next week</b>"), _("No workouts planned yet.")]
    lines = [_("<b>Next week</b>")]
    for w in planned[:MAX_NEXT_WEEK]:
        label = safe(workout_label(w.kind, w.note), MAX_LABEL_TEXT)
        lines.append(
            f"{day_label(w.local_date)} {format_time(w.start_time)} · {label} · "
            + _("{minutes} min").format(minutes=w.duration_min)
        )
    if len(planned) > MAX_NEXT_WEEK:
        lines.append(_("and {count} more").format(count=len(planned) - MAX_NEXT_WEEK))
    return lines


def week_series(week: WeekData) -> WeekSeries:
    """Per-day chart series for ``core.summary.charts.render_week_chart``."""
    days = week_days(week)
    return WeekSeries(
        title=_("Water this week ({first} – {last})").format(
            first=day_label(week.period_start), last=day_label(week.period_end)
        ),
        labels=tuple(short_day_label(d.day) for d in days),
        water_ml=tuple(d.water_ml for d in days),
        target_ml=week.water_target_ml,
        cramps=tuple(d.cramp for d in days),
        workout_days=tuple(bool(d.workouts) for d in days),
        guides_ml=tuple(d.guide_ml or week.water_target_ml for d in days),
        words=chart_words(),
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
