"""Teams' pure logic: who may manage, the deep link, when each group message comes (DST
included), a member's copy of a session in their zone, and what the team summary says."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.planning import PlannedWorkout
from core.teams import (
    TeamKind,
    TeamWeek,
    held_in,
    in_member_zone,
    joinable,
    may_manage,
    next_occurrence,
    start_payload,
    summary_text,
    token_of,
    turnout_line,
    warm_up_text,
)

BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
MONDAY_1800 = PlannedWorkout(id=1, start=time(18, 0), duration_min=60, weekdays=frozenset({1}))


def utc(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("creator", True),
        ("administrator", True),
        ("member", False),
        ("restricted", False),
        ("left", False),
        ("kicked", False),
    ],
)
def test_only_the_groups_creator_and_admins_may_manage(status: str, allowed: bool) -> None:
    assert may_manage(status) is allowed


@pytest.mark.parametrize(
    ("payload", "token"),
    [
        ("team-abcDEF12_-", "abcDEF12_-"),
        ("team-short", None),  # under 8
        ("team-" + "a" * 33, None),
        ("team-abc def12", None),
        ("teamabcdefgh", None),
        ("", None),
        ("other-abcdefgh", None),
    ],
)
def test_a_deep_link_carries_a_team_token_or_nothing(payload: str, token: str | None) -> None:
    assert token_of(payload) == token


@given(
    st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
        min_size=8,
        max_size=32,
    )
)
def test_a_tokens_payload_reads_back(token: str) -> None:
    assert token_of(start_payload(token)) == token
    assert len(start_payload(token)) <= 64  # Telegram's limit for a start parameter


@pytest.mark.parametrize(
    ("kind", "after", "due", "day"),
    [
        (TeamKind.WARM_UP, utc(23, 8), utc(23, 16, 50), date(2026, 11, 23)),
        (TeamKind.COOL_DOWN, utc(23, 8), utc(23, 18), date(2026, 11, 23)),
        (TeamKind.WARM_UP, utc(23, 16, 50), utc(30, 16, 50), date(2026, 11, 30)),
        (TeamKind.COOL_DOWN, utc(23, 17, 30), utc(23, 18), date(2026, 11, 23)),
        (TeamKind.SUMMARY, utc(23, 8), utc(30, 8), date(2026, 11, 30)),  # 09:00 Berlin
        (TeamKind.SUMMARY, utc(22, 8), utc(23, 8), date(2026, 11, 23)),
    ],
)
def test_each_group_message_comes_at_its_moment_in_the_teams_zone(
    kind: TeamKind, after: datetime, due: datetime, day: date
) -> None:
    session = None if kind == TeamKind.SUMMARY else MONDAY_1800
    found = next_occurrence(kind, session, BERLIN, after)
    assert found is not None
    assert (found.due_at, found.local_date) == (due, day)
    assert found.deadline > found.due_at


def test_a_warm_up_is_useless_once_the_session_started() -> None:
    found = next_occurrence(TeamKind.WARM_UP, MONDAY_1800, BERLIN, utc(23, 8))
    assert found is not None and found.deadline == utc(23, 17)


def test_times_follow_the_clock_change() -> None:
    """The session ends at 19:00 Berlin: 18:00 UTC before the change of 29 March 2026,
    17:00 UTC after it."""
    winter = next_occurrence(TeamKind.COOL_DOWN, MONDAY_1800, BERLIN, utc(23, 8, month=3))
    summer = next_occurrence(TeamKind.COOL_DOWN, MONDAY_1800, BERLIN, utc(30, 8, month=3))
    assert winter is not None and winter.due_at == utc(23, 18, month=3)
    assert summer is not None and summer.due_at == utc(30, 17, month=3)


def test_a_one_off_session_comes_once() -> None:
    once = PlannedWorkout(id=2, start=time(7, 0), duration_min=45, on_date=date(2026, 11, 25))
    first = next_occurrence(TeamKind.WARM_UP, once, BERLIN, utc(23, 8))
    assert first is not None and first.local_date == date(2026, 11, 25)
    assert next_occurrence(TeamKind.WARM_UP, once, BERLIN, first.due_at) is None


def test_a_session_kind_needs_its_session() -> None:
    with pytest.raises(ValueError, match="belongs to a session"):
        next_occurrence(TeamKind.WARM_UP, None, BERLIN, utc(23, 8))


@given(st.integers(min_value=0, max_value=365 * 24 * 4))
def test_the_next_occurrence_is_always_later_and_on_a_monday(quarters: int) -> None:
    after = utc(1, 0, month=1) + timedelta(minutes=15 * quarters)
    for kind in TeamKind:
        session = None if kind == TeamKind.SUMMARY else MONDAY_1800
        found = next_occurrence(kind, session, BERLIN, after)
        assert found is not None and found.due_at > after
        assert found.local_date.isoweekday() == 1
        assert found.due_at - after <= timedelta(days=7, hours=2)


@pytest.mark.parametrize(
    ("zone", "start", "weekdays"),
    [
        (BERLIN, time(18, 0), {1}),
        (LONDON, time(17, 0), {1}),
        (TOKYO, time(2, 0), {2}),  # 18:00 Monday in Berlin is 02:00 Tuesday in Tokyo
    ],
)
def test_a_members_copy_is_the_same_moment_in_their_zone(
    zone: ZoneInfo, start: time, weekdays: set[int]
) -> None:
    theirs = in_member_zone(MONDAY_1800, BERLIN, zone, utc(23, 8))
    assert (theirs.start, theirs.weekdays) == (start, frozenset(weekdays))
    assert theirs.duration_min == MONDAY_1800.duration_min


def test_i_m_in_counts_until_the_session_ends() -> None:
    day = date(2026, 11, 23)
    assert joinable(MONDAY_1800, BERLIN, day, utc(23, 16, 55))
    assert not joinable(MONDAY_1800, BERLIN, day, utc(23, 18))
    assert not joinable(MONDAY_1800, BERLIN, date(2026, 11, 24), utc(23, 16, 55))


def test_held_sessions_are_those_that_ended() -> None:
    sessions = [
        MONDAY_1800,
        PlannedWorkout(id=3, start=time(7, 0), duration_min=30, weekdays=frozenset({3})),
    ]
    first, last = date(2026, 11, 23), date(2026, 11, 29)
    assert held_in(sessions, BERLIN, first, last, utc(25, 12)) == [
        (1, first),
        (3, date(2026, 11, 25)),
    ]
    assert held_in(sessions, BERLIN, first, last, utc(23, 17, 30)) == []


def test_the_team_summary_says_sessions_held_and_turnout_only() -> None:
    text = summary_text(TeamWeek(date(2026, 11, 23), date(2026, 11, 29), (3, 5)))
    assert text is not None
    assert "2 sessions held" in text and "8 “I'm in” in all, 5 at the best-attended" in text
    assert summary_text(TeamWeek(date(2026, 11, 23), date(2026, 11, 29), ())) is None


def test_the_warm_up_shows_the_count() -> None:
    assert "18:00" in warm_up_text(MONDAY_1800, 0)
    assert turnout_line(0) == "Tap “I'm in” if you are coming."
    assert turnout_line(1) == "1 is in."
    assert turnout_line(4) == "4 are in."
