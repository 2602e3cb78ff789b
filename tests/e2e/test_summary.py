"""The weekly summary end to end: a simulated week ends with its text and chart, once.

The clock starts Mon 2026-11-23 08:00 UTC; Alice lives in Berlin (UTC+1), so her
summary is due Mon 30 Nov 08:00 local = 07:00 UTC, after the week's last check-in (Sunday
21:00), and covers Monday to Sunday.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from bot.views.summary import day_view, parse_day
from config.clock import ManualClock
from db.models import CheckIn, Delivery, PreparedSummary
from fakebot import FakeUser, RecordedMessage
from services import charts as chart_pool
from services.due_rules import advance_due_rules
from tests.e2e.flows import has, onboard, settle
from tests.e2e.harness import Limber, running_limber
from tests.e2e.reminders_setup import add_workout, berlin_runner, utc
from tests.e2e.test_reminder_prefs import choose, open_reminders

HEADING = "Your week: Mon 23 Nov – Sun 29 Nov"


def summaries(user: FakeUser) -> list[RecordedMessage]:
    return [m for m in user.messages if m.text and m.text.startswith("Your week")]


def charts(user: FakeUser) -> list[RecordedMessage]:
    return [m for m in user.messages if m.photo is not None]


def assert_chart(message: RecordedMessage) -> None:
    assert message.photo is not None
    data = message.photo.data
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    image = Image.open(BytesIO(data)).convert("RGB")
    assert image.size == (1080, 720)
    colours = image.resize((108, 72)).getcolors(maxcolors=108 * 72)
    assert colours is not None and len(colours) > 20  # not a blank canvas


async def _checkins(limber: Limber, user_id: int, answers: dict[int, dict[str, object]]) -> None:
    at = limber.clock.now()
    async with limber.sessions.begin() as session:
        for day, values in answers.items():
            row = await session.scalar(
                select(CheckIn).where(
                    CheckIn.user_id == user_id, CheckIn.local_date == date(2026, 11, day)
                )
            )
            if row is None:  # not sent yet: answered as if from /checkin
                row = CheckIn(user_id=user_id, local_date=date(2026, 11, day), started_at=at)
                session.add(row)
            row.answers = values
            row.updated_at = at
            row.completed_at = at


async def _answer_warm_up(limber: Limber, user: FakeUser, day: int, button: str) -> None:
    await limber.advance_to(utc(17, 20, day=day))  # warm-up: 10 min before 18:30 Berlin
    warm_up = [m for m in user.messages if "Warm up" in (m.text or "") and m.inline_buttons]
    assert warm_up, f"no warm-up on day {day}"
    await user.press(warm_up[-1], button)


async def _simulated_week(limber: Limber) -> FakeUser:
    """Mon and Wed runs (done, skipped), water on two days, three check-ins."""
    alice = await berlin_runner(limber)  # weekly Monday 18:30 run
    await add_workout(limber, alice.id, weekdays="3", kind="swim")
    await _answer_warm_up(limber, alice, 23, "✅ Done")
    await alice.send("/water 1500")
    await alice.wait_for(has("Logged 1,500 ml"))
    await _answer_warm_up(limber, alice, 25, "Skip")
    await alice.send("/water 2600")
    await alice.wait_for(has("Logged 2,600 ml"))
    await settle(limber)
    await _checkins(
        limber,
        alice.id,
        {23: {"cramp": "none"}, 24: {"cramp": "mild"}, 25: {"cramp": "none", "water": "w4"}},
    )
    return alice


def assert_summary(alice: FakeUser) -> None:
    (text,) = summaries(alice)
    assert text.text is not None
    assert HEADING in text.text
    assert "1 of 2 done, 1 skipped" in text.text
    lines = {line.split(":", 1)[0]: line for line in text.text.splitlines()}
    # A training day's water against that day's guide; her answer wins over her logs.
    assert lines["Mon 23 Nov"].startswith("Mon 23 Nov: 1.5 L logged (guide ")
    assert lines["Mon 23 Nov"].endswith(", no cramps")
    assert lines["Tue 24 Nov"] == "Tue 24 Nov: water not answered, mild cramps"
    assert lines["Wed 25 Nov"].startswith("Wed 25 Nov: 2.5–3 L")
    assert "Thu 26 Nov: water not answered, check-in not answered" in text.text
    assert "Sun 29 Nov: water not answered, check-in not answered" in text.text
    assert "Mon 30 Nov 18:30 · Run · 60 min" in text.text
    (chart,) = charts(alice)
    assert chart.caption and "guide" in chart.caption
    assert_chart(chart)
    assert alice.messages.index(text) < alice.messages.index(chart)


async def _prepared(limber: Limber, user_id: int) -> PreparedSummary | None:
    async with limber.sessions() as session:
        return await session.get(PreparedSummary, (user_id, date(2026, 11, 30)))


async def test_a_simulated_week_ends_with_the_summary_and_chart_once(limber: Limber) -> None:
    alice = await _simulated_week(limber)
    await limber.advance_to(utc(20, 0, day=29))  # Sunday's check-in comes first
    await limber.advance_to(utc(6, 59, day=30))
    assert not summaries(alice) and not charts(alice)
    ready = await _prepared(limber, alice.id)  # made in the hour before, chart and all
    assert ready is not None and ready.text is not None and HEADING in ready.text
    assert ready.chart is not None and ready.chart.startswith(b"\x89PNG")
    await limber.advance_to(utc(7, 0, day=30))  # Mon 08:00 Berlin
    assert_summary(alice)
    (chart,) = charts(alice)
    assert chart.photo is not None and chart.photo.data == ready.chart  # only the send was left
    await limber.advance_to(utc(19, 0, day=30))
    await limber.advance_to(utc(23, 0, day=30))
    assert_summary(alice)  # still exactly one of each


async def test_a_process_started_inside_the_hour_prepares_at_its_first_run(
    limber: Limber,
) -> None:
    alice = await _simulated_week(limber)
    await limber.advance_to(utc(5, 50, day=30))  # Mon 06:50 Berlin: not yet the hour before
    assert await _prepared(limber, alice.id) is None
    await limber.restart()
    limber.clock.set(utc(6, 30, day=30))
    await limber.tick()  # the first run of the new process
    ready = await _prepared(limber, alice.id)
    assert ready is not None and ready.chart is not None
    await limber.live_until(utc(7, 0, day=30))
    (chart,) = charts(alice)
    assert chart.photo is not None and chart.photo.data == ready.chart


async def test_a_restart_between_the_text_and_the_chart_sends_each_once(
    limber: Limber,
) -> None:
    alice = await _simulated_week(limber)
    runtime = limber.app.bot_data["limber"]
    limber.clock.set(utc(7, 0, day=30))
    async with limber.sessions.begin() as session:
        await advance_due_rules(session, runtime.figures, limber.clock.now(), 500)
    sends = await runtime.reminder_engine._claim_sends()
    texts = [o for o in sends if o.deliveries[0].kind == "summary"]
    assert len(texts) == 1 and texts[0].message.photo is None
    await runtime.reminder_engine._sender.send_all(texts)  # the text goes out ...
    await limber.restart()  # ... and Limber stops before the chart
    assert len(summaries(alice)) == 1 and not charts(alice)
    await limber.advance_to(utc(7, 1, day=30))
    await limber.advance_to(utc(7, 10, day=30))
    assert_summary(alice)
    async with limber.sessions() as session:
        rows = (await session.scalars(select(Delivery).where(Delivery.kind == "summary"))).all()
    assert sorted((r.key.split(":", 1)[1], r.status) for r in rows) == [
        ("summary:2026-11-30", "sent"),
        ("summary:2026-11-30:chart", "sent"),
    ]


@pytest.mark.slow
async def test_an_empty_week_gets_the_note_once(limber: Limber) -> None:
    bob = limber.user(2002, "Bob")
    await onboard(bob, zone="Europe/Berlin")
    await limber.advance_to(utc(7, 0, day=30))
    notes = [m for m in bob.messages if "A quiet week" in (m.text or "")]
    assert len(notes) == 1 and not charts(bob)
    await limber.advance_to(datetime(2026, 12, 7, 7, 0, tzinfo=utc(0).tzinfo))
    await limber.advance_to(datetime(2026, 12, 14, 9, 0, tzinfo=utc(0).tzinfo))
    assert summaries(bob) == notes  # no second note, and no report either


# SQLite only: pausing is one column; the engine's summary path runs on both above.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_paused_user_gets_no_summary(limber: Limber) -> None:
    alice = await _simulated_week(limber)
    await alice.send("/pause 7d")
    await settle(limber)
    await limber.advance_to(utc(7, 0, day=30))
    await limber.advance_to(utc(9, 0, day=30))
    assert not summaries(alice) and not charts(alice)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_chart_workers_sizes_the_chart_pool(database_url: str, clock: ManualClock) -> None:
    async with running_limber(database_url, clock, chart_workers=1):
        assert chart_pool.charts.workers == 1
    async with running_limber(database_url, clock):
        assert chart_pool.charts.workers == (os.cpu_count() or 1)


# SQLite only: the week's data is read on both backends in tests/db/test_summary_data.py.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_summary_and_stats_on_demand(limber: Limber) -> None:
    alice = await _simulated_week(limber)
    limber.clock.set(datetime.combine(date(2026, 11, 26), time(9), tzinfo=utc(0).tzinfo))
    await alice.send("/summary")
    text = await alice.wait_for(has("Your week: Fri 20 Nov – Thu 26 Nov"))
    assert text.text and "1 of 2 done" in text.text
    assert_chart(await alice.wait_for(lambda m: m.photo is not None))
    await alice.send("/stats")
    stats = await alice.wait_for(has("Your last 4 weeks"))
    assert stats.text and "Check-ins: 3 days in a row" in stats.text
    assert_chart(await alice.wait_for(lambda m: m.photo is not None))


@pytest.mark.slow
# SQLite only: a settings flow; the summary's delivery runs on both above.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_day_and_time_are_settable_and_move_the_summary(limber: Limber) -> None:
    alice = await _simulated_week(limber)
    view = await choose(alice, await open_reminders(alice), "Weekly summary")
    assert view.text and "on, at 08:00" in view.text
    view = await choose(alice, view, "at 22:00", "📅 Day of the week…", "Saturday")
    assert view.text and "It comes on Saturdays" in view.text
    assert "✓ Saturday" in view.button_texts
    await limber.advance_to(utc(20, 59, day=28))  # Sat 21:59 Berlin
    assert not summaries(alice)
    await limber.advance_to(utc(21, 0, day=28))  # Sat 22:00 Berlin, after the check-in
    (text,) = summaries(alice)
    assert text.text and "Your week: Sun 22 Nov – Sat 28 Nov" in text.text
    await limber.advance_to(utc(7, 0, day=30))  # the old day and time: nothing more
    assert len(summaries(alice)) == 1 and len(charts(alice)) == 1


def test_day_buttons_parse_back_and_nothing_else_does() -> None:
    _, keyboard = day_view(3)
    assert keyboard is not None
    data = [b.callback_data for row in keyboard.rows for b in row]
    assert [parse_day(d) for d in data if isinstance(d, str) and d.startswith("sd:")] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
    for forged in ("sd:set:8", "sd:set:0", "sd:set:", "sd:show", "rp:set:3", None, "sd"):
        assert parse_day(forged) is None


@pytest.mark.slow
async def test_a_check_in_after_the_summary_was_prepared_is_in_it(limber: Limber) -> None:
    """Prepared at 07:30 Berlin on Monday; Sunday's check-in, with cramps, is answered late,
    at 07:45: the summary and its chart are made again with it."""
    alice = await _simulated_week(limber)
    await limber.advance_to(utc(6, 30, day=30))
    ready = await _prepared(limber, alice.id)
    assert ready is not None and ready.text is not None and "strong cramps" not in ready.text
    limber.clock.set(utc(6, 45, day=30))
    await _checkins(limber, alice.id, {29: {"cramp": "strong"}})
    await limber.advance_to(utc(7, 0, day=30))
    (text,) = summaries(alice)
    assert text.text is not None and "Sun 29 Nov: water not answered, strong cramps" in text.text
    (chart,) = charts(alice)
    assert chart.photo is not None and chart.photo.data != ready.chart  # the cramp is on it
    assert_chart(chart)
