"""The sandbox's "+1 week": how long the time machine takes to live through a week.

Set-up, not timed: a sandbox world (``bot.sandbox.world.World``, the real application on a
SQLite file against the in-process fake Bot API, as ``python -m bot sandbox`` runs it) on
Monday 08:00 UTC; ``--people`` of its people onboard by typing, as on the page (Berlin, wake
07:00, sleep 23:00, 70 kg), the first with a run on Monday, Wednesday and Friday at 18:30.
Timed: ``World.warp("1w")``, wall clock and this process's CPU, the engine's runs, and the
messages the bot sent meanwhile (every reminder, check-in and summary really composed and
sent), and the host's pace just before (``bench._common.host_pace``: the same CPU work takes a
third longer at some minutes than at others on this virtual machine). Then a Reset (a new world) with the page's chat asked for meanwhile. Checked: nothing
at ERROR or above and no traceback was logged; a failure makes the exit code 1.

With ``--runs N`` the measurement runs N times, each in a process of its own (as a person
opens the sandbox and presses "+1 week", the first jump's imports included), and the median
and the range are reported: one run on a small machine varies by a third.

Run: ``.venv/bin/python -m bench.sandbox_week [--people 2] [--runs 1] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench._common import host_pace
from bot.sandbox.world import PEOPLE, World
from fakebot import FakeUser, RecordedMessage

MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class Errors(logging.Handler):
    """Counts records at ERROR and above, and any carrying a traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.count += 1


def _says(text: str) -> Any:
    return lambda m: text in (m.text or m.caption or "")


async def onboard(person: FakeUser) -> None:
    """Consent and every onboarding answer, typed (as ``tests/e2e/flows.onboard``)."""
    await person.send("/start")
    notice: RecordedMessage = await person.wait_for(_says("I am not a doctor"), 30)
    await person.press(notice, "I agree")
    await person.wait_for(_says("Which time zone"), 30)
    for answer, then in (
        ("Europe/Berlin", "wake up"),
        ("7:00", "go to sleep"),
        ("23:00", "mineral amounts"),
        ("female", "change with age"),
        ("31-50", "Your weight"),
        ("70", "You're all set"),
    ):
        await person.send(answer)
        await person.wait_for(_says(then), 30)


async def measure(people: int) -> dict[str, Any]:
    errors = Errors()
    logging.getLogger().addHandler(errors)
    with tempfile.TemporaryDirectory(prefix="limber-sandbox-week-") as home:
        world = World(Path(home) / "sandbox.db", start=MONDAY)
        await world.start()
        try:
            persons = [world.person(uid) for uid, _ in PEOPLE[:people]]
            for person in persons:
                await onboard(person)
            await persons[0].send("/workout mon wed fri 18:30 60 run hard")
            await persons[0].wait_for(_says("Saved."), 30)
            before = sum(len(p.messages) for p in persons)
            engine = world.runtime.reminder_engine
            runs = 0
            run_once = engine.run_once

            async def counted() -> Any:
                nonlocal runs
                runs += 1
                return await run_once()

            engine.run_once = counted  # type: ignore[method-assign]
            pace = host_pace()
            wall, cpu = time.perf_counter(), time.process_time()
            await world.warp("1w")
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            sent = sum(len(p.messages) for p in persons) - before
        finally:
            await world.stop()
        again = World(Path(home) / "sandbox.db", start=MONDAY)  # a Reset: a new world
        await again.start()
        await again.stop()
    logging.getLogger().removeHandler(errors)
    return {
        "people": people,
        "week_s": wall,
        "week_cpu_s": cpu,
        "host_pace_s": pace,
        "engine_runs": runs,
        "messages": sent,
        "errors_logged": errors.count,
        "load_average": os.getloadavg()[0],
    }


def runs_apart(people: int, runs: int) -> dict[str, Any]:
    """``runs`` measurements, each in a new process: the median and range of each figure."""
    found = []
    for _ in range(runs):
        command = [sys.executable, "-m", "bench.sandbox_week", "--people", str(people), "--json"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        found.append(json.loads(done.stdout))
    result: dict[str, Any] = {"people": people, "runs": runs}
    for key in ("week_s", "week_cpu_s", "host_pace_s"):
        values = [run[key] for run in found]
        result |= {key: statistics.median(values), f"{key}_min": min(values)}
        result[f"{key}_max"] = max(values)
    for key in ("engine_runs", "messages"):
        result[key] = statistics.median(run[key] for run in found)
    result["errors_logged"] = sum(run["errors_logged"] for run in found)
    result["load_average"] = os.getloadavg()[0]
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2, choices=range(1, len(PEOPLE) + 1))
    parser.add_argument("--runs", type=int, default=1, help="measurements, each in a new process")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.runs > 1:
        result = runs_apart(args.people, args.runs)
    else:
        result = asyncio.run(measure(args.people))
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for key, value in result.items():
            print(f"{key:>14}: {value:.2f}" if isinstance(value, float) else f"{key:>14}: {value}")
    raise SystemExit(1 if result["errors_logged"] else 0)


if __name__ == "__main__":
    main()
