"""Living through time with an injected clock, as it would have passed.

The running bot's timer wakes the engine at each due moment on the wall clock. With a
``ManualClock`` and a ``ManualTimer`` nothing wakes by itself: whoever moves the clock (the
end-to-end tests, the sandbox's time machine) runs the engine at every moment its timer
names on the way, in order, so a week's reminders, check-ins and summary go out in sequence,
each at its own time, and the buttons on them act at that time.
"""

from __future__ import annotations

from datetime import datetime

from jobs.clock import ManualClock
from jobs.engine import ReminderEngine


async def live_until(engine: ReminderEngine, clock: ManualClock, instant: datetime) -> int:
    """Move ``clock`` to ``instant`` (never backwards), running ``engine`` at each moment its
    timer names on the way. How many times it woke."""
    wakes, last = 0, None
    while (at := engine.timer.at) is not None and at <= instant:
        if at == last:
            raise RuntimeError(f"the engine woke twice for {at} with nothing to do")
        clock.set(max(at, clock.now()))
        await engine.run_once()
        wakes, last = wakes + 1, at
    clock.set(max(instant, clock.now()))
    return wakes


async def live_until_sent(engine: ReminderEngine, clock: ManualClock, limit: datetime) -> bool:
    """Move ``clock`` wake-up by wake-up until a run sends something, or to ``limit``.
    Whether something was sent; the clock stops at that moment."""
    last = None
    while (at := engine.timer.at) is not None and at <= limit:
        if at == last:
            raise RuntimeError(f"the engine woke twice for {at} with nothing to do")
        clock.set(max(at, clock.now()))
        report = await engine.run_once()
        if report.sent_messages:
            return True
        last = at
    clock.set(max(limit, clock.now()))
    return False
