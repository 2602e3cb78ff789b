"""The weekly summary's day of the week: seven buttons (``sd:set:<ISO weekday>``)."""

from __future__ import annotations

from bot.callbacks import Area, Callback, decode
from bot.views import View, rows_of
from bot.views.reminder_prefs import PrefAction
from config.locales import weekday_name
from core.i18n import N_, _, pgettext
from core.outgoing import InlineButton, InlineKeyboard
from core.planning import ReminderKind

AREA = Area.SUMMARY_DAY
STATS_CAPTION = N_(
    "Four weeks: water against your daily guide, cramp days, workouts and check-ins."
)
COMES_ON = (
    N_("It comes on Mondays. Pick a day."),
    N_("It comes on Tuesdays. Pick a day."),
    N_("It comes on Wednesdays. Pick a day."),
    N_("It comes on Thursdays. Pick a day."),
    N_("It comes on Fridays. Pick a day."),
    N_("It comes on Saturdays. Pick a day."),
    N_("It comes on Sundays. Pick a day."),
)


def day_view(weekday: int) -> View:
    """Seven buttons (ISO weekdays), the current one ticked; back to the summary's settings."""
    buttons = [
        InlineButton(
            f"{'✓ ' if number == weekday else ''}{weekday_name(number - 1, 'wide')}",
            callback_data=Callback(AREA, "set", str(number)).encode(),
        )
        for number in range(1, 8)
    ]
    rows = rows_of(buttons, 2)
    back = Callback(Area.REMINDER_PREFS, PrefAction.KIND, ReminderKind.SUMMARY).encode()
    rows.append([InlineButton(pgettext("button", "« Back"), callback_data=back)])
    text = _("📅 <b>Weekly summary</b>") + "\n\n" + _(COMES_ON[weekday - 1])
    return text, InlineKeyboard(rows)


def parse_day(data: str | None) -> int | None:
    """The ISO weekday a day button sets; None for anything else."""
    callback = decode(data)
    if callback is None or callback.area != AREA:
        return None
    if callback.action == "set" and callback.value in {str(n) for n in range(1, 8)}:
        return int(callback.value)
    return None
