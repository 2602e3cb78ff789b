"""The rolling cap: what Limber asked a user to drink and what they logged, and the room left.

In any 60 minutes, what Limber asks for stays within the body's hourly cap, and over a local
day within its day cap: a message subtracts what earlier messages asked for (the later hours
of a spread plan included) and what the user logged. A drink asked for and then logged with
✅ Done is one drink, counted over the whole time from the ask to the log. Pure: the caller
passes the history in. Why and how: ``docs/planning.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(hours=1)
MAX_SPREAD_HOURS = 24
"""A spread plan is never placed further ahead than this (its total is capped long before)."""


@dataclass(frozen=True, slots=True)
class Drink:
    """``ml`` asked for (or logged) at ``at``; ``until``: the same drink logged later."""

    at: datetime
    ml: int
    until: datetime | None = None

    @property
    def last(self) -> datetime:
        return self.until if self.until is not None and self.until > self.at else self.at


def window_ml(end: datetime, drinks: Iterable[Drink]) -> int:
    """The ml in the 60 minutes ending at ``end`` (after ``end`` - 1 h, up to ``end``)."""
    start = end - WINDOW
    return sum(d.ml for d in drinks if d.at <= end and d.last > start)


def busiest_hour_ml(at: datetime, drinks: Sequence[Drink]) -> int:
    """The most any 60-minute window that contains ``at`` already holds."""
    ends = {at} | {d.at for d in drinks if at < d.at < at + WINDOW}
    return max(window_ml(end, drinks) for end in ends)


@dataclass(frozen=True, slots=True)
class Intake:
    """Everything that counts against the caps: what Limber asked for, and what the user
    logged besides (a ✅ Done log is the ``until`` of the drink it answered)."""

    asked: tuple[Drink, ...] = ()
    logged: tuple[Drink, ...] = ()

    def with_asks(self, drinks: Iterable[Drink]) -> Intake:
        return Intake((*self.asked, *drinks), self.logged)

    def asked_between(self, start: datetime, end: datetime) -> int:
        return sum(d.ml for d in self.asked if start <= d.at < end)

    def room_ml(
        self, at: datetime, hour_cap_ml: int, day_cap_ml: int, day: tuple[datetime, datetime]
    ) -> int:
        """What a message at ``at`` may still ask for: the hourly cap less the busiest hour
        around it, and the day's cap less what was asked for on that local ``day``
        (``(start, end)`` in UTC)."""
        hour = hour_cap_ml - busiest_hour_ml(at, (*self.asked, *self.logged))
        return max(min(hour, day_cap_ml - self.asked_between(*day)), 0)


def spread(
    at: datetime,
    total_ml: int,
    first_ml: int,
    room_at: Callable[[datetime, Intake], int],
    intake: Intake,
    until: datetime,
) -> list[Drink]:
    """A total to drink from ``at``: ``first_ml`` now, then each following hour as much as
    ``room_at`` (the rolling cap at that moment, given what is already placed) allows (an
    hour with no room is passed over), until the total is placed or ``until`` (the end of
    the local day) or ``MAX_SPREAD_HOURS`` come."""
    placed = [Drink(at, first_ml)] if first_ml > 0 else []
    left = total_ml - first_ml
    for hour in range(1, MAX_SPREAD_HOURS):
        when = at + hour * WINDOW
        if left <= 0 or when >= until:
            break
        amount = min(max(room_at(when, intake.with_asks(placed)), 0), left)
        if amount > 0:
            placed.append(Drink(when, amount))
            left -= amount
    return placed
