"""The calendar import's messages: the preview with its counts and buttons, the result,
and the refusals."""

from __future__ import annotations

from html import escape

from bot.callbacks import Area, Callback
from bot.views.workouts import day_text, describe
from core.calendar_import import SANE_SESSIONS_A_WEEK, ImportPlan, LeftOut, LeftOutReason, Proposed
from core.i18n import _, ngettext, pgettext
from core.outgoing import InlineButton, InlineKeyboard
from services.calendar import Preview
from services.calendar_fetch import Refusal
from services.workouts import MAX_WORKOUTS

CONFIRM = "ok"
CANCEL = "no"
MAX_LISTED = 8
"""Workouts listed by name in a preview or a result; the rest are counted."""


def _item(item: Proposed) -> str:
    title = f"<b>{escape(item.title)}</b>: " if item.title else ""
    skip = " " + _("(not on {day})").format(day=day_text(item.skip_on)) if item.skip_on else ""
    return f"• {title}{describe(item.spec)}{skip}"


def _left(item: LeftOut) -> str:
    title = escape(item.title) or pgettext("calendar", "an event")
    day = day_text(item.on_date)
    if item.reason is LeftOutReason.ALL_DAY:
        why = _("all day, so no time: add one with <code>/workout {date} 18:00</code>").format(
            date=item.on_date.isoformat()
        )
    elif item.reason is LeftOutReason.TOO_LONG:
        why = _("longer than 10 hours")
    else:
        why = _("a weekly workout keeps only its next skipped date: skip this one in /workouts")
    return f"• {title}, {day}: {why}"


def _listed(items: list[str]) -> list[str]:
    if len(items) <= MAX_LISTED:
        return items
    more = len(items) - MAX_LISTED
    return [*items[:MAX_LISTED], ngettext("…and {n} more", "…and {n} more", more).format(n=more)]


def counts_line(plan: ImportPlan) -> str:
    return _("{added} to add, {changed} to change, {removed} to remove").format(
        added=len(plan.added), changed=len(plan.changed), removed=len(plan.removed)
    )


def preview_view(preview: Preview, *, url: bool) -> tuple[str, InlineKeyboard | None]:
    """What the calendar would add, change, remove and leave out, asked to confirm."""
    read, plan = preview.read, preview.plan
    name = escape(read.name) if read.name else pgettext("calendar", "your calendar")
    lines = [_("📅 <b>Import from {name}</b> (your local time)").format(name=name)]
    lines.append(counts_line(plan))
    if plan.added:
        lines += ["", _("<b>New:</b>"), *_listed([_item(i) for i in plan.added])]
    if plan.changed:
        lines += ["", _("<b>Changed:</b>"), *_listed([_item(new) for _old, new in plan.changed])]
    if plan.removed:
        removed = [f"• {escape(row.title)}: {describe(row.spec)}" for row in plan.removed]
        lines += ["", _("<b>No longer in the calendar:</b>"), *_listed(removed)]
    if read.left_out:
        lines += [
            "",
            ngettext("<b>Left out ({n}):</b>", "<b>Left out ({n}):</b>", len(read.left_out)).format(
                n=len(read.left_out)
            ),
            *_listed([_left(i) for i in read.left_out]),
        ]
    if read.broken:
        lines.append(
            ngettext(
                "{n} event could not be read and is skipped.",
                "{n} events could not be read and are skipped.",
                read.broken,
            ).format(n=read.broken)
        )
    if preview.over_limit:
        lines += ["", over_limit_text()]
        return "\n".join(lines), _keyboard(preview.id, confirm=None)
    if not plan.changes:
        lines += ["", _("Nothing to change: your workouts already match this calendar.")]
        return "\n".join(lines), None
    if preview.busiest > SANE_SESSIONS_A_WEEK:
        lines += [
            "",
            _("⚠️ That is {n} sessions in one week. Is that right?").format(n=preview.busiest),
        ]
        confirm = pgettext("button", "Yes, import them all")
    else:
        confirm = pgettext("button", "✅ Import")
    if url:
        lines += ["", _("I'll check the link once a day and tell you when the plan changes.")]
    return "\n".join(lines), _keyboard(preview.id, confirm=confirm)


def _keyboard(preview_id: int, *, confirm: str | None) -> InlineKeyboard:
    cancel = InlineButton(
        pgettext("button", "Cancel"), Callback(Area.CALENDAR, CANCEL, str(preview_id)).encode()
    )
    if confirm is None:
        return InlineKeyboard([[cancel]])
    ok = InlineButton(confirm, Callback(Area.CALENDAR, CONFIRM, str(preview_id)).encode())
    return InlineKeyboard([[ok, cancel]])


def saved_text(plan: ImportPlan, reminders: list[str]) -> str:
    """The result of a confirm: the counts, then each saved workout with its reminders."""
    lines = [
        _("✅ <b>Imported.</b> {added} added, {changed} changed, {removed} removed.").format(
            added=len(plan.added), changed=len(plan.changed), removed=len(plan.removed)
        )
    ]
    lines += reminders[:MAX_LISTED]
    lines.append(_("/workouts lists them, marked 📅; they can be removed together there."))
    return "\n\n".join(lines)


def changed_text(plan: ImportPlan) -> str:
    """The daily refresh's message when the linked calendar changed the plan."""
    return "\n".join(
        [
            _("📅 <b>Your linked calendar changed.</b>"),
            _("{added} added, {changed} changed, {removed} removed.").format(
                added=len(plan.added), changed=len(plan.changed), removed=len(plan.removed)
            ),
            _("/workouts shows the plan now; /import stop stops following the link."),
        ]
    )


def refused_text(reason: Refusal) -> str:
    if reason is Refusal.ADDRESS:
        return _("I can only read public <code>https://</code> or <code>webcal://</code> links.")
    if reason is Refusal.TOO_BIG:
        return too_big_text()
    if reason is Refusal.TOO_SLOW:
        return _("That link took too long to answer. Try again later, or send the file.")
    return _("I couldn't read that link. Check it, or send the calendar as a file.")


def over_limit_text() -> str:
    return _(
        "That would make more than {count} workouts, the most I keep. Delete some in "
        "/workouts first."
    ).format(count=MAX_WORKOUTS)


def too_big_text() -> str:
    return _(
        "That calendar is over 1 MB, more than I read. Export a shorter range, or fewer calendars."
    )


def not_a_calendar_text() -> str:
    return _(
        "That isn't a calendar file. Send an <code>.ics</code> file (from Google, Apple or "
        "Outlook calendar: export or share the calendar), or a link with /import."
    )


def nothing_ahead_text() -> str:
    return _("That calendar has no events in the next 8 weeks, so there is nothing to import.")


def ask_file_text() -> str:
    return _(
        "📅 Send me a calendar file (<code>.ics</code>, up to 1 MB), or a link: "
        "<code>/import https://…</code> or <code>/import webcal://…</code>. "
        "I'll show what it adds before saving anything."
    )


def removed_text(count: int) -> str:
    if not count:
        return _("You have no imported workouts.")
    return ngettext(
        "🗑 Removed {n} imported workout.", "🗑 Removed {n} imported workouts.", count
    ).format(n=count)


def stopped_text(had_link: bool) -> str:
    if not had_link:
        return _("You aren't following a calendar link.")
    return _(
        "I've stopped following your calendar link. Its workouts stay; /import remove deletes them."
    )


def cancelled_text() -> str:
    return _("Cancelled; nothing was imported.")
