"""Profile questions: the text and buttons for each field, and reading an answer.

Shared by onboarding and /settings; both save through :func:`read_answer`. In onboarding the
time zone is asked with a keyboard in place of the user's: sharing the location is one of its
answers, the common zones the others (a tap sends the zone's name as a typed answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from html import escape

from bot import texts
from bot.callbacks import Area, Callback
from bot.views import rows_of
from config.locales import zone_for_city
from core.i18n import P_, _, button, pgettext
from core.outgoing import InlineButton, InlineKeyboard, OutgoingMessage, ReplyButton, ReplyKeyboard
from core.planning import resolve_zone
from core.profile import AGE_BANDS, AGE_LABELS, AGE_NOT_SAID, Field, Pregnancy, Sex, parse_weight
from core.timeparse import format_time, parse_time_of_day
from core.words import answer_word

AREA = Area.PROFILE  # "set this profile field to this value"
SKIP = "skip"

WAKE_CHOICES = ("05:30", "06:00", "06:30", "07:00", "07:30", "08:00", "08:30", "09:00")
SLEEP_CHOICES = ("21:30", "22:00", "22:30", "23:00", "23:30", "00:00", "00:30", "01:00")
WEIGHT_CHOICES = ("50", "60", "70", "80", "90", "100")
COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "UTC",
)


def timezone_keyboard() -> ReplyKeyboard:
    """Onboarding's time zone keyboard: share the location, or tap a common zone."""
    return ReplyKeyboard(
        [
            [ReplyButton(pgettext("button", "📍 Share my location"), request_location=True)],
            *rows_of([ReplyButton(zone) for zone in COMMON_ZONES], 2),
        ]
    )


SEX_LABELS = {
    Sex.MALE: P_("button", "Male"),
    Sex.FEMALE: P_("button", "Female"),
    Sex.UNSPECIFIED: P_("button", "Prefer not to say"),
}
PREGNANCY_LABELS = {
    Pregnancy.NO: P_("button", "No"),
    Pregnancy.PREGNANT: P_("button", "Pregnant"),
    Pregnancy.BREASTFEEDING: P_("button", "Breastfeeding"),
}

LABELS = {
    Field.TIMEZONE: P_("button", "Time zone"),
    Field.WAKE: P_("button", "Wake-up time"),
    Field.SLEEP: P_("button", "Sleep time"),
    Field.WEIGHT: P_("button", "Weight"),
    Field.SEX: P_("button", "Sex (for daily amounts)"),
    Field.AGE: P_("button", "Age band"),
    Field.PREGNANCY: P_("button", "Pregnancy"),
}
"""Each field's name (``button`` gives it in the language in force)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A validated value for one field, or a friendly reason it was refused."""

    value: object = None
    shown: str = ""
    error: str | None = None
    suggestions: tuple[str, ...] = ()


def _rows(
    field: Field, values: tuple[str, ...], per_row: int, labels: dict[str, str] | None = None
) -> list[list[InlineButton]]:
    buttons = [
        InlineButton(
            button((labels or {}).get(v, v)), callback_data=Callback(AREA, field.value, v).encode()
        )
        for v in values
    ]
    return rows_of(buttons, per_row)


def _skip_row(field: Field) -> list[InlineButton]:
    return [InlineButton(button("Skip"), callback_data=Callback(AREA, field.value, SKIP).encode())]


def question(field: Field, *, in_settings: bool = False) -> tuple[str, InlineKeyboard]:
    """The question for ``field`` with its answer buttons (and a way back in /settings)."""
    if field is Field.TIMEZONE:
        text = texts.ASK_TIMEZONE_SETTINGS
        rows = _rows(field, COMMON_ZONES, 2)
    elif field is Field.WAKE:
        text = texts.ASK_WAKE
        rows = _rows(field, WAKE_CHOICES, 4)
    elif field is Field.SLEEP:
        text = texts.ASK_SLEEP
        rows = _rows(field, SLEEP_CHOICES, 4)
    elif field is Field.WEIGHT:
        text = texts.ASK_WEIGHT
        rows = _rows(
            field, WEIGHT_CHOICES, 3, {v: _("{kg} kg").format(kg=v) for v in WEIGHT_CHOICES}
        )
        rows.append(_skip_row(field))
    elif field is Field.SEX:
        text = texts.ASK_SEX
        rows = _rows(
            field,
            tuple(s.value for s in Sex),
            3,
            {s.value: label for s, label in SEX_LABELS.items()},
        )
    elif field is Field.PREGNANCY:
        text = texts.ASK_PREGNANCY
        rows = _rows(
            field,
            tuple(p.value for p in Pregnancy),
            3,
            {p.value: label for p, label in PREGNANCY_LABELS.items()},
        )
    else:
        text = texts.ASK_AGE
        rows = _rows(field, AGE_BANDS, 3, AGE_LABELS)
        rows.append(_skip_row(field))
    if in_settings:
        rows.append(
            [
                InlineButton(
                    pgettext("button", "« Back"),
                    callback_data=Callback(Area.SETTINGS, "home").encode(),
                )
            ]
        )
    return text, InlineKeyboard(rows)


def _time_answer(raw: str) -> Answer:
    parsed = parse_time_of_day(raw)
    if parsed is None:
        return Answer(error=texts.BAD_TIME.format(text=escape(raw[:40])))
    return Answer(value=parsed, shown=format_time(parsed))


def read_answer(field: Field, raw: str) -> Answer:
    """Validate one answer, typed or from a button (buttons are untrusted too)."""
    raw = raw.strip()
    if field is Field.TIMEZONE:
        result = resolve_zone(raw)
        if result.name is None and (city := zone_for_city(raw)) is not None:
            result = resolve_zone(city)  # a city in the user's language: "Москва"
        if result.name is None:
            error = texts.BAD_TIMEZONE.format(text=escape(raw[:40]))
            return Answer(error=f"{error} {texts.TIMEZONE_HELP}", suggestions=result.suggestions)
        return Answer(value=result.name, shown=result.name)
    if field in (Field.WAKE, Field.SLEEP):
        return _time_answer(raw)
    raw = answer_word(raw)  # "пропустить", "mujer", "não": as the English values
    if field is Field.WEIGHT:
        if raw == SKIP:
            return Answer(value=None, shown=texts.NOT_SET)
        kg = parse_weight(raw)
        if kg is None:
            return Answer(error=texts.BAD_WEIGHT.format(text=escape(raw[:40])))
        return Answer(value=kg, shown=_("{kg} kg").format(kg=f"{kg:g}"))
    if field is Field.SEX:
        try:
            sex = Sex(raw.lower())
        except ValueError:
            return Answer(error=texts.STALE_BUTTON)
        return Answer(value=sex.value, shown=button(SEX_LABELS[sex]))
    if field is Field.PREGNANCY:
        try:
            status = Pregnancy(raw.lower())
        except ValueError:
            return Answer(error=texts.STALE_BUTTON)
        return Answer(value=status.value, shown=button(PREGNANCY_LABELS[status]))
    if raw == SKIP:
        return Answer(value=AGE_NOT_SAID, shown=pgettext("button", "not said"))
    if raw in AGE_BANDS:
        return Answer(value=raw, shown=button(AGE_LABELS.get(raw, raw)))
    return Answer(error=texts.STALE_BUTTON)


def suggestion_keyboard(suggestions: tuple[str, ...]) -> InlineKeyboard | None:
    if not suggestions:
        return None
    return InlineKeyboard(_rows(Field.TIMEZONE, suggestions, 1))


def show_time(value: time | None) -> str:
    return format_time(value) if value else texts.NOT_SET


def question_messages(field: Field) -> tuple[OutgoingMessage, ...]:
    """The message that asks ``field`` during onboarding: the time zone with its keyboard
    in place of the user's (sharing the location is one of its answers), the others with
    their buttons."""
    if field is Field.TIMEZONE:
        return (OutgoingMessage(texts.ASK_TIMEZONE, timezone_keyboard()),)
    text, keyboard = question(field)
    return (OutgoingMessage(text, keyboard),)
