"""Weekly summary and /stats content: parametrized tables over fixed weeks."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.summary import (
    CrampSeverity,
    DayFacts,
    ReminderOutcome,
    ReminderRecord,
    StatsData,
    UpcomingWorkout,
    WeekData,
    WorkoutOutcome,
    WorkoutRecord,
    build_stats,
    build_summary,
    cramp_free_streak,
    current_streak,
    day_label,
    empty_week_note,
    fill_days,
    is_empty_week,
    litres,
    local_days_utc,
    longest_streak,
    safe,
    short_day_label,
    summary_week,
    tally,
    trend_word,
    week_days,
    week_ending,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MON = date(2026, 11, 16)  # a Monday; the week runs to Sun 22 Nov
TARGET = 2500
NONE = CrampSeverity.NONE
MILD = CrampSeverity.MILD
STRONG = CrampSeverity.STRONG
DONE = WorkoutOutcome.DONE
SKIPPED = WorkoutOutcome.SKIPPED
NO_ANSWER = WorkoutOutcome.NO_ANSWER
ALLOWED_TAG = re.compile(r"</?b>")


def day(offset: int, **kw: object) -> DayFacts:
    return DayFacts(day=MON + timedelta(days=offset), **kw)  # type: ignore[arg-type]


def week(*days: DayFacts, **kw: object) -> WeekData:
    return WeekData(MON, MON + timedelta(days=6), BERLIN, TARGET, days, **kw)  # type: ignore[arg-type]


def tags_in(text: str) -> set[str]:
    return set(re.findall(r"<[^>]*>", text))


def day_lines(text: str) -> list[str]:
    return [
        ln for ln in text.splitlines() if re.match(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+:", ln)
    ]


# --- wording helpers -------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "long", "short"),
    [
        (date(2026, 11, 23), "Mon 23 Nov", "Mon 23"),
        (date(2026, 1, 1), "Thu 1 Jan", "Thu 1"),
        (date(2026, 10, 25), "Sun 25 Oct", "Sun 25"),
        (date(2028, 2, 29), "Tue 29 Feb", "Tue 29"),
    ],
)
def test_day_labels(d: date, long: str, short: str) -> None:
    assert (day_label(d), short_day_label(d)) == (long, short)


@pytest.mark.parametrize(
    ("ml", "text"), [(0, "0.0 L"), (1500, "1.5 L"), (2449, "2.4 L"), (2450.0, "2.5 L")]
)
def test_litres(ml: float, text: str) -> None:
    assert litres(ml) == text


@pytest.mark.parametrize(
    ("prev", "cur", "lower", "tol", "word"),
    [
        (3, 1, True, 0, "better"),
        (1, 3, True, 0, "worse"),
        (2, 2, True, 0, "steady"),
        (2000, 2080, False, 100, "steady"),
        (2000, 2200, False, 100, "better"),
        (None, 2, True, 0, ""),
        (2, None, True, 0, ""),
    ],
)
def test_trend_word(
    prev: float | None, cur: float | None, lower: bool, tol: float, word: str
) -> None:
    assert trend_word(prev, cur, lower_is_better=lower, tolerance=tol) == word


@pytest.mark.parametrize(
    ("raw", "limit", "expected"),
    [
        ("climbing", 40, "climbing"),
        ("  a\n b\t c ", 40, "a b c"),
        ("<script>", 40, "&lt;script&gt;"),
        ("&&&&", 12, "&amp;&amp;…"),
        ("abcdefgh", 5, "abcd…"),
    ],
)
def test_safe_escapes_and_bounds(raw: str, limit: int, expected: str) -> None:
    assert safe(raw, limit) == expected


@given(st.text(max_size=300), st.integers(min_value=2, max_value=120))
@settings(max_examples=150, deadline=None)
def test_safe_never_exceeds_limit_nor_leaks_markup(raw: str, limit: int) -> None:
    out = safe(raw, limit)
    assert len(out) <= limit
    assert "<" not in out and ">" not in out


# --- empty weeks -----------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "empty"),
    [
        ((), True),
        ((day(0), day(3)), True),
        ((day(2, water_ml=0),), True),
        ((day(2, water_ml=250),), False),
        ((day(6, checkin_answered=True),), False),
        ((day(1, workouts=(WorkoutRecord("run", NO_ANSWER),)),), False),
    ],
)
def test_is_empty_week(days: tuple[DayFacts, ...], empty: bool) -> None:
    assert is_empty_week(week(*days)) is empty


def test_empty_week_gives_short_encouraging_note_and_blank_chart() -> None:
    nxt = (UpcomingWorkout(date(2026, 11, 24), time(7, 0), "run", 30),)
    content = build_summary(week(next_week=nxt))
    assert content.is_empty
    assert content.text == empty_week_note(week(next_week=nxt))
    assert content.text.startswith("<b>Your week: Mon 16 Nov – Sun 22 Nov</b>")
    assert "Next week: 1 workout planned." in content.text
    assert len(content.text) < 400
    assert content.chart.water_ml == (None,) * 7
    assert content.chart.cramps == (None,) * 7
    assert content.chart.workout_days == (False,) * 7


# --- partial week: unanswered is never "no cramps" --------------------------

PARTIAL = week(
    day(0, water_ml=2750, water_answer="w4", checkin_answered=True, cramp=NONE),
    day(1, water_ml=1750, water_answer="w2", checkin_answered=True, cramp=MILD, guide_ml=3000),
    day(3, checkin_answered=True),  # check-in answered, cramp question not
    day(5, water_ml=2500),
    last_week_cramp_days=3,
    checkin_streak=0,
)


@pytest.mark.parametrize(
    ("index", "line"),
    [
        (0, "Mon 16 Nov: 2.5–3 L ✓, no cramps"),  # her answer, against the day's guide
        (1, "Tue 17 Nov: 1.5–2 L (guide 3.0 L), mild cramps"),  # a training day's guide
        (2, "Wed 18 Nov: water not answered, check-in not answered"),
        (3, "Thu 19 Nov: water not answered, cramps not answered"),
        (4, "Fri 20 Nov: water not answered, check-in not answered"),
        (5, "Sat 21 Nov: 2.5 L logged ✓, check-in not answered"),  # no answer: her logs
        (6, "Sun 22 Nov: water not answered, check-in not answered"),
    ],
)
def test_partial_week_day_lines(index: int, line: str) -> None:
    assert day_lines(build_summary(PARTIAL).text)[index] == line


@pytest.mark.parametrize(
    "fragment",
    [
        "1 cramp day out of 2 answered. Last week: 3, so this week is better.",
        "Water: about 2.3 L a day over 3 days with an answer or a log; "
        "at or above the day's guide 2 of 7 days.",
        "<b>Day by day</b> (water guide 2.5 L, more on training days)",
        "3 of 7 answered",
        "No workouts planned this week.",
        "No workouts planned yet.",
    ],
)
def test_partial_week_totals(fragment: str) -> None:
    assert fragment in build_summary(PARTIAL).text


def test_partial_week_counts_no_unanswered_day_as_cramp_free() -> None:
    text = build_summary(PARTIAL).text
    assert text.count("no cramps") == 1
    assert "streak" not in text  # a zero streak is not announced
    assert tally(week_days(PARTIAL), TARGET).cramp_answers == 2


@pytest.mark.parametrize(
    ("this_week", "last_week", "fragment"),
    [
        ((MILD, STRONG), 1, "2 cramp days out of 2 answered. Last week: 1, so this week is worse."),
        (
            (NONE, MILD),
            1,
            "1 cramp day out of 2 answered. Last week: 1, so this week is about the same.",
        ),
        ((NONE, NONE), 2, "0 cramp days out of 2 answered. Last week: 2, so this week is better."),
        ((NONE, STRONG), None, "1 cramp day out of 2 answered."),
        ((), 4, "No cramp answers this week, so no count."),
    ],
)
def test_cramp_trend(
    this_week: tuple[CrampSeverity, ...], last_week: int | None, fragment: str
) -> None:
    days = [day(i, checkin_answered=True, cramp=c) for i, c in enumerate(this_week)]
    days.append(day(6, water_ml=100))
    text = build_summary(week(*days, last_week_cramp_days=last_week)).text
    assert fragment in text
    if last_week is None:
        assert "Last week" not in text


# --- workouts and reminders -------------------------------------------------


def rem(kind: str, outcome: ReminderOutcome) -> ReminderRecord:
    return ReminderRecord(kind, outcome)


R = ReminderOutcome
TRAINING_WEEK = week(
    day(
        0,
        workouts=(WorkoutRecord("run", DONE),),
        reminders=(rem("warm_up", R.DONE), rem("drink_before", R.SNOOZED), rem("checkin", R.DONE)),
    ),
    day(
        2,
        workouts=(WorkoutRecord("strength", DONE),),
        reminders=(
            rem("warm_up", R.DONE),
            rem("drink_before", R.DONE),
            rem("rehydrate", R.NO_ANSWER),
        ),
    ),
    day(
        4,
        workouts=(WorkoutRecord("run", SKIPPED),),
        reminders=(rem("warm_up", R.SKIPPED), rem("drink_before", R.DONE)),
    ),
    day(
        5,
        workouts=(WorkoutRecord("swim", DONE), WorkoutRecord("other", NO_ANSWER)),
        reminders=(rem("warm_up", R.DONE), rem("bedtime_stretch", R.DONE), rem("new_kind", R.DONE)),
    ),
    checkin_streak=4,
)


@pytest.mark.parametrize(
    "line",
    [
        "3 of 5 done, 1 skipped",
        "Drinks before training: 2 of 3 done (1 snoozed)",
        "Warm-ups: 3 of 4 done (1 skipped)",
        "Drinks after training: 0 of 1 done",
        "Bedtime calf stretches: 1 of 1 done",
        "New kind: 1 of 1 done",
        "0 of 7 answered; streak: 4 days in a row",
    ],
)
def test_training_week_lines(line: str) -> None:
    assert line in build_summary(TRAINING_WEEK).text.splitlines()


def test_reminder_kinds_follow_the_day_order_and_skip_checkins() -> None:
    text = build_summary(TRAINING_WEEK).text
    order = ["Drinks before", "Warm-ups", "Drinks after", "Bedtime", "New kind"]
    positions = [text.index(label) for label in order]
    assert positions == sorted(positions)
    assert "Checkin" not in text


def test_every_planned_reminder_kind_has_a_label() -> None:
    reminders = pytest.importorskip("core.planning.reminders")
    from core.summary.format import REMINDER_LABELS, UNREPORTED_REMINDERS

    kinds = {k.value for k in reminders.ReminderKind}
    assert kinds - UNREPORTED_REMINDERS <= set(REMINDER_LABELS)


# --- DST weeks: still 7 local days, labelled by the local calendar ------------


@pytest.mark.parametrize(
    ("tz", "summary_day", "labels", "hours"),
    [
        (
            BERLIN,
            date(2026, 10, 25),
            ("Mon 19", "Tue 20", "Wed 21", "Thu 22", "Fri 23", "Sat 24", "Sun 25"),
            169,
        ),
        (
            NEW_YORK,
            date(2026, 11, 1),
            ("Mon 26", "Tue 27", "Wed 28", "Thu 29", "Fri 30", "Sat 31", "Sun 1"),
            169,
        ),
        (
            BERLIN,
            date(2026, 3, 29),
            ("Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 29"),
            167,
        ),
        (
            ZoneInfo("UTC"),
            date(2026, 11, 22),
            ("Mon 16", "Tue 17", "Wed 18", "Thu 19", "Fri 20", "Sat 21", "Sun 22"),
            168,
        ),
    ],
)
def test_dst_week_has_seven_local_days(
    tz: ZoneInfo, summary_day: date, labels: tuple[str, ...], hours: int
) -> None:
    start, end = week_ending(summary_day)
    data = WeekData(start, end, tz, TARGET, (DayFacts(end, water_ml=2000),))
    content = build_summary(data)
    assert content.chart.labels == labels
    assert content.chart.water_ml == (None,) * 6 + (2000,)
    assert len(day_lines(content.text)) == 7
    assert day_lines(content.text)[-1].startswith(day_label(summary_day) + ": 2.0 L")
    utc_start, utc_end = local_days_utc(start, end, tz)
    assert utc_end - utc_start == timedelta(hours=hours)
    assert utc_start.astimezone(tz).replace(tzinfo=None) == datetime.combine(start, time())


@pytest.mark.parametrize(
    ("starts_at", "tz", "local"),
    [
        (datetime(2026, 10, 31, 6, 30, tzinfo=UTC), NEW_YORK, "Sat 31 Oct 02:30"),
        (datetime(2026, 11, 2, 6, 30, tzinfo=UTC), NEW_YORK, "Mon 2 Nov 01:30"),
        (datetime(2026, 10, 24, 16, 0, tzinfo=UTC), BERLIN, "Sat 24 Oct 18:00"),
        (datetime(2026, 10, 26, 16, 0, tzinfo=UTC), BERLIN, "Mon 26 Oct 17:00"),
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), BERLIN, "Mon 26 Oct 00:30"),
    ],
)
def test_next_week_times_are_local_across_dst(
    starts_at: datetime, tz: ZoneInfo, local: str
) -> None:
    upcoming = UpcomingWorkout.from_utc(starts_at, tz, kind="run", duration_min=40)
    data = WeekData(
        MON, MON + timedelta(days=6), tz, TARGET, (day(0, water_ml=1),), next_week=(upcoming,)
    )
    assert f"{local} · Run · 40 min" in build_summary(data).text


def test_from_utc_rejects_naive_start() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        UpcomingWorkout.from_utc(datetime(2026, 11, 2, 6, 30), BERLIN, kind="run", duration_min=1)  # noqa: DTZ001


# --- pattern --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "suggestion", "expected"),
    [
        (
            "Cramps followed days under 1.5 L.",
            "Try a banana (about 120 g) after training.",
            [
                "<b>Pattern</b>",
                "Cramps followed days under 1.5 L.",
                "Try a banana (about 120 g) after training.",
            ],
        ),
        (
            "Cramps came after runs > 10 km & little sleep.",
            None,
            ["<b>Pattern</b>", "Cramps came after runs &gt; 10 km &amp; little sleep."],
        ),
        (None, None, []),
        ("   ", "", []),
    ],
)
def test_pattern_section(sentence: str | None, suggestion: str | None, expected: list[str]) -> None:
    data = week(day(0, water_ml=500), pattern_sentence=sentence, pattern_suggestion=suggestion)
    text = build_summary(data).text
    if expected:
        lines = text.splitlines()
        start = lines.index("<b>Pattern</b>")
        assert lines[start : start + len(expected)] == expected
    else:
        assert "Pattern" not in text


# --- escaping and size ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "note", "shown"),
    [
        ("other", "Climbing <gym> & co", "Other: Climbing &lt;gym&gt; &amp; co"),
        ("other", "<b>bold</b>", "Other: &lt;b&gt;bold&lt;/b&gt;"),
        ("<i>pilates</i>", None, "&lt;i&gt;pilates&lt;/i&gt;"),
        ("run", '"quotes" stay', 'Run: "quotes" stay'),
    ],
)
def test_user_text_is_escaped(kind: str, note: str | None, shown: str) -> None:
    nxt = (UpcomingWorkout(date(2026, 11, 25), time(18, 5), kind, 60, note),)
    data = week(day(2, workouts=(WorkoutRecord(kind, DONE, note),)), next_week=nxt)
    text = build_summary(data).text
    assert f"Wed 25 Nov 18:05 · {shown} · 60 min" in text
    assert {ALLOWED_TAG.fullmatch(t) is not None for t in tags_in(text)} == {True}


def test_huge_week_stays_under_telegram_limit() -> None:
    many = tuple(WorkoutRecord("other", DONE, "x" * 500) for _ in range(40))
    reminders = tuple(rem(f"kind_{i}_" + "&" * 80, R.DONE) for i in range(30))
    days = tuple(
        day(
            i,
            water_ml=9999,
            checkin_answered=True,
            cramp=STRONG,
            workouts=many,
            reminders=reminders,
        )
        for i in range(7)
    )
    nxt = tuple(
        UpcomingWorkout(
            date(2026, 11, 23) + timedelta(days=i % 7), time(i % 24, 0), "other", 90, "<&>" * 100
        )
        for i in range(150)
    )
    data = week(
        *days,
        next_week=nxt,
        checkin_streak=999,
        last_week_cramp_days=7,
        pattern_sentence="&" * 2000,
        pattern_suggestion="<" * 2000,
    )
    text = build_summary(data).text
    assert len(text) < 4096
    assert "280 of 280 done" in text
    assert "and 142 more" in text.splitlines()
    assert "and 22 more" in text.splitlines()


# --- properties over random weeks --------------------------------------------

cramps = st.sampled_from([None, NONE, MILD, STRONG])
day_facts = st.builds(
    lambda offset, water, answered, cramp, n_work, note: DayFacts(
        MON + timedelta(days=offset),
        water,
        answered or cramp is not None,
        cramp,
        tuple(WorkoutRecord("other", DONE, note) for _ in range(n_work)),
    ),
    st.integers(0, 6),
    st.none() | st.integers(0, 8000),
    st.booleans(),
    cramps,
    st.integers(0, 3),
    st.text(max_size=60),
)


@given(st.lists(day_facts, max_size=7, unique_by=lambda d: d.day), st.text(max_size=400))
@settings(max_examples=80, deadline=None)
def test_any_week_is_bounded_and_well_formed(days: list[DayFacts], advice: str) -> None:
    data = week(*days, pattern_sentence=advice)
    content = build_summary(data)
    assert len(content.text) < 4096
    assert all(ALLOWED_TAG.fullmatch(t) for t in tags_in(content.text))
    assert content.is_empty == is_empty_week(data)
    assert len(content.chart.labels) == 7
    if not content.is_empty:
        assert len(day_lines(content.text)) == 7
    t = tally(fill_days(days, MON, 7), TARGET)
    assert t.cramp_days <= t.cramp_answers <= t.checkins_answered <= 7
    assert t.days_on_target <= t.water_days_logged <= 7


# --- validation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: WeekData(MON, MON + timedelta(days=7), BERLIN, TARGET), "7 local days"),
        (lambda: week(day(0), day(0)), "given twice"),
        (lambda: week(day(7)), "outside"),
        (lambda: WeekData(MON, MON + timedelta(days=6), BERLIN, 0), "positive"),
        (lambda: week(locale="de"), "locale"),
        (lambda: day(0, cramp=MILD), "without an answered check-in"),
        (lambda: day(0, water_ml=-1), "negative"),
    ],
)
def test_invalid_input_is_rejected(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


# --- streaks ----------------------------------------------------------------

TODAY = date(2026, 11, 22)


def run_of(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(
    ("answered", "current", "longest"),
    [
        ([], 0, 0),
        (run_of(0), 1, 1),
        (run_of(1, 2, 3), 3, 3),  # today still open: counts up to yesterday
        (run_of(0, 1, 2, 5, 6, 7, 8), 3, 4),
        (run_of(2, 3), 0, 2),
        (run_of(0, 2, 4), 1, 1),
    ],
)
def test_streaks(answered: list[date], current: int, longest: int) -> None:
    assert current_streak(answered, TODAY) == current
    assert longest_streak(answered) == longest


def test_cramp_free_streak_stops_at_unanswered_or_cramp_day() -> None:
    days = [
        DayFacts(TODAY, checkin_answered=True, cramp=NONE),
        DayFacts(TODAY - timedelta(days=1), checkin_answered=True, cramp=NONE),
        DayFacts(TODAY - timedelta(days=2)),  # unanswered: ends the run
        DayFacts(TODAY - timedelta(days=3), checkin_answered=True, cramp=NONE),
    ]
    assert cramp_free_streak(days, TODAY) == 2
    days[1] = DayFacts(TODAY - timedelta(days=1), checkin_answered=True, cramp=MILD)
    assert cramp_free_streak(days, TODAY) == 1


# --- /stats -------------------------------------------------------------------

STATS_END = date(2026, 11, 22)  # weeks start Mon 26 Oct, 2, 9 and 16 Nov


def stats_day(back: int, **kw: object) -> DayFacts:
    return DayFacts(day=STATS_END - timedelta(days=back), **kw)  # type: ignore[arg-type]


def stats_data(*days: DayFacts) -> StatsData:
    return StatsData(STATS_END, BERLIN, 2000, days, checkin_streak=3, longest_checkin_streak=9)


IMPROVING = stats_data(
    # oldest week: 3 cramp days, 1.5 L, 1 of 2 workouts
    stats_day(
        27,
        water_ml=1500,
        checkin_answered=True,
        cramp=MILD,
        workouts=(WorkoutRecord("run", DONE), WorkoutRecord("run", SKIPPED)),
    ),
    stats_day(26, checkin_answered=True, cramp=STRONG),
    stats_day(25, checkin_answered=True, cramp=MILD),
    # second week: nothing answered at all
    stats_day(10, water_ml=1800),
    # latest week: 0 cramp days, 2.4 L, 3 of 3 workouts
    stats_day(
        2,
        water_ml=2400,
        checkin_answered=True,
        cramp=NONE,
        workouts=(WorkoutRecord("run", DONE),) * 3,
    ),
    stats_day(1, checkin_answered=True, cramp=NONE),
    stats_day(0, checkin_answered=True, cramp=NONE),
)


@pytest.mark.parametrize(
    "line",
    [
        "<b>Your last 4 weeks</b> (Mon 26 Oct – Sun 22 Nov)",
        "Check-ins: 3 days in a row (longest: 9 days)",
        "Days in a row without cramps: 3",
        "From Mon 26 Oct: 3 cramp days, 1.5 L a day, 1 of 2 workouts done, 3 of 7 check-ins",
        "From Mon 2 Nov: cramps not answered, water not logged, no workouts, 0 of 7 check-ins",
        "From Mon 9 Nov: cramps not answered, 1.8 L a day, no workouts, 0 of 7 check-ins",
        "From Mon 16 Nov: 0 cramp days, 2.4 L a day, 3 of 3 workouts done, 3 of 7 check-ins",
        "Cramp days: getting better",
        "Water: going up",
        "Workouts done: getting better",
        "Check-ins: getting better",
    ],
)
def test_stats_lines(line: str) -> None:
    assert line in build_stats(IMPROVING).text.splitlines()


def test_stats_series_and_tallies() -> None:
    content = build_stats(IMPROVING)
    assert content.chart.labels == ("26 Oct", "2 Nov", "9 Nov", "16 Nov")
    assert content.chart.cramp_days == (3, None, None, 0)
    assert content.chart.avg_water_ml == (1500.0, None, 1800.0, 2400.0)
    assert content.chart.workouts_done == (1, 0, 0, 3)
    assert content.chart.checkin_rate == pytest.approx((3 / 7, 0, 0, 3 / 7))
    assert [w.start for w in content.weeks] == [
        date(2026, 10, 26) + timedelta(weeks=i) for i in range(4)
    ]


def test_stats_without_data_says_so() -> None:
    text = build_stats(stats_data()).text
    for name in ("Cramp days", "Water", "Workouts done"):
        assert f"{name}: not enough data yet" in text.splitlines()
    assert "Check-ins: steady" in text.splitlines()


def test_importing_summary_does_not_import_matplotlib_or_frameworks() -> None:
    code = (
        "import sys, core.summary.build, core.summary.stats; "
        "bad = [m for m in ('matplotlib', 'telegram', 'sqlalchemy', 'apscheduler', 'pydantic') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("summary_day", "after_checkin", "first", "last"),
    [
        (date(2026, 11, 30), False, date(2026, 11, 23), date(2026, 11, 29)),  # Monday morning
        (date(2026, 11, 29), True, date(2026, 11, 23), date(2026, 11, 29)),  # Sunday 21:30
        (date(2026, 11, 29), False, date(2026, 11, 22), date(2026, 11, 28)),  # Sunday 19:00
    ],
)
def test_a_summary_covers_the_week_up_to_the_last_check_in_before_it(
    summary_day: date, after_checkin: bool, first: date, last: date
) -> None:
    assert summary_week(summary_day, after_checkin=after_checkin) == (first, last)


def test_a_new_suspicion_has_its_own_section_in_careful_words() -> None:
    line = "Low water looks suspicious: 3 of your 4 days with cramps... That could still be chance"
    text = build_summary(week(day(0, checkin_answered=True), watching_sentence=line)).text
    assert "<b>What I am watching</b>\n👀 Low water looks suspicious" in text
    assert "<b>What I am watching</b>" not in build_summary(week(day(0, water_ml=900))).text


def test_an_answer_that_may_meet_the_guide_reads_as_the_check_in_said_it() -> None:
    """2–2.5 L against a 2.1 L guide: the check-in said "about", and so does the summary."""
    maybe = day(0, water_ml=2250, water_answer="w3", checkin_answered=True, guide_ml=2100)
    text = build_summary(week(maybe)).text
    assert day_lines(text)[0].startswith("Mon 16 Nov: 2–2.5 L (about the guide)")
    assert "at or above the day's guide 0 of 7 days, about it on 1." in text


def test_reminders_done_after_a_repeat_are_counted() -> None:
    reminders = (
        ReminderRecord("warm_up", R.DONE, repeated=True),
        ReminderRecord("warm_up", R.DONE),
        ReminderRecord("warm_up", R.NO_ANSWER, repeated=True),
    )
    week_ = week(day(1, water_ml=1500, reminders=reminders))
    assert "Warm-ups: 2 of 3 done (1 after a repeat)" in build_summary(week_).text.splitlines()
