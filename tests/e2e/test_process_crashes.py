"""The real process killed and stopped: ``python -m bot`` against the fake Bot API.

25 SIGKILLs at random moments per backend (50 in all, each 0.4-1.6 s after a start; ``python
-m bench.crash`` waits up to 2.2 s for the README's figures) while 300 warm-ups fall due,
then a last run: nothing sent twice, nothing left pending or in flight, every warm-up sent
before its deadline or recorded as missed or unknown, and at most the sender's concurrency
unknown per kill. SIGTERM in the middle of a 150-message burst: a clean exit (code 0) well
within the grace period, nothing unknown, nothing still claimed, and the next process sends
the rest once. Counts are printed (``-s``); ``python -m bench.crash`` runs the same with
more options.
"""

from __future__ import annotations

from dataclasses import asdict

from bench.crash import crash_run, term_run
from jobs.sender import CONCURRENCY

KILLS = 25
DELIVERIES = 300
BURST = 150


async def test_sigkill_at_random_moments_never_sends_twice_or_loses_a_reminder(
    admin_url: str | None,
) -> None:
    found = await crash_run(
        admin_url, kills=KILLS, deliveries=DELIVERIES, seed_value=2026, kill_after=(0.4, 1.6)
    )
    print(asdict(found))
    assert found.duplicates == 0
    assert found.left_over == 0 and found.late == 0
    assert found.sent + found.missed + found.unknown == DELIVERIES
    assert found.max_in_flight_at_kill <= CONCURRENCY
    assert found.unknown <= KILLS * CONCURRENCY
    assert found.sent >= DELIVERIES * 0.9


async def test_sigterm_during_a_burst_exits_cleanly_and_loses_nothing(
    admin_url: str | None,
) -> None:
    grace = 10
    found = await term_run(admin_url, deliveries=BURST, grace=grace)
    print(asdict(found))
    assert found.exit_code == 0 and found.exit_seconds < grace
    assert found.sent_before_stop < BURST, "the stop came in the middle of the burst"
    assert found.unknown == 0 and found.still_claimed == 0
    assert found.sent_in_the_end == BURST and found.duplicates == 0
