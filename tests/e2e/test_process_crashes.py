"""The real process killed and stopped: ``python -m bot`` against the fake Bot API.

Six SIGKILLs per backend while 150 warm-ups fall due: three at random moments of start-up
(0.8-2.4 s after a start), three aimed at a request in flight (each waits for the new
process's first warm-up and lands while the fake holds its answer back, as Telegram's round
trip would). Then a last run: nothing sent twice, nothing left pending or in flight, every
warm-up sent before its deadline or recorded as missed or unknown, at most the sender's
concurrency unknown per kill, and the aimed kills did find requests in flight. SIGTERM in the
middle of a 60-message burst: a clean exit (code 0) well within the grace period, nothing
unknown, nothing still claimed, and the next process sends the rest once. Counts are printed
(``-s``); ``python -m bench.crash`` runs the same with more kills and options.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest

from bench.crash import crash_run, term_run
from jobs.sender import CONCURRENCY

pytestmark = pytest.mark.slow

KILLS = 6
AIMED = 3
DELIVERIES = 150
BURST = 60


async def test_sigkill_at_random_moments_never_sends_twice_or_loses_a_reminder(
    admin_url: str | None,
) -> None:
    found = await crash_run(
        admin_url,
        kills=KILLS,
        aimed=AIMED,
        answer_delay=0.2,
        deliveries=DELIVERIES,
        spread=8,
        rate=40,
        seed_value=2026,
        kill_after=(0.8, 2.4),
    )
    print(asdict(found))
    assert found.duplicates == 0
    assert found.left_over == 0 and found.late == 0
    assert found.sent + found.missed + found.unknown == DELIVERIES
    assert 1 <= found.max_in_flight_at_kill <= CONCURRENCY  # the aimed kills found some
    assert found.unknown <= KILLS * CONCURRENCY
    assert found.sent >= DELIVERIES - KILLS * CONCURRENCY


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
