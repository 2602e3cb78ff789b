"""The weekly summary's day of the week: seven buttons (``sd:set:<ISO weekday>``)."""

from __future__ import annotations

from bot.callbacks import Area, Callback, decode
from bot.views import View, rows_of
from bot.views.reminder_prefs import PrefAction
from core.outgoing import InlineButton, InlineKeyboard
from core.planning import ReminderKind

AREA = Area.SUMMARY_DAY
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STATS_CAPTION = "Four weeks: water against your daily guide, cramp days, workouts and check-ins."


def day_view(weekday: int) -> View:
    """Seven buttons (ISO weekdays), the current one ticked; back to the summary's settings."""
    buttons = [
        InlineButton(
            f"{'✓ ' if number == weekday else ''}{name}",
            callback_data=Callback(AREA, "set", str(number)).encode(),
        )
        for number, name in enumerate(WEEKDAYS, start=1)
    ]
    rows = rows_of(buttons, 2)
    back = Callback(Area.REMINDER_PREFS, PrefAction.KIND, ReminderKind.SUMMARY).encode()
    rows.append([InlineButton("« Back", callback_data=back)])
    text = f"📅 <b>Weekly summary</b>\n\nIt comes on {WEEKDAYS[weekday - 1]}s. Pick a day."
    return text, InlineKeyboard(rows)


def parse_day(data: str | None) -> int | None:
    """The ISO weekday a day button sets; None for anything else."""
    callback = decode(data)
    if callback is None or callback.area != AREA:
        return None
    if callback.action == "set" and callback.value in {str(n) for n in range(1, 8)}:
        return int(callback.value)
    return None
