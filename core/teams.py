"""Teams: group chats that train together.

Who may change a team, when each of its group messages comes, the deep link that links a
member's private reminders, and the words of the group messages (turnout and sessions held,
never anyone's health answers). Pure: ``now`` and the team's ``ZoneInfo`` are arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.i18n import _, ngettext
from core.localtime import local_date, resolve_local
from core.planning import PlannedWorkout
from core.timeparse import format_time

MANAGERS = frozenset({"creator", "administrator"})
"""The chat member statuses (Bot API ``ChatMember.status``) that may change a team."""

WARM_UP_BEFORE = timedelta(minutes=10)
"""The warm-up message comes this long before a team session starts."""
WARM_UP_LATE = timedelta(minutes=0)
"""A warm-up not sent by the session's start is no longer useful."""
COOL_DOWN_LATE = timedelta(minutes=30)
"""A cool-down not sent within this of the session's end is no longer useful."""
SUMMARY_WEEKDAY = 1
"""The team summary comes on Monday (ISO), about the week before."""
SUMMARY_AT = time(9, 0)
SUMMARY_LATE = timedelta(hours=12)
SCAN_DAYS = 9

TOKEN_PREFIX = "team-"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,32}")


class TeamKind(StrEnum):
    """A team's group messages."""

    WARM_UP = "team_warmup"
    COOL_DOWN = "team_cooldown"
    SUMMARY = "team_summary"


SESSION_KINDS = (TeamKind.WARM_UP, TeamKind.COOL_DOWN)
PRIORITY = {TeamKind.WARM_UP: 10, TeamKind.COOL_DOWN: 20, TeamKind.SUMMARY: 70}
"""As the private reminders of the same moments (``core.planning.POLICIES``)."""


def may_manage(status: str) -> bool:
    """Whether a chat member of ``status`` may set up and change the group's team."""
    return status in MANAGERS


def start_payload(token: str) -> str:
    """The ``/start`` payload of a team's deep link (``t.me/<bot>?start=team-<token>``)."""
    return f"{TOKEN_PREFIX}{token}"


def token_of(payload: str) -> str | None:
    """The team token a ``/start`` payload carries, or None if it carries none."""
    if not payload.startswith(TOKEN_PREFIX):
        return None
    token = payload[len(TOKEN_PREFIX) :]
    return token if _TOKEN.fullmatch(token) else None


@dataclass(frozen=True, slots=True)
class TeamOccurrence:
    """One group message due: its moment, the local date it is about, and its deadline."""

    kind: TeamKind
    due_at: datetime
    local_date: date
    deadline: datetime


def _session_moment(kind: TeamKind, session: PlannedWorkout, day: date, zone: ZoneInfo) -> datetime:
    start = resolve_local(day, session.start, zone)
    return start - WARM_UP_BEFORE if kind == TeamKind.WARM_UP else start + session.duration


def next_occurrence(
    kind: TeamKind, session: PlannedWorkout | None, zone: ZoneInfo, after: datetime
) -> TeamOccurrence | None:
    """The first occurrence of ``kind`` due strictly after ``after`` (a session's warm-up or
    cool-down; the weekly summary needs no session); None when none is left."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    first = local_date(after, zone) - timedelta(days=1)
    if kind == TeamKind.SUMMARY:
        for offset in range(SCAN_DAYS):
            day = first + timedelta(days=offset)
            due = resolve_local(day, SUMMARY_AT, zone)
            if day.isoweekday() == SUMMARY_WEEKDAY and due > after:
                return TeamOccurrence(kind, due, day, due + SUMMARY_LATE)
        return None
    if session is None:
        raise ValueError(f"{kind} belongs to a session")
    days: Iterable[date] = (
        (session.on_date,)
        if session.on_date is not None
        else (first + timedelta(days=offset) for offset in range(SCAN_DAYS))
    )
    for day in days:
        if not session.occurs_on(day):
            continue
        due = _session_moment(kind, session, day, zone)
        if due > after:
            late = WARM_UP_BEFORE + WARM_UP_LATE if kind == TeamKind.WARM_UP else COOL_DOWN_LATE
            return TeamOccurrence(kind, due, day, due + late)
    return None


def joinable(session: PlannedWorkout, zone: ZoneInfo, day: date, now: datetime) -> bool:
    """Whether "I'm in" for the session on local ``day`` still means something: it falls on
    that day and has not ended."""
    return session.occurs_on(day) and now < _session_moment(TeamKind.COOL_DOWN, session, day, zone)


def held_in(
    sessions: Sequence[PlannedWorkout], zone: ZoneInfo, first: date, last: date, now: datetime
) -> list[tuple[int, date]]:
    """The occurrences of ``sessions`` (id, local date) from ``first`` to ``last`` that had
    ended by ``now``: the sessions held that week."""
    held: list[tuple[int, date]] = []
    day = first
    while day <= last:
        for session in sessions:
            if (
                session.occurs_on(day)
                and _session_moment(TeamKind.COOL_DOWN, session, day, zone) <= now
            ):
                held.append((session.id, day))
        day += timedelta(days=1)
    return held


def in_member_zone(
    session: PlannedWorkout, team_zone: ZoneInfo, member_zone: ZoneInfo, now: datetime
) -> PlannedWorkout:
    """The team session as a member's own workout: the same moments, in the member's wall
    time (weekdays move with it when the zones put the start on another day). Read at its
    next start from ``now``; a one-off keeps its own date."""
    if team_zone == member_zone:
        return session
    day = local_date(now, team_zone)
    if session.on_date is not None:
        day = session.on_date
    else:
        while not session.occurs_on(day):
            day += timedelta(days=1)
    there = resolve_local(day, session.start, team_zone).astimezone(member_zone)
    shift = (there.date() - day).days
    weekdays = frozenset((d - 1 + shift) % 7 + 1 for d in session.weekdays)
    return PlannedWorkout(
        id=session.id,
        start=there.time().replace(tzinfo=None, fold=0),
        duration_min=session.duration_min,
        kind=session.kind,
        intensity=session.intensity,
        weekdays=weekdays,
        on_date=there.date() if session.on_date is not None else None,
    )


@dataclass(frozen=True, slots=True)
class TeamWeek:
    """A team's week for its summary: how many marked "I'm in" for each session held."""

    first: date
    last: date
    turnout: tuple[int, ...]

    @property
    def held(self) -> int:
        return len(self.turnout)


def warm_up_text(session: PlannedWorkout, count: int) -> str:
    """The warm-up message in the group, with the count of "I'm in" so far."""
    head = _("🏃 Team session at {time} starts in 10 minutes: time to warm up together.").format(
        time=format_time(session.start)
    )
    return f"{head}\n{turnout_line(count)}"


def turnout_line(count: int) -> str:
    if count == 0:
        return _("Tap “I'm in” if you are coming.")
    return ngettext("{n} is in.", "{n} are in.", count).format(n=count)


def cool_down_text(session: PlannedWorkout) -> str:
    return _("✅ Team session done: cool down and stretch together before you go.")


def summary_text(week: TeamWeek) -> str | None:
    """The team summary: sessions held and turnout, nothing else; None for a week with
    no session held (nothing to say)."""
    if not week.held:
        return None
    total = sum(week.turnout)
    held = ngettext(
        "📊 Team week {first} to {last}: {n} session held.",
        "📊 Team week {first} to {last}: {n} sessions held.",
        week.held,
    ).format(first=week.first.isoformat(), last=week.last.isoformat(), n=week.held)
    marks = ngettext(
        "{n} “I'm in” in all, {best} at the best-attended one.",
        "{n} “I'm in” in all, {best} at the best-attended one.",
        total,
    ).format(n=total, best=max(week.turnout))
    return f"{held}\n{marks}"
