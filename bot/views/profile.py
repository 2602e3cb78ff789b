"""The profile as shown in /start and /settings, its buttons, and the location keyboard."""

from __future__ import annotations

from html import escape

from bot import texts
from bot.callbacks import Area, Callback
from bot.views import rows_of
from bot.views.questions import LABELS, PREGNANCY_LABELS, SEX_LABELS, show_time
from config.locales import LANGUAGES, normalise
from core.i18n import _, button, pgettext
from core.outgoing import InlineButton, InlineKeyboard
from core.profile import AGE_LABELS, Field, Pregnancy, Sex
from db.models import User


def settings_keyboard() -> InlineKeyboard:
    buttons = [
        InlineButton(
            button(LABELS[field]), callback_data=Callback(Area.SETTINGS, field.value).encode()
        )
        for field in Field
    ]
    buttons.append(
        InlineButton(
            pgettext("button", "🔔 Reminders"),
            callback_data=Callback(Area.REMINDER_PREFS, "home").encode(),
        )
    )
    return InlineKeyboard(rows_of(buttons, 2))


def shown_value(user: User, field: Field) -> str:
    if field is Field.TIMEZONE:
        return escape(user.timezone) if user.timezone else texts.NOT_SET
    if field is Field.WAKE:
        return show_time(user.wake_time)
    if field is Field.SLEEP:
        return show_time(user.sleep_time)
    if field is Field.WEIGHT:
        return _("{kg} kg").format(kg=f"{user.weight_kg:g}") if user.weight_kg else texts.NOT_SET
    if field is Field.SEX:
        return button(SEX_LABELS[Sex(user.sex)]) if user.sex else texts.NOT_SET
    if field is Field.PREGNANCY:
        return (
            button(PREGNANCY_LABELS[Pregnancy(user.pregnancy)]) if user.pregnancy else texts.NOT_SET
        )
    if user.age_band is None:
        return texts.NOT_SET
    return button(AGE_LABELS.get(user.age_band, user.age_band))


def profile_text(user: User) -> str:
    lines = [texts.SETTINGS_TITLE]
    lines += [f"{button(LABELS[field])}: <b>{shown_value(user, field)}</b>" for field in Field]
    language = LANGUAGES.get(normalise(user.language), LANGUAGES["en"])
    lines.append(f"{texts.LANGUAGE_SETTING}: <b>{language}</b> (/language)")
    return "\n".join(lines)
