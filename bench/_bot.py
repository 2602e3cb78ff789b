"""The bot under measurement: the fake Bot API it talks to, and ``python -m bot`` as a process.

Every benchmark imports the fake (the product's ``fakebot`` package, never ``tests/``)
through here. ``spawn`` starts the real bot the way a user would run it, configured only by
environment; the process readers take its figures from ``/proc`` (Linux).
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from fakebot import ApiRequest, FakeBotApi

__all__ = [
    "ApiRequest",
    "FakeBotApi",
    "LagBuckets",
    "ProcessTree",
    "bot_env",
    "cpu_seconds",
    "loop_lag",
    "rss_mib",
    "spawn",
    "take_update",
]

LOOP_LAG = "limber_event_loop_lag_seconds"

ROOT = Path(__file__).resolve().parent.parent


def bot_env(fake: FakeBotApi, url: str, home: str, **settings: str) -> dict[str, str]:
    """The environment of a bot bound to ``fake`` and the database at ``url``, with
    ``settings`` (e.g. ``SEND_RATE_PER_SECOND="20"``) over the defaults."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
    return {
        **keep,
        "HOME": home,
        "PYTHONPATH": str(ROOT),
        "MPLCONFIGDIR": str(Path(home) / "mpl"),
        "BOT_TOKEN": fake.token,
        "BOT_API_BASE_URL": fake.base_url,
        "BOT_API_FILE_URL": fake.base_file_url,
        "DATABASE_URL": url,
        **settings,
    }


async def spawn(
    env: dict[str, str], home: str, output: IO[bytes] | None = None
) -> asyncio.subprocess.Process:
    """``python -m bot`` in ``home`` (no ``.env`` of the repository's is read); its output
    goes to ``output``, or nowhere."""
    target = output if output is not None else asyncio.subprocess.DEVNULL
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=home,
        env=env,
        stdout=target,
        stderr=asyncio.subprocess.STDOUT if output is not None else target,
    )


def take_update(fake: FakeBotApi) -> dict[str, Any]:
    """The update a fake user just made (``send``, ``forge_press``), taken off the fake's
    ``getUpdates`` queue so that a benchmark can post it to a webhook instead."""
    update: dict[str, Any] = fake.state.updates.pop()
    return update


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def rss_mib(pid: int) -> float:
    """Resident memory now (``VmRSS``)."""
    return _status_kib(pid, "VmRSS") / 1024


def pss_mib(pid: int) -> float:
    """Proportional memory now: pages shared with other processes count by their share."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from every ``/proc/<n>/stat``)."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


@dataclass(frozen=True)
class ProcessTree:
    """The bot's process and what it started: the chart pool's fork server and resource
    tracker (its children), and the chart workers (forked by the fork server)."""

    main: int
    helpers: tuple[int, ...]
    workers: tuple[int, ...]

    @classmethod
    def of(cls, pid: int) -> ProcessTree:
        helpers = tuple(children(pid))
        workers = tuple(w for h in helpers for w in children(h))
        return cls(pid, helpers, workers)

    def all(self) -> tuple[int, ...]:
        return (self.main, *self.helpers, *self.workers)

    def pss_mib(self) -> float:
        return sum(pss_mib(pid) for pid in self.all())


@dataclass(frozen=True)
class LagBuckets:
    """The bot's event loop lag histogram (``bot.heartbeat``): beats at or under each bound."""

    le: tuple[tuple[float, float], ...]

    def __sub__(self, earlier: LagBuckets) -> LagBuckets:
        before = dict(earlier.le)
        return LagBuckets(tuple((bound, n - before.get(bound, 0.0)) for bound, n in self.le))

    @property
    def count(self) -> int:
        return int(self.le[-1][1]) if self.le else 0

    def quantile_bound(self, fraction: float) -> float:
        """The smallest bucket bound holding at least ``fraction`` of the beats."""
        for bound, n in self.le:
            if n >= fraction * self.count:
                return bound
        return float("inf")

    def max_bound(self) -> float:
        """The smallest bucket bound holding every beat (the largest lag is at most this)."""
        return self.quantile_bound(1.0)

    def over(self, seconds: float) -> int:
        """Beats later than ``seconds`` (a bucket bound)."""
        return self.count - int(dict(self.le)[seconds])


async def loop_lag(http: aiohttp.ClientSession, url: str) -> LagBuckets:
    """The lag histogram now, from the bot's ``/metrics`` at ``url``."""
    async with http.get(url) as response:
        text = await response.text()
    for family in text_string_to_metric_families(text):
        if family.name == LOOP_LAG:
            buckets = [
                (float(s.labels["le"]), s.value)
                for s in family.samples
                if s.name.endswith("_bucket")
            ]
            return LagBuckets(tuple(sorted(buckets)))
    raise RuntimeError(f"{url} has no {LOOP_LAG}")
