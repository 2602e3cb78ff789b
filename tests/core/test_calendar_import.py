from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from core.calendar_import import (
    Existing,
    LeftOut,
    LeftOutReason,
    NotACalendar,
    busiest_week,
    plan_import,
    read_calendar,
    stored_key,
)
from core.calendar_words import title_kind_intensity
from core.planning import Intensity, WorkoutKind
from core.workout_parse import WorkoutSpec
from tests.calendars import BERLIN, NOW, calendar

RUN, SWIM, RIDE, GYM, OTHER = (WorkoutKind(k) for k in ("run", "swim", "ride", "gym", "other"))
LIGHT, MODERATE, HARD = Intensity.LIGHT, Intensity.MODERATE, Intensity.HARD

CLUB = read_calendar(calendar("club"), BERLIN, NOW)
BY_KEY = {item.key: item for item in CLUB.workouts}


@pytest.mark.parametrize(
    ("key", "spec", "skip_on"),
    [
        # Tokyo Mon and Wed 06:30 is Berlin Sun and Tue 22:30: the weekdays move too
        (
            "tokyo-intervals@limber.test",
            WorkoutSpec(time(22, 30), 60, RUN, HARD, weekdays=frozenset({7, 2})),
            None,
        ),
        # floating: read in the user's zone; the first EXDATE is the workout's skip
        (
            "floating-swim@limber.test",
            WorkoutSpec(time(7, 0), 45, SWIM, LIGHT, weekdays=frozenset({2})),
            date(2026, 12, 15),
        ),
        # a moved occurrence (RECURRENCE-ID) is a one-off of its own
        (
            "floating-swim@limber.test#20261230",
            WorkoutSpec(time(18, 0), 45, SWIM, LIGHT, on_date=date(2026, 12, 30)),
            None,
        ),
        # Z: UTC, 08:00Z is 09:00 in Berlin
        (
            "z-ride@limber.test",
            WorkoutSpec(time(9, 0), 210, RIDE, MODERATE, on_date=date(2026, 12, 12)),
            None,
        ),
        # an inline VTIMEZONE (+03:00): 19:00 there is 17:00 in Berlin
        (
            "club-gym@limber.test",
            WorkoutSpec(time(17, 0), 60, GYM, MODERATE, on_date=date(2026, 12, 10)),
            None,
        ),
        # a Windows zone name
        (
            "windows-yoga@limber.test",
            WorkoutSpec(time(18, 0), 60, OTHER, LIGHT, on_date=date(2026, 12, 11)),
            None,
        ),
    ],
)
def test_each_event_becomes_a_workout_in_the_users_zone(
    key: str, spec: WorkoutSpec, skip_on: date | None
) -> None:
    assert BY_KEY[key].spec == spec
    assert BY_KEY[key].skip_on == skip_on


def test_what_is_left_out_is_said_with_its_date_and_reason() -> None:
    assert len(CLUB.workouts) == 6
    assert CLUB.left_out == (
        LeftOut("Club match", LeftOutReason.ALL_DAY, date(2026, 12, 19)),
        LeftOut("Easy swim", LeftOutReason.LATER_SKIP, date(2026, 12, 22)),
        LeftOut("Easy swim", LeftOutReason.LATER_SKIP, date(2026, 12, 29)),
    )
    assert (CLUB.broken, CLUB.outside, CLUB.name) == (1, 1, "Club")


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}END:VCALENDAR\r\n".encode()


def test_a_series_that_ends_or_skips_weeks_becomes_one_offs() -> None:
    ending = "UID:e\r\nSUMMARY:Run\r\nDTSTART:20261208T180000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3"
    fortnightly = "UID:f\r\nDTSTART:20261209T180000Z\r\nRRULE:FREQ=WEEKLY;INTERVAL=2"
    read = read_calendar(_ics(ending, fortnightly), BERLIN, NOW)
    dates = sorted((w.key, w.spec.on_date) for w in read.workouts)
    assert [d for k, d in dates if k.startswith("e#")] == [
        date(2026, 12, 8),
        date(2026, 12, 15),
        date(2026, 12, 22),
    ]
    assert len([k for k, _ in dates if k.startswith("f#")]) == 4  # 8 weeks, every other
    assert all(not w.spec.weekdays for w in read.workouts)


def test_an_event_over_ten_hours_is_left_out() -> None:
    read = read_calendar(
        _ics("UID:x\r\nSUMMARY:Camp\r\nDTSTART:20261210T080000Z\r\nDTEND:20261211T080000Z"),
        BERLIN,
        NOW,
    )
    assert read.workouts == ()
    assert read.left_out == (LeftOut("Camp", LeftOutReason.TOO_LONG, date(2026, 12, 10)),)


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"\x89PNG\r\n\x1a\n", b"BEGIN:VCARD\r\nEND:VCARD", b"BEGIN:VCALENDAR\r\n\x00"],
)
def test_anything_but_a_calendar_is_refused(data: bytes) -> None:
    with pytest.raises(NotACalendar):
        read_calendar(data, BERLIN, NOW)


def test_re_import_adds_changes_and_removes_by_key() -> None:
    today = NOW.date()
    swim = BY_KEY["floating-swim@limber.test"]
    ride = BY_KEY["z-ride@limber.test"]
    existing = [
        Existing(1, swim.key, swim.title, swim.spec, swim.skip_on),
        Existing(2, ride.key, ride.title, replace(ride.spec, start=time(8, 0)), None),
        Existing(3, "gone@limber.test", "Gone", ride.spec, None),
    ]
    plan = plan_import(CLUB.workouts, existing, today)
    assert plan.unchanged == 1
    assert [(old.id, new.spec.start) for old, new in plan.changed] == [(2, time(9, 0))]
    assert [row.id for row in plan.removed] == [3]
    assert len(plan.added) == 4
    assert plan.changes == 6
    # the same calendar again changes nothing; a skip already past is no change
    again = [Existing(n, w.key, w.title, w.spec, w.skip_on) for n, w in enumerate(CLUB.workouts)]
    assert plan_import(CLUB.workouts, again, today).changes == 0
    later = today + timedelta(days=10)
    past_skip = [replace(e, skip_on=date(2026, 12, 1)) for e in again]
    assert (
        plan_import([replace(w, skip_on=None) for w in CLUB.workouts], past_skip, later).changes
        == 0
    )


def test_busiest_week_counts_weekly_days_less_the_skip_and_one_offs() -> None:
    # week of 14 Dec: swim is skipped, intervals Tue and Sun; no one-off that week
    # week of 7 Dec: swim Tue, intervals Tue and Sun, gym, yoga, ride: 6
    assert busiest_week(CLUB.workouts, NOW.date()) == 6
    daily = _ics("UID:d\r\nDTSTART:20261207T180000\r\nRRULE:FREQ=DAILY")
    twice = _ics(
        "UID:d\r\nDTSTART:20261207T180000\r\nRRULE:FREQ=DAILY",
        "UID:m\r\nDTSTART:20261207T070000\r\nRRULE:FREQ=DAILY",
        "UID:n\r\nDTSTART:20261207T120000\r\nRRULE:FREQ=DAILY",
    )
    assert busiest_week(read_calendar(daily, BERLIN, NOW).workouts, NOW.date()) == 7
    assert busiest_week(read_calendar(twice, BERLIN, NOW).workouts, NOW.date()) == 21


@pytest.mark.parametrize(
    ("title", "kind", "intensity"),
    [
        ("Club run", RUN, MODERATE),
        ("Intervals on the track, run", RUN, HARD),
        ("Йога", OTHER, LIGHT),
        ("Матч", OTHER, HARD),
        ("Довга пробіжка", RUN, MODERATE),
        ("Natación suave", SWIM, LIGHT),
        ("Treino intervalado de corrida", RUN, HARD),
        ("Lari panjang", RUN, MODERATE),
        ("Partido", OTHER, HARD),
        ("Team meeting", OTHER, MODERATE),
    ],
)
def test_title_words_give_kind_and_intensity(
    title: str, kind: WorkoutKind, intensity: Intensity
) -> None:
    assert title_kind_intensity(title) == (kind, intensity)


def test_long_keys_are_stored_as_a_digest() -> None:
    assert stored_key("short@x") == "short@x"
    long = stored_key("x" * 300)
    assert len(long) == 64 and long.startswith("#")
    assert long != stored_key("x" * 299 + "y")
