"""/workout, /workouts and /now end to end, and the guided flow's callback data.

The clock starts Mon 2026-11-23 08:00 UTC (09:00 in Berlin, CET = UTC+1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.callbacks import MAX_BYTES
from bot.views.workout_drafts import Draft, decode_draft
from core.planning import Intensity, WorkoutKind
from core.workout_parse import WorkoutSpec
from db.models import ReminderRule, User, Workout
from db.workouts import add_workout
from fakebot import FakeUser, RecordedMessage
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def _workouts(limber: Limber, user_id: int) -> list[Workout]:
    async with limber.sessions() as session:
        query = select(Workout).where(Workout.user_id == user_id).order_by(Workout.id)
        return list((await session.scalars(query)).all())


async def _rules(limber: Limber, workout_id: int) -> dict[str, datetime | None]:
    async with limber.sessions() as session:
        rows = await session.scalars(
            select(ReminderRule).where(ReminderRule.workout_id == workout_id)
        )
        return {row.kind: row.next_due_at for row in rows}


async def _awaiting(limber: Limber, user_id: int) -> str | None:
    async with limber.sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return user.awaiting


async def _press(
    user: FakeUser, message: RecordedMessage, button: str, expect: str
) -> RecordedMessage:
    await user.press(message, button)
    shown = await user.wait_for(has(expect))
    assert shown.message_id == message.message_id  # one message, edited in place
    return shown


async def _one_liner(user: FakeUser, form: str, expect: str = "Saved") -> RecordedMessage:
    await user.send(f"/workout {form}")
    return await user.wait_for(has(expect))


# --- the guided flow ---------------------------------------------------------------------


async def test_guided_flow_by_buttons_with_a_typed_time(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/workout")
    flow = await alice.wait_for(has("Which days?"))
    flow = await _press(alice, flow, "Wed", "Which days?")
    assert "Wed ✓" in flow.button_texts
    flow = await _press(alice, flow, "Next »", "At what time")
    assert (await _awaiting(limber, alice.id) or "").startswith("workout")
    await alice.send("6:30pm")
    flow = await alice.wait_for(has("Starts at 18:30. How long"))
    flow = await _press(alice, flow, "60 min", "What kind")
    flow = await _press(alice, flow, "🏃 Run", "How hard")
    flow = await _press(alice, flow, "Hard", "Save it?")
    assert "Weekly on Wed at 18:30 for 60 min, run, hard" in (flow.text or "")
    saved = await _press(alice, flow, "✅ Save", "Saved")
    assert "drink 4 h before (Wed 25 Nov 14:30)" in (saved.text or "")
    assert saved.reply_markup is None
    [row] = await _workouts(limber, alice.id)
    assert (row.weekdays, row.start_time, row.duration_min, row.kind, row.intensity) == (
        "3",
        time(18, 30),
        60,
        "run",
        "hard",
    )
    rules = await _rules(limber, row.id)
    assert rules["drink_before"] == utc(25, 13, 30)  # 18:30 CET = 17:30 UTC, 4 h before
    assert rules["warm_up"] == utc(25, 17, 20)
    assert rules["cool_down"] == utc(25, 18, 30)
    assert await _awaiting(limber, alice.id) is None


async def test_guided_flow_survives_restarts(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/workout")
    flow = await alice.wait_for(has("Which days?"))
    flow = await _press(alice, flow, "Mon", "Which days?")
    flow = await _press(alice, flow, "Fri", "Which days?")
    await limber.restart()
    flow = await _press(alice, flow, "Next »", "At what time")
    await limber.restart()
    await alice.send("1730")  # the awaited typed time survived in the database
    flow = await alice.wait_for(has("Starts at 17:30"))
    await limber.restart()
    flow = await _press(alice, flow, "45 min", "What kind")
    flow = await _press(alice, flow, "🚴 Ride", "How hard")
    flow = await _press(alice, flow, "Light", "Save it?")
    await limber.restart()
    await _press(alice, flow, "✅ Save", "Weekly on Mon, Fri at 17:30 for 45 min, ride, light")
    [row] = await _workouts(limber, alice.id)
    assert row.weekdays == "1,5"
    rules = await _rules(limber, row.id)
    # Today (Monday) 17:30 CET = 16:30 UTC is still ahead.
    assert rules["drink_before"] == utc(23, 12, 30)
    assert rules["warm_up"] == utc(23, 16, 20)
    assert rules["cool_down"] == utc(23, 17, 15)


async def test_one_off_today_cancel_and_back(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/workout")
    flow = await alice.wait_for(has("Which days?"))
    flow = await _press(alice, flow, "Once: tomorrow", "At what time")
    flow = await _press(alice, flow, "« Back", "Which days?")
    flow = await _press(alice, flow, "Once: tomorrow ✓", "At what time")
    flow = await _press(alice, flow, "12:00", "How long")
    await _press(alice, flow, "Cancel", "nothing was saved")
    assert await _workouts(limber, alice.id) == []
    assert await _awaiting(limber, alice.id) is None


# --- the one-line form -------------------------------------------------------------------


@pytest.mark.slow
async def test_one_line_forms(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    weekly = await _one_liner(alice, "mon wed fri 18:30 60 run hard")
    assert "Weekly on Mon, Wed, Fri at 18:30 for 60 min, run, hard." in (weekly.text or "")
    assert (
        "I'll remind you to drink 4 h before (Mon 23 Nov 14:30), warm up 10 min before (18:20)"
        in (weekly.text or "")
    )
    once = await _one_liner(alice, "tomorrow 7:00 45")
    assert "Once on Tue 24 Nov at 07:00 for 45 min, other, moderate" in (once.text or "")
    await _one_liner(alice, "sat 9am 90 ride", "Weekly on Sat at 09:00 for 90 min, ride")
    rows = await _workouts(limber, alice.id)
    assert len(rows) == 3
    assert (await _rules(limber, rows[0].id))["drink_before"] == utc(23, 13, 30)
    assert (await _rules(limber, rows[2].id))["warm_up"] == utc(28, 7, 50)
    # The 07:00 one-off: drink 4 h before falls at 03:00, asleep, so it moves to wake (07:00)
    # which is not before the start: no drink_before; warm-up at 06:50 is asleep too.
    assert (await _rules(limber, rows[1].id))["cool_down"] == utc(24, 6, 45)


async def test_bad_one_line_forms_name_the_token_and_save_nothing(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await _one_liner(alice, "mon 18:30 60 jog7", "“jog7”")
    await _one_liner(alice, "mon 18:30 5000", "“5000”")
    await _one_liner(alice, "mon 18:30 60 run swim", "“swim”")
    await alice.send("/workout " + "mon 18:30 " * 500)
    await alice.wait_for(has("too long"))
    assert await _workouts(limber, alice.id) == []
    assert not [m for m in alice.messages if "went wrong" in (m.text or "")]


async def test_a_sentence_is_shown_before_it_is_saved(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/workout every tuesday and thursday at 6:30pm for an hour, hard run")
    preview = await alice.wait_for(has("Save it?"))
    assert "Weekly on Tue, Thu at 18:30 for 60 min, run, hard" in (preview.text or "")
    assert await _workouts(limber, alice.id) == []
    await _press(alice, preview, "✅ Save", "Saved")
    [row] = await _workouts(limber, alice.id)
    assert (row.weekdays, row.start_time, row.duration_min, row.kind, row.intensity) == (
        "2,4",
        time(18, 30),
        60,
        "run",
        "hard",
    )
    assert (await _rules(limber, row.id))["warm_up"] == utc(24, 17, 20)  # Tue 18:20 CET
    await alice.send("/workout mañana por la mañana a las 7 durante 45 minutos")
    preview = await alice.wait_for(has("Once on Tue 24 Nov at 07:00 for 45 min"))
    days = await _press(alice, preview, "Change", "Which days?")
    assert "Once: tomorrow ✓" in days.button_texts  # the flow opens with what was read
    await _press(alice, days, "Cancel", "nothing was saved")
    assert len(await _workouts(limber, alice.id)) == 1


async def test_an_unreadable_part_is_named_and_buttons_offered(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    reply = await _one_liner(alice, "tomorrow morning at 7 for 45 lunas", "“lunas”")
    flow = await _press(alice, reply, "Set it up with buttons", "Which days?")
    assert "Next »" not in flow.button_texts  # a fresh draft: no day chosen yet
    assert await _workouts(limber, alice.id) == []


async def test_at_most_twenty_workouts(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    async with limber.sessions.begin() as session:
        for hour in range(20):
            spec = WorkoutSpec(start=time(hour, 0), weekdays=frozenset({2}))
            await add_workout(session, user_id=alice.id, spec=spec, now=limber.clock.now())
    await _one_liner(alice, "wed 18:00", "already have 20 workouts")
    await alice.send("/now")
    await alice.wait_for(has("already have 20 workouts"))
    assert len(await _workouts(limber, alice.id)) == 20


# --- /workouts ---------------------------------------------------------------------------


async def test_workouts_list_skip_unskip_delete_and_undo(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/workouts")
    await alice.wait_for(has("no workouts planned"))
    await _one_liner(alice, "wed 18:30 60 run")
    [row] = await _workouts(limber, alice.id)
    await alice.send("/workouts")
    view = await alice.wait_for(has("Your workouts"))
    assert "1. Weekly on Wed at 18:30 for 60 min, run, moderate — next Wed 25 Nov" in (
        view.text or ""
    )

    view = await _press(alice, view, "⏭ Skip 1", "next Wed 25 Nov: skipped")
    assert (await _workouts(limber, alice.id))[0].skip_on == date(2026, 11, 25)
    assert (await _rules(limber, row.id))["drink_before"] == datetime(
        2026, 12, 2, 13, 30, tzinfo=UTC
    )
    view = await _press(alice, view, "↪️ Un-skip 1", "Back on")
    assert (await _workouts(limber, alice.id))[0].skip_on is None
    assert (await _rules(limber, row.id))["drink_before"] == utc(25, 13, 30)

    view = await _press(alice, view, "🗑 1", "Deleted")
    assert await _rules(limber, row.id) == {}
    limber.clock.advance(timedelta(seconds=50))
    view = await _press(alice, view, "↩️ Undo", "Restored")
    assert (await _workouts(limber, alice.id))[0].deleted_at is None
    assert (await _rules(limber, row.id))["drink_before"] == utc(25, 13, 30)

    view = await _press(alice, view, "🗑 1", "Deleted")
    limber.clock.advance(timedelta(seconds=61))
    query = await alice.press(view, "↩️ Undo")
    assert "Too late" in ((await alice.answer_to(query)).text or "")
    assert await _rules(limber, row.id) == {}
    await alice.send("/workouts")
    await alice.wait_for(has("no workouts planned"))
    assert await _workouts(limber, alice.id) == []  # purged once the minute was over


async def test_edit_reopens_the_flow_prefilled_and_updates(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await _one_liner(alice, "wed 18:30 60 run")
    await alice.send("/workouts")
    view = await alice.wait_for(has("Your workouts"))
    flow = await _press(alice, view, "✏️ 1", "Edit workout")
    assert "Wed ✓" in flow.button_texts
    flow = await _press(alice, flow, "Fri", "Which days?")
    flow = await _press(alice, flow, "Next »", "At what time")
    assert "18:30 ✓" in flow.button_texts
    flow = await _press(alice, flow, "19:00", "How long")
    flow = await _press(alice, flow, "60 min ✓", "What kind")
    flow = await _press(alice, flow, "🏃 Run ✓", "How hard")
    flow = await _press(alice, flow, "Hard", "Save it?")
    await _press(alice, flow, "✅ Save", "Updated")
    [row] = await _workouts(limber, alice.id)
    assert (row.weekdays, row.start_time, row.intensity) == ("3,5", time(19, 0), "hard")
    assert (await _rules(limber, row.id))["drink_before"] == utc(25, 14, 0)


# --- /now --------------------------------------------------------------------------------


async def test_now_starts_a_workout_this_minute(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/now 5")
    await alice.wait_for(has("10-600"))
    await alice.send("/now 45")
    reply = await alice.wait_for(has("Have a good workout"))
    assert "45 min, 09:00–09:45" in (reply.text or "")
    assert "cool down and stretch at the end (Mon 23 Nov 09:45)" in (reply.text or "")
    [row] = await _workouts(limber, alice.id)
    assert (row.on_date, row.start_time, row.duration_min) == (date(2026, 11, 23), time(9, 0), 45)
    rules = await _rules(limber, row.id)
    assert rules["cool_down"] == utc(23, 8, 45)
    assert rules["rehydrate"] == utc(23, 9, 15)
    assert rules.get("drink_before") is None and rules.get("warm_up") is None


# --- safety ------------------------------------------------------------------------------


async def test_foreign_and_forged_workout_buttons_change_nothing(limber: Limber) -> None:
    alice = limber.user()
    mallory = limber.user(6666, "Mallory")
    await onboard(alice)
    await onboard(mallory, zone="UTC")
    await _one_liner(mallory, "wed 18:30 60 run")
    [theirs] = await _workouts(limber, mallory.id)
    before = (theirs.weekdays, theirs.start_time, theirs.skip_on, theirs.deleted_at)
    await alice.send("/workouts")
    view = await alice.wait_for(has("no workouts planned"))
    wid = theirs.id
    for forged in (
        f"w:sk:{wid}",
        f"w:del:{wid}",
        f"w:e:{wid}",
        f"w:undo:{wid}",
        f"w:fs:{wid}.d4.1830.60.rh",
        f"w:fd:{wid}.d4.-.-.--",
        "w:fs:0.d999.1830.60.rh",
        "w:fs:0.o261399.1830.60.rh",
        "w:fs:0.d4.2599.60.rh",
        "w:fs:0.d4.1830.9.rh",
        "w:fs:0.d0.1830.60.rh",
        "w:fs:0.o251124.1830.60.rh",
        "w:fc:0.d4.1830.60.r-",
        "w:zz:1",
        "w:sk:-1",
        "w:sk:99999999999999999999",
    ):
        query = await alice.forge_press(view.message_id, forged)
        await alice.answer_to(query)
    [after] = await _workouts(limber, mallory.id)
    assert (after.weekdays, after.start_time, after.skip_on, after.deleted_at) == before
    assert await _workouts(limber, alice.id) == []
    assert await _rules(limber, wid) != {}
    assert not [m for m in alice.messages if "went wrong" in (m.text or "")]


async def test_workouts_need_a_finished_setup(limber: Limber) -> None:
    bob = limber.user(2002, "Bob")
    for command in ("/workout mon 18:30", "/workouts", "/now"):
        await bob.send(command)
        await bob.wait_for(has("/start"))


# --- the draft in callback data ----------------------------------------------------------

drafts = st.builds(
    Draft,
    workout_id=st.integers(0, 10**8 - 1),
    weekdays=st.frozensets(st.integers(1, 7)),
    on_date=st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    start=st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    duration_min=st.none() | st.integers(10, 600),
    kind=st.none() | st.sampled_from(WorkoutKind),
    intensity=st.none() | st.sampled_from(Intensity),
).map(lambda d: d.once(d.on_date) if d.on_date else d)


@settings(max_examples=200, deadline=None)
@given(drafts)
def test_a_draft_survives_its_callback_data(draft: Draft) -> None:
    encoded = draft.encode()
    assert decode_draft(encoded) == draft
    assert len(f"w:fs:{encoded}".encode()) <= MAX_BYTES
    assert len("workout" + encoded) <= 32 + 4  # time cleared before it goes to users.awaiting


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_any_text_decodes_to_a_valid_draft_or_none(text: str) -> None:
    draft = decode_draft(text)
    assert draft is None or decode_draft(draft.encode()) == draft
