"""Living through time with an injected clock, as it would have passed.

The running bot's timer wakes the engine at each due moment on the wall clock. With a
``ManualClock`` and a ``ManualTimer`` nothing wakes by itself: whoever moves the clock (the
end-to-end tests, the sandbox's time machine) runs the engine at every moment its timer
names on the way, in order, so a week's reminders, check-ins and summary go out in sequence,
each at its own time, and the buttons on them act at that time. The safety looks between
due moments are passed over (``ReminderEngine.skip_look``): one process driven through time
has noted everything it wrote.
"""

from __future__ import annotations

from datetime import datetime

from config.clock import ManualClock
from db.database import SessionFactory
from db.queue import next_due
from jobs.engine import ReminderEngine


async def _live(
    engine: ReminderEngine, clock: ManualClock, instant: datetime, *, until_sent: bool
) -> tuple[int, bool]:
    """Wake by wake up to ``instant`` (or the first send); (wakes, whether it sent)."""
    wakes = 0
    last = None
    while (at := engine.timer.at) is not None and at <= instant:
        if engine.skip_look(instant):
            continue
        if at == last:
            raise RuntimeError(f"the engine woke twice for {at} with nothing to do")
        clock.set(max(at, clock.now()))
        report = await engine.run_once()
        await engine.prepared()  # what the run started preparing, at this moment
        wakes += 1
        last = at
        if until_sent and report.sent_messages:
            return wakes, True
    clock.set(max(instant, clock.now()))
    return wakes, False


async def live_until(engine: ReminderEngine, clock: ManualClock, instant: datetime) -> int:
    """Move ``clock`` to ``instant`` (never backwards), running ``engine`` at each moment its
    timer names on the way. How many times it woke."""
    wakes, _ = await _live(engine, clock, instant, until_sent=False)
    return wakes


async def live_until_sent(
    engine: ReminderEngine, clock: ManualClock, sessions: SessionFactory, limit: datetime
) -> bool:
    """Move ``clock`` to the next moment the engine sends something, living through every
    wake-up before it. False, with the clock where it was, when the schedule holds nothing
    due by ``limit``; the engine's idle looks (``recheck``) never count as a moment."""
    last = None
    while True:
        async with sessions() as session:
            due = await next_due(session)
        if due is None or due > limit or due == last:
            return False
        _, sent = await _live(engine, clock, max(due, clock.now()), until_sent=True)
        if sent:
            return True
        last = due
