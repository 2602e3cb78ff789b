"""Limber at scale, as a new user meets it: ``python -m bot`` over N users (issue 12's table).

Set-up (``bench._seed``, timed as "seeding"): ``--users`` users planned with the real code
(bulk copies of 32 planned templates, eight rules each on average), all in zones where it is
night, so nothing of theirs falls due during the run; the benchmark's own users get warm-ups
due at moments it chooses. Then, on each backend, against the fake Bot API:

1. **One bot process** (``bot``), started as a user starts it, with the default settings and
   a ``/start`` from a new user already waiting at the fake: ready to poll (its first
   ``getUpdates``), the reply to that ``/start``; RSS and CPU over ``--idle-seconds`` when
   nothing is due; RSS after the first shared location (``location``) and after the first
   chart (``chart``: ``/stats``; charts render in worker processes, counted apart); the
   lateness of ``--probes`` warm-ups due at staggered moments over ``--probe-seconds``;
   then ``--burst`` warm-ups due at one instant: how late the last one is, each sent once,
   429s, the busiest second. Then SIGTERM.
2. **A SCHEDULE_VERSION bump** (``resync``): every ordinary user is marked behind and a
   second process starts; its start-up backfill is timed until every user is current (or
   ``--resync-timeout``), while ``--resync-probes`` warm-ups fall due.
3. **Claim rate** (``claims``, ``bench.engine_claims.claim_all`` in this process): the clock
   is put at the moment by which ``--claim-rules`` rules are due, and they are claimed.

Lateness is the fake's receive time of a chat's message minus its warm-up's due time. Each
phase can be left out (``--skip``, or a count of 0). Figures are reported, never asserted;
what does not add up (a warm-up sent twice or never, a send nobody was due) is listed under
"problems" and makes the exit code 1.

Run: ``.venv/bin/python -m bench.scale [--users 100000] [--postgres URL [--no-sqlite]] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench import engine_claims
from bench._bot import FakeBotApi, ProcessTree, bot_env, cpu_seconds, rss_mib, spawn
from bench._common import backend_name, figures_and_wording, throwaway_database
from bench._seed import WARM_UP, Population, seed
from bench._watch import Lateness, all_sent, busiest_window, first, per_chat, sends, until
from db.database import session_factory
from db.models import Delivery, ReminderRule, User
from services.resync import SCHEDULE_VERSION

NEWCOMER = 42  # a new user whose /start waits at the fake before the launch
BERLIN = (52.52, 13.405)
EXIT_LIMIT = 60.0  # seconds a SIGTERM may take before SIGKILL
PHASES = ("bot", "location", "chart", "resync", "claims")


@dataclass
class Run:
    """One backend's run: its database, the fake, the bot's home, and the figures so far."""

    args: argparse.Namespace
    database: AsyncEngine
    fake: FakeBotApi
    home: str
    population: Population
    rng: random.Random
    found: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    async def start(self) -> tuple[asyncio.subprocess.Process, float]:
        url = self.database.url.render_as_string(hide_password=False)
        env = bot_env(self.fake, url, self.home, INSTANCE_NAME="bench-scale")
        self.logs.append(Path(self.home) / f"bot-{len(self.logs) + 1}.log")
        with self.logs[-1].open("wb") as log:
            spawned = time.time()
            return await spawn(env, self.home, log), spawned

    def log_tail(self, lines: int = 25) -> str:
        return "\n".join(self.logs[-1].read_text(errors="replace").splitlines()[-lines:])

    def check(self, ok: bool, problem: str) -> None:
        """Something that must hold whatever the timing (a warm-up sent once)."""
        if not ok:
            self.problems.append(problem)

    def note(self, ok: bool, note: str) -> None:
        """A phase that ran into the next one: its figures are not what they say."""
        if not ok:
            self.notes.append(note)


async def stop(process: asyncio.subprocess.Process) -> tuple[float, int | None]:
    """SIGTERM, then SIGKILL after ``EXIT_LIMIT`` s: (seconds to exit, exit code or None)."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), EXIT_LIMIT)
    except TimeoutError:
        process.kill()
        await process.wait()
        return time.monotonic() - started, None
    return time.monotonic() - started, process.returncode


async def set_warm_ups(database: AsyncEngine, due: dict[int, float], tag: str) -> None:
    """Each user's (first) warm-up rule falls due at ``due[user]`` (unix seconds), with the
    warm-up's deadline ten minutes later and a key of its own."""
    if not due:
        return
    async with session_factory(database).begin() as session:
        rows = await session.execute(
            select(ReminderRule.id, ReminderRule.user_id, ReminderRule.next_key)
            .where(ReminderRule.kind == WARM_UP, ReminderRule.user_id.in_(list(due)))
            .order_by(ReminderRule.id)
        )
        changes: dict[int, dict[str, Any]] = {}
        for rule_id, user_id, key in rows.all():
            at = datetime.fromtimestamp(due[user_id], UTC)
            changes.setdefault(
                user_id,
                {
                    "id": rule_id,
                    "next_due_at": at,
                    "next_deadline": at + timedelta(minutes=10),
                    "next_key": f"{key}~{tag}",
                },
            )
        await session.execute(update(ReminderRule), list(changes.values()))


def staggered(
    users: list[int], start: float, seconds: float, rng: random.Random
) -> dict[int, float]:
    """One moment per user, evenly spread over ``seconds`` from ``start``, each at a random
    point of its slot (so they fall at every phase of the engine's tick)."""
    slot = seconds / max(len(users), 1)
    return {user: start + (n + rng.random()) * slot for n, user in enumerate(users)}


async def bot_run(run: Run) -> None:
    """Phase 1: one process, from launch to SIGTERM."""
    args = run.args
    pop = run.population
    fake = run.fake
    found = run.found
    probes = pop.warm_up_users[: args.probes]
    burst = pop.warm_up_users[args.probes : args.probes + args.burst]
    origin = time.time()
    probe_due = staggered(probes, origin + args.probe_start, args.probe_seconds, run.rng)
    after_probes = (
        origin + args.probe_start + (args.probe_seconds + args.burst_gap if probes else 0)
    )
    burst_at = float(math.ceil(after_probes))  # a whole second, as a planned warm-up is
    burst_due = dict.fromkeys(burst, burst_at)
    await set_warm_ups(run.database, probe_due | burst_due, "probe")
    for user in (*probes, *burst, pop.quiet_user):
        fake.user(user)
    await fake.user(NEWCOMER, "New").send("/start")
    process, spawned = await run.start()
    try:
        found["ready_s"] = (await first(fake, "getUpdates", limit=120)).received_at - spawned
        reply = await first(fake, "sendMessage", chat=NEWCOMER, limit=120)
        found["start_reply_s"] = reply.received_at - spawned
        await asyncio.sleep(args.settle)
        await idle(run, process.pid)
        if "location" not in args.skip:
            await location(run, process.pid)
        if "chart" not in args.skip:
            await chart(run, process.pid)
        due = [*probe_due.values(), *burst_due.values()]
        run.note(not due or time.time() < min(due), "warm-ups fell due before the chart's RSS")
        if probe_due:
            await until(all_sent(fake, probe_due), max(probe_due.values()) + 60 - time.time())
        if burst_due:
            await until(
                all_sent(fake, burst_due), burst_at + args.burst_timeout - time.time(), 0.25
            )
        await asyncio.sleep(2)  # a second message to any chat would show by now
    except TimeoutError as error:
        raise RuntimeError(f"{error}; the bot's log ends:\n{run.log_tail()}") from None
    finally:
        found["stop_s"], found["stop_code"] = await stop(process)
    await lateness(run, probe_due, burst_due)


async def idle(run: Run, pid: int) -> None:
    """CPU and RSS while nothing is due."""
    if run.args.idle_seconds <= 0:
        run.found["rss_rest_mib"] = rss_mib(pid)
        return
    since = len(run.fake.requests)
    tree = ProcessTree.of(pid).all()
    before = sum(_cpu(p) for p in tree)
    started = time.monotonic()
    await asyncio.sleep(run.args.idle_seconds)
    tree = ProcessTree.of(pid).all()
    used = sum(_cpu(p) for p in tree) - before
    seconds = time.monotonic() - started
    run.found |= {
        "idle_s": seconds,
        "idle_cpu_pct": 100 * used / seconds,
        "rss_rest_mib": rss_mib(pid),
        "sends_while_idle": len(sends(run.fake, since=since)),
    }
    run.note(run.found["sends_while_idle"] == 0, "something was sent while idle: start later")


def _cpu(pid: int) -> float:
    try:
        return cpu_seconds(pid)
    except OSError:  # gone
        return 0.0


async def location(run: Run, pid: int) -> None:
    quiet = run.fake.user(run.population.quiet_user)
    since = len(run.fake.requests)
    await quiet.share_location(*BERLIN)
    await first(run.fake, "sendMessage", chat=quiet.id, since=since)
    await asyncio.sleep(1)
    run.found["rss_location_mib"] = rss_mib(pid)


async def chart(run: Run, pid: int) -> None:
    quiet = run.fake.user(run.population.quiet_user)
    since = len(run.fake.requests)
    asked = time.time()
    await quiet.send("/stats")
    photo = await first(run.fake, "sendPhoto", chat=quiet.id, since=since)
    await asyncio.sleep(1)
    tree = ProcessTree.of(pid)
    workers = [rss_mib(w) for w in tree.workers]
    run.found |= {
        "chart_reply_s": photo.received_at - asked,
        "rss_chart_mib": rss_mib(pid),
        "chart_workers": len(workers),
        "worker_rss_mib": max(workers, default=None),
        "helpers_rss_mib": sum(rss_mib(h) for h in tree.helpers),
        "tree_pss_mib": tree.pss_mib(),
    }


async def lateness(run: Run, probe_due: dict[int, float], burst_due: dict[int, float]) -> None:
    fake = run.fake
    found = run.found
    probes = Lateness.of(fake, probe_due)
    burst = Lateness.of(fake, burst_due)
    found |= probes.figures("late") | {"probes": len(probe_due), "burst": len(burst_due)}
    found |= {
        "burst_first_s": min(burst.late, default=None),
        "burst_last_s": max(burst.late, default=None),
        "burst_sent_once": burst.once,
        "burst_429s": sum(1 for r in fake.requests if r.status == 429),
        "burst_busiest_second": busiest_window(burst.stamps),
        "burst_pace_per_s": pace(burst.late),
    }
    expected = {NEWCOMER, run.population.quiet_user, *probe_due, *burst_due}
    everything = per_chat(sends(fake, accepted_only=False))
    found["other_sends"] = sum(len(v) for k, v in everything.items() if k not in expected)
    async with session_factory(run.database)() as session:
        rows = await session.execute(
            select(Delivery.status, func.count()).group_by(Delivery.status)
        )
        found["deliveries"] = {status: int(count) for status, count in rows.all()}
    judge(run, "warm-ups", probes)
    judge(run, "warm-ups of the burst", burst)
    run.check(found["other_sends"] == 0, f"{found['other_sends']} messages nobody was due")
    sent = len(probe_due) + len(burst_due)
    if probes.missing + burst.missing == 0:
        run.check(found["deliveries"] in ({"sent": sent}, {}), f"deliveries: {found['deliveries']}")


def pace(late: list[float]) -> float | None:
    """Messages a second from the first send to the last: with the first's lateness, it
    tells a slow start (planning and composing) from a slow pace (the sends)."""
    if len(late) < 2 or max(late) == min(late):
        return None
    return (len(late) - 1) / (max(late) - min(late))


def judge(run: Run, name: str, seen: Lateness) -> None:
    """Twice is wrong whatever the timing; not yet is a figure (the run stopped waiting)."""
    run.check(seen.twice == 0, f"{seen.twice} {name} sent more than once")
    run.note(seen.missing == 0, f"{seen.missing} {name} not sent by the end of the wait")


async def resync_run(run: Run) -> None:
    """Phase 2: every ordinary user behind the planning version; a process starts."""
    args = run.args
    pop = run.population
    fake = run.fake
    used = args.probes + args.burst
    probes = pop.warm_up_users[used : used + args.resync_probes]
    async with session_factory(run.database).begin() as session:
        marked = await session.execute(
            update(User).where(User.id < pop.own_from).values(schedule_version=SCHEDULE_VERSION - 1)
        )
    behind = int(marked.rowcount or 0)  # type: ignore[attr-defined]
    start = time.time() + args.resync_probe_start
    due = staggered(probes, start, args.resync_probe_seconds, run.rng)
    await set_warm_ups(run.database, due, "resync")
    for user in probes:
        fake.user(user)
    since = len(fake.requests)
    process, spawned = await run.start()
    left = behind
    try:
        ready = await first(fake, "getUpdates", since=since, limit=120)
        while left and time.time() - spawned < args.resync_timeout:
            await asyncio.sleep(1)
            left = await users_behind(run.database)
        done_at = time.time()
        await until(all_sent(fake, due, since), max(due.values(), default=0) + 60 - time.time())
    except TimeoutError as error:
        raise RuntimeError(f"{error}; the bot's log ends:\n{run.log_tail()}") from None
    finally:
        stop_s, stop_code = await stop(process)
    during = {user: at for user, at in due.items() if at <= done_at}
    seconds = done_at - spawned
    run.found |= Lateness.of(fake, during, since=since).figures("backfill_late") | {
        "resync_ready_s": ready.received_at - spawned,
        "resync_users": behind,
        "resynced": behind - left,
        "resync_s": seconds,
        "resync_finished": left == 0,
        "resync_per_s": (behind - left) / seconds,
        "resync_probes_during": len(during),
        "resync_stop_s": stop_s,
        "resync_stop_code": stop_code,
    }
    judge(run, "warm-ups due during the backfill", Lateness.of(fake, due, since=since))


async def users_behind(database: AsyncEngine) -> int:
    """Counted on a plain engine: the bot's own SQLite set-up would take the write lock
    (``BEGIN IMMEDIATE``) for this read, and hold up the process being measured."""
    reader = create_async_engine(database.url)
    try:
        async with reader.connect() as conn:
            query = select(func.count()).where(User.schedule_version < SCHEDULE_VERSION)
            return int(await conn.scalar(query) or 0)
    finally:
        await reader.dispose()


async def claims(run: Run) -> None:
    """Phase 3: the clock at the moment ``--claim-rules`` rules are due; claim them."""
    sessions = session_factory(run.database)
    async with sessions() as session:
        cutoff = await session.scalar(
            select(ReminderRule.next_due_at)
            .where(ReminderRule.next_due_at.is_not(None))
            .order_by(ReminderRule.next_due_at)
            .offset(run.args.claim_rules - 1)
            .limit(1)
        ) or await session.scalar(select(func.max(ReminderRule.next_due_at)))
    assert cutoff is not None
    figures, _ = figures_and_wording()
    started = time.perf_counter()
    calls, claimed, created = await engine_claims.claim_all(sessions, figures, cutoff)
    seconds = time.perf_counter() - started
    run.found |= {
        "claim_calls": calls,
        "claimed": claimed,
        "claim_created": created,
        "claim_s": seconds,
        "claimed_per_s": claimed / seconds,
    }


async def measure(args: argparse.Namespace, postgres_url: str | None) -> dict[str, Any]:
    started = time.perf_counter()
    figures, _ = figures_and_wording()
    wanted = args.probes + args.burst + args.resync_probes
    async with AsyncExitStack() as stack:
        database = await stack.enter_async_context(throwaway_database(postgres_url))
        fake = await stack.enter_async_context(FakeBotApi())
        home = stack.enter_context(tempfile.TemporaryDirectory(prefix="limber-scale-"))
        seeded = time.perf_counter()
        population = await seed(database, args.users, figures, datetime.now(UTC), wanted)
        run = Run(args, database, fake, home, population, random.Random(args.seed))
        run.found |= {
            "backend": backend_name(postgres_url),
            "users": population.users,
            "workouts": population.workouts,
            "rules": population.rules,
            "seed_s": time.perf_counter() - seeded,
            "quiet_hours": (population.first_due - datetime.now(UTC)).total_seconds() / 3600,
        }
        longest = args.probe_start + args.probe_seconds + args.burst_timeout + args.resync_timeout
        run.note(run.found["quiet_hours"] * 3600 > longest + 600, "the seeded users wake during it")
        if "bot" not in args.skip:
            await bot_run(run)
        if "resync" not in args.skip:
            await resync_run(run)
        if "claims" not in args.skip and args.claim_rules > 0:
            await claims(run)
        run.found["log_errors"] = log_errors(run.logs)
        if args.logs:
            for log in run.logs:
                name = f"{run.found['backend']}-{log.name}"
                shutil.copy(log, Path(args.logs) / name)
    run.found["problems"] = run.problems
    run.found["notes"] = run.notes
    run.found["run_s"] = time.perf_counter() - started
    return run.found


def log_errors(logs: list[Path]) -> dict[str, int]:
    """Each distinct error the bot logged (the message, or a traceback's last line), counted."""
    found: Counter[str] = Counter()
    for log in logs:
        lines = log.read_text(errors="replace").splitlines()
        for n, line in enumerate(lines):
            if " ERROR " in line or " CRITICAL " in line:
                found[line.split(" ", 2)[-1][:200]] += 1
            elif line.startswith("Traceback"):
                end = next((m for m in lines[n + 1 :] if not m.startswith((" ", "\t"))), "")
                found[f"Traceback: {end[:200]}"] += 1
    return dict(found)


def _fmt(template: str) -> Callable[[dict[str, Any]], str]:
    return lambda found: template.format(**found)


FIGURES: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("users / workouts / rules", _fmt("{users:,} / {workouts:,} / {rules:,}")),
    ("seeding", _fmt("{seed_s:.1f} s")),
    ("ready to poll", _fmt("{ready_s:.2f} s")),
    ("reply to a /start sent before launch", _fmt("{start_reply_s:.2f} s")),
    ("RSS at rest (main process)", _fmt("{rss_rest_mib:.1f} MiB")),
    ("RSS after the first location", _fmt("{rss_location_mib:.1f} MiB")),
    ("RSS after the first chart: main", _fmt("{rss_chart_mib:.1f} MiB")),
    ("  chart workers (each, largest)", _fmt("{chart_workers} × {worker_rss_mib:.1f} MiB")),
    (
        "  fork server + tracker; all, PSS",
        _fmt("{helpers_rss_mib:.1f} MiB; {tree_pss_mib:.1f} MiB"),
    ),
    ("CPU when nothing is due", _fmt("{idle_cpu_pct:.2f} % of a core ({idle_s:.0f} s)")),
    (
        "reminder lateness p50 / p99 (max)",
        _fmt(
            "{late_p50_s:.2f} / {late_p99_s:.2f} s ({late_max_s:.2f}; {late_sent_once} of {probes} sent)"
        ),
    ),
    (
        "warm-ups due at one instant: last late",
        _fmt(
            "{burst_last_s:.1f} s ({burst:,} warm-ups; first {burst_first_s:.1f} s, then {burst_pace_per_s:.1f}/s)"
        ),
    ),
    (
        "  sent once / 429s / busiest second",
        _fmt("{burst_sent_once:,} / {burst_429s} / {burst_busiest_second}"),
    ),
    ("SIGTERM to exit", _fmt("{stop_s:.2f} s (code {stop_code})")),
    (
        "resync (SCHEDULE_VERSION bump)",
        _fmt("{resync_per_s:,.0f} users/s ({resynced:,} of {resync_users:,} in {resync_s:.0f} s)"),
    ),
    ("  ready to poll with the backfill due", _fmt("{resync_ready_s:.2f} s")),
    (
        "  lateness during it p50 / p99 (max)",
        _fmt(
            "{backfill_late_p50_s:.2f} / {backfill_late_p99_s:.2f} s ({backfill_late_max_s:.2f}; {backfill_late_sent_once} of {resync_probes_during} sent)"
        ),
    ),
    ("  SIGTERM to exit during it", _fmt("{resync_stop_s:.2f} s (code {resync_stop_code})")),
    ("claiming due rules", _fmt("{claimed_per_s:,.0f} rules/s ({claimed:,} in {claim_s:.1f} s)")),
    ("whole run", lambda f: f"{f['run_s']:.0f} s; {sum(f['log_errors'].values())} errors logged"),
)


def table(results: list[dict[str, Any]]) -> str:
    def cell(show: Callable[[dict[str, Any]], str], found: dict[str, Any]) -> str:
        try:
            return show(found)
        except (KeyError, TypeError, ValueError):  # a phase left out, or nothing measured
            return "-"

    lines = [("", *(f["backend"] for f in results))]
    lines += [(title, *(cell(show, f) for f in results)) for title, show in FIGURES]
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--users", type=int, default=100_000, help="users seeded (default 100000)")
    add("--postgres", metavar="URL", help="also run on PostgreSQL (a database is made and dropped)")
    add("--no-sqlite", action="store_true", help="skip the SQLite run")
    add("--skip", action="append", choices=PHASES, default=[], help="leave a phase out")
    add("--settle", type=float, default=5.0, help="seconds after the /start reply before idling")
    add("--idle-seconds", type=float, default=30.0, help="CPU measured over (default 30)")
    add("--probes", type=int, default=240, help="warm-ups due at staggered moments (default 240)")
    add("--probe-start", type=float, default=60.0, help="seconds after launch the first is due")
    add("--probe-seconds", type=float, default=120.0, help="over how long they fall due")
    add("--burst", type=int, default=2000, help="warm-ups due at one instant (default 2000)")
    add("--burst-gap", type=float, default=10.0, help="seconds after the last probe")
    add("--burst-timeout", type=float, default=300.0, help="how long to wait for the burst")
    add("--resync-timeout", type=float, default=300.0, help="stop the backfill's clock after")
    add("--resync-probes", type=int, default=60, help="warm-ups due during the backfill")
    add("--resync-probe-start", type=float, default=5.0, help="seconds after launch")
    add("--resync-probe-seconds", type=float, default=60.0, help="over how long")
    add("--claim-rules", type=int, default=20_000, help="rules claimed (default 20000)")
    add("--seed", type=int, default=1, help="random seed of the probes' moments")
    add("--logs", metavar="DIR", help="keep the bot's logs in DIR")
    add("--json", action="store_true", help="print the results as JSON")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    backends: list[str | None] = [] if args.no_sqlite else [None]
    if args.postgres:
        backends.append(args.postgres)
    return [await measure(args, url) for url in backends]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    results = asyncio.run(run(args))
    if args.json:
        json.dump({"results": results}, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(table(results))
    notes = [f"{r['backend']}: {n}" for r in results for n in r["notes"]]
    if notes:
        print(
            "notes (timings that overlapped another phase):\n  " + "\n  ".join(notes),
            file=sys.stderr,
        )
    problems = [f"{r['backend']}: {p}" for r in results for p in r["problems"]]
    if problems:
        print("problems:\n  " + "\n  ".join(problems), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
