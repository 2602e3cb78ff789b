"""The check-in's words and buttons; pure formatting, no I/O.

Button data is ``ci:<yyyymmdd>:<question>:<option>`` (``core.checkin.callback_data``
after the date), with ``:1``/``:0`` after a food to tick or untick it, so a double tap
leaves the same state, and ``:c`` to confirm changing an answer already given;
``ci:<yyyymmdd>:open`` opens that day's check-in. Everything a press means is in its data,
so it works after a restart, from the database alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from bot.callbacks import Area, Callback, day_code, decode, parse_day_code
from bot.views import View, rows_of
from config.locales import format_date, format_decimal
from core.checkin import (
    DONE,
    NONE_OF_THESE,
    QUESTIONS,
    SKIP,
    Answer,
    Option,
    QuestionId,
    asked_text,
    parse_callback_data,
)
from core.checkin import callback_data as answer_data
from core.i18n import N_, _, pgettext
from core.knowledge import CoreKnowledge
from core.outgoing import InlineButton, InlineKeyboard
from core.patterns import Person, RedFlag, explain_pattern, explain_red_flag, suspicion_line
from core.water import water_feedback
from services.checkin import Completion, DayState

AREA = Area.CHECKIN
OPEN = "open"
CONFIRM = "c"
ROW_WIDTH = 3

CLOSED = N_(
    "That check-in is closed: only today's and yesterday's stay open. "
    "Your answers for that day are kept as they were."
)
SAVED = N_("Saved.")
UNCHANGED = N_("Already saved.")
DONE_OTHER_DAY = N_("✅ That check-in is done. Thank you!")
DONE_TODAY = N_("✅ Today's check-in is done. Thank you! /insights shows what I see so far.")
YESTERDAY_OPEN = N_("📝 Yesterday's check-in ({day}) was missed and is still open.")
CLOSING = (SKIP, DONE, NONE_OF_THESE)
"""Options that answer a multi-select question at once (never ticked)."""


@dataclass(frozen=True)
class Press:
    """One parsed check-in button: an answer (``confirm``: changing one already given), a
    food tick (``tick`` set) or ``open``."""

    day: date
    question: QuestionId | None = None
    option: str = ""
    tick: bool | None = None
    confirm: bool = False


def button_data(
    day: date, question: QuestionId, option: str, tick: bool | None = None, *, confirm: bool = False
) -> str:
    value = answer_data(question, option)
    if tick is not None:
        value += f":{int(tick)}"
    elif confirm:
        value += f":{CONFIRM}"
    return Callback(AREA, day_code(day), value).encode()


def open_data(day: date) -> str:
    return Callback(AREA, day_code(day), OPEN).encode()


def parse_press(data: str | None) -> Press | None:
    """The press a button of ours carries, or None for forged or malformed data."""
    callback = decode(data)
    if callback is None or callback.area != AREA:
        return None
    day = parse_day_code(callback.action)
    if day is None:
        return None
    if callback.value == OPEN:
        return Press(day)
    head, _, flag = callback.value.rpartition(":")
    if flag in ("0", "1") and head.count(":") == 1:
        parsed = parse_callback_data(head)
        if parsed is None or not QUESTIONS[parsed[0]].multi or parsed[1] in CLOSING:
            return None
        return Press(day, parsed[0], parsed[1], tick=flag == "1")
    if flag == CONFIRM and head.count(":") == 1:
        parsed = parse_callback_data(head)
        if parsed is None or parsed[1] in (SKIP, DONE):
            return None
        return Press(day, parsed[0], parsed[1], confirm=True)
    parsed = parse_callback_data(callback.value)
    return None if parsed is None else Press(day, parsed[0], parsed[1])


def is_late(day: date, today: date) -> bool:
    return day < today


def day_title(day: date, today: date) -> str:
    if day == today:
        title = _("📝 <b>Today's check-in</b> · {day}")
    elif (today - day).days == 1:
        title = _("📝 <b>Yesterday's check-in</b> · {day}")
    else:
        title = _("📝 <b>Check-in</b> · {day}")
    return title.format(day=short_day(day))


def short_day(day: date) -> str:
    """``Mon 2 Dec`` as the language in force writes it."""
    return format_date(day, "EEE dd MMM")


def _label(question: QuestionId, option: str) -> str:
    for candidate in QUESTIONS[question].options:
        if candidate.id == option:
            return _(candidate.label)
    return option


def answer_label(question: QuestionId, answer: Answer) -> str:
    """An answer in words ("Mild", "Skipped", "Calf, Foot")."""
    if isinstance(answer, frozenset):
        return ", ".join(_label(question, o) for o in sorted(answer)) or _("None of these")
    return _("Skipped") if answer == SKIP else _label(question, answer)


def _missed_row(missed: date) -> list[InlineButton]:
    return [
        InlineButton(
            _("📝 First, yesterday's ({day}): missed").format(day=short_day(missed)),
            callback_data=open_data(missed),
        )
    ]


def question_view(
    day: date,
    today: date,
    question: QuestionId,
    step: tuple[int, int],
    *,
    prefilled: Answer | None = None,
    ticked: frozenset[str] = frozenset(),
    options: tuple[Option, ...] | None = None,
    logged_ml: int = 0,
    missed: date | None = None,
) -> tuple[str, InlineKeyboard]:
    """One question of the day's check-in; ``step`` is (number, of how many). The water
    question says what was logged so far and ticks nothing; a missed yesterday is offered in
    one tap above the answers (``missed``)."""
    spec = QUESTIONS[question]
    shown = spec.options if options is None else options
    text = asked_text(question, late=is_late(day, today))
    lines = [f"{day_title(day, today)} ({step[0]}/{step[1]})", "", escape(text)]
    if question is QuestionId.WATER and logged_ml > 0:
        logged = (
            _("<i>You logged {amount} L that day; count what you drank without logging too.</i>")
            if is_late(day, today)
            else _("<i>You logged {amount} L today; count what you drank without logging too.</i>")
        )
        lines.append(logged.format(amount=format_decimal(logged_ml / 1000)))
    elif isinstance(prefilled, str) and prefilled != SKIP:
        lines.append(
            _("<i>From your workouts: {answer}. Tap to confirm.</i>").format(
                answer=escape(_label(question, prefilled))
            )
        )
    rows: list[list[InlineButton]] = [_missed_row(missed)] if missed is not None else []
    if spec.multi:
        lines.append(_("<i>Tick all that apply, then tap Done.</i>"))
        rows += [
            [
                InlineButton(
                    f"{'✓ ' if o.id in ticked else ''}{_(o.label)}",
                    callback_data=button_data(day, question, o.id, tick=o.id not in ticked),
                )
            ]
            for o in shown
            if o.id != NONE_OF_THESE
        ]
        rows += [
            [InlineButton(_(o.label), callback_data=button_data(day, question, o.id))]
            for o in shown
            if o.id == NONE_OF_THESE
        ]
        rows.append(
            [
                InlineButton(
                    pgettext("button", "Done"), callback_data=button_data(day, question, DONE)
                ),
                InlineButton(
                    pgettext("button", "Skip"), callback_data=button_data(day, question, SKIP)
                ),
            ]
        )
        return "\n".join(lines), InlineKeyboard(rows)
    buttons = [
        InlineButton(
            f"{'✓ ' if o.id == prefilled else ''}{_(o.label)}",
            callback_data=button_data(day, question, o.id),
        )
        for o in shown
    ]
    rows += rows_of(buttons, ROW_WIDTH)
    skip = InlineButton(pgettext("button", "Skip"), callback_data=button_data(day, question, SKIP))
    rows.append([skip])
    return "\n".join(lines), InlineKeyboard(rows)


def confirm_view(
    day: date, today: date, question: QuestionId, old: Answer, new: str
) -> tuple[str, InlineKeyboard]:
    """A press that would change an answer already given: the change, asked to confirm."""
    text = asked_text(question, late=is_late(day, today))
    lines = [
        day_title(day, today),
        "",
        _("You already answered <b>{answer}</b> to “{question}”.").format(
            answer=escape(answer_label(question, old)), question=escape(text)
        ),
        _("Change it to <b>{answer}</b>?").format(answer=escape(answer_label(question, new))),
    ]
    rows = [
        [
            InlineButton(
                _("Change to {answer}").format(answer=answer_label(question, new)),
                callback_data=button_data(day, question, new, confirm=True),
            )
        ],
        [
            InlineButton(
                _("Keep {answer}").format(answer=answer_label(question, old)),
                callback_data=open_data(day),
            )
        ],
    ]
    return "\n".join(lines), InlineKeyboard(rows)


def folded_view(day: date, today: date, done: bool) -> View:
    """A check-in message once a newer one went out: one line, and the one button that
    still means something (a missed day still open)."""
    shown = short_day(day)
    if done:
        return _("📝 Check-in · {day}: ✅ done.").format(day=shown), None
    if day == today:
        return _("📝 Check-in · {day}: continued in the message below.").format(day=shown), None
    if (today - day).days == 1:
        answer = InlineButton(pgettext("button", "Answer it"), callback_data=open_data(day))
        keyboard = InlineKeyboard([[answer]])
        return _("📝 Check-in · {day}: missed. Answer it?").format(day=shown), keyboard
    return _("📝 Check-in · {day}: missed.").format(day=shown), None


def offer_view(yesterday: date, today: date) -> tuple[str, InlineKeyboard]:
    """/checkin when yesterday's was missed: answer that one first, or go to today's."""
    text = _(YESTERDAY_OPEN).format(day=short_day(yesterday))
    rows = [
        [
            InlineButton(
                pgettext("button", "Answer yesterday's"), callback_data=open_data(yesterday)
            )
        ],
        [InlineButton(pgettext("button", "Go to today's"), callback_data=open_data(today))],
    ]
    return text, InlineKeyboard(rows)


def completed_text(day: date, today: date, feedback: str, red_flags: list[str]) -> str:
    lines = [f"{day_title(day, today)}", "", _("✅ Thank you! All saved."), feedback]
    for flag in red_flags:
        lines += ["", flag]
    return "\n".join(lines)


def day_view(state: DayState, today: date, missed: date | None = None) -> View | None:
    """The day's next question (offering a missed yesterday first when ``missed``), or None
    when nothing is left to ask."""
    question = state.next()
    if question is None:
        return None
    return question_view(
        state.day,
        today,
        question,
        state.step(question),
        prefilled=state.prefilled.get(question),
        ticked=state.ticked(question),
        options=state.options(question),
        logged_ml=state.logged_ml,
        missed=missed,
    )


def state_view(state: DayState, today: date, missed: date | None = None) -> View:
    """Where the day's check-in stands: its next question, or done."""
    done = _(DONE_TODAY if state.day == today else DONE_OTHER_DAY), None
    return day_view(state, today, missed) or done


def watching_line(done: Completion, knowledge: CoreKnowledge) -> str | None:
    """A suspicion mentioned for the first time, in the careful words of /insights."""
    if not done.watching:
        return None
    first = suspicion_line(done.watching[0], knowledge, done.findings.water_target_ml)
    return _("👀 Something I am watching: {line} /insights has more.").format(
        line=escape(first, quote=False)
    )


def completion_view(
    done: Completion,
    day: date,
    today: date,
    knowledge: CoreKnowledge,
    who: Person,
    *,
    then_today: bool = False,
) -> tuple[View, list[str]]:
    """The closed check-in's message, and one announcement per newly found pattern. On a
    cramp day it offers what to do during a cramp; a suspicion never mentioned before is its
    closing line. A late day just finished leads on to today's (``then_today``)."""
    flags = [explain_red_flag(f) for f in done.flags]
    far_above = (
        (done.far_above_ml, escape(_(knowledge.notes.far_above))) if done.far_above_ml else None
    )
    feedback = water_feedback(done.water, done.target_ml, far_above, late=is_late(day, today))
    text = completed_text(day, today, feedback, flags)
    if done.cramp and knowledge.cramp_help is not None:
        text += f"\n\n{escape(_(knowledge.cramp_help.offer))}"
    if (line := watching_line(done, knowledge)) is not None:
        text += f"\n\n{line}"
    target = done.findings.water_target_ml
    announcements = [
        f"🔎 {explain_pattern(p, knowledge, water_target_ml=target, person=who)}"
        f"\n\n{_('See /insights any time.')}"
        for p in done.fresh
    ]
    keyboard = None
    if then_today:
        onward = InlineButton(
            pgettext("button", "Now today's check-in →"), callback_data=open_data(today)
        )
        keyboard = InlineKeyboard([[onward]])
    return (text, keyboard), announcements


def urgent_texts(flags: list[RedFlag]) -> list[str]:
    """Urgent red flags, one message each, sent as soon as their sign is ticked."""
    return [explain_red_flag(f) for f in flags]
