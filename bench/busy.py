"""A busy bot through its webhook (issue 15): button answers, replies and reminders together.

``python -m bot`` runs in webhook mode with the default settings (``SEND_RATE_PER_SECOND``
30) against the fake Bot API, on a database seeded by ``bench._seed`` (users in zones where
it is night, so only the benchmark decides what falls due). First every talking user sends
``/settings`` and gets its keyboard (not measured). Then for ``--seconds`` the benchmark
posts ``--rate`` updates a second to the webhook, evenly spaced, users taking turns: every
other one a button press on that user's settings message (``s:home`` or a field, so an
answer and an edit), the others a command (``/help``, ``/water 250``, ``/settings``,
``/cramp``), each a reply message. Meanwhile ``--reminders`` warm-ups fall due, evenly
over the same time, and ``--burst`` more all at the moment the updates start (deadline ten
minutes after due).

Measured at the fake, on its receive times (``ApiRequest.received_at``) minus the moment the
update was posted: a press's ``answerCallbackQuery`` and edit, a command's first message to
that chat; a reminder's lateness (receive time minus due time), whether each was sent once
and before its deadline. Also the busiest second of messages (replies and reminders), and the
bot's own event loop lag over the updates' window (``limber_event_loop_lag_seconds`` read
from its ``/metrics`` before and after: the p99 and the largest as bucket bounds, and the
beats over 100 ms), and this process's own loop lag (the fake stamps each request when this
loop reaches it, so a late loop here reads as a late bot), and the host's pace before and
after (``bench._common.host_pace``). Figures are reported; goals (loop
lag p99 <= 20 ms and max <= 100 ms, answer p99 <= 50 ms, reply p99 <= 300 ms up to 25
updates/s and <= 1 s above, every reminder once and in time) are checked, and a missed one
makes the exit code 1.

Run: ``.venv/bin/python -m bench.busy [--postgres URL] [--rate 50 --seconds 60] [--burst 2000] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bench._bot import FakeBotApi, bot_env, cpu_seconds, loop_lag, spawn, take_update
from bench._common import (
    backend_name,
    figures_and_wording,
    host_pace,
    percentile,
    throwaway_database,
)
from bench._seed import FIRST_ID, seed
from bench._watch import all_sent, busiest_window, per_chat, sends, until
from bench.scale import set_warm_ups

SECRET = "bench-busy-secret"
PATH = "/hook"
COMMANDS = ("/help", "/water 250", "/settings", "/cramp")
PRESSES = ("s:home", "s:wake", "s:home", "s:sleep")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Posted:
    kind: str  # "press" or "command"
    chat: int
    at: float
    query: str | None = None


@dataclass
class Run:
    fake: FakeBotApi
    port: int
    http: aiohttp.ClientSession
    posted: list[Posted] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    async def post(self, update: dict[str, Any]) -> None:
        async with self.http.post(
            f"http://127.0.0.1:{self.port}{PATH}",
            data=json.dumps(update),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        ) as response:
            self.statuses.append(response.status)


async def settings_messages(run: Run, users: list[int]) -> dict[int, int]:
    """Each talking user's settings message (its id), the keyboard their presses use."""
    for user_id in users:
        await run.fake.user(user_id).send("/settings")
        await run.post(take_update(run.fake))
    found: dict[int, int] = {}

    def ready() -> bool:
        for user_id in users:
            last = run.fake.user(user_id).last_message
            if last is not None and last.inline_buttons:
                found[user_id] = last.message_id
        return len(found) == len(users)

    if not await until(ready, 60):
        raise RuntimeError(f"only {len(found)} of {len(users)} users got their settings")
    return found


async def own_lag(beats: list[float], every: float = 0.01) -> None:
    """This process's own event loop lag, a beat every ``every`` seconds: the fake stamps
    each request when this loop reaches it, so a late loop here reads as a late bot."""
    loop = asyncio.get_running_loop()
    while True:
        expected = loop.time() + every
        await asyncio.sleep(every)
        beats.append(max(loop.time() - expected, 0.0))


async def drive(run: Run, users: list[int], keyboards: dict[int, int], args: Any) -> None:
    """``args.rate`` updates a second for ``args.seconds``, each posted without waiting."""
    loop = asyncio.get_running_loop()
    tasks = []
    start = loop.time()
    total = int(args.rate * args.seconds)
    for n in range(total):
        if (wait := start + n / args.rate - loop.time()) > 0:
            await asyncio.sleep(wait)
        user_id = users[n % len(users)]
        user = run.fake.user(user_id)
        turn = n // len(users)
        if n % 2:
            query = await user.forge_press(keyboards[user_id], PRESSES[turn % len(PRESSES)])
            posted = Posted("press", user_id, time.time(), query)
        else:
            await user.send(COMMANDS[turn % len(COMMANDS)])
            posted = Posted("command", user_id, time.time())
        run.posted.append(posted)
        tasks.append(asyncio.create_task(run.post(take_update(run.fake))))
    await asyncio.gather(*tasks)


def latencies(run: Run, since: int) -> dict[str, list[float]]:
    """Answer and edit of each press, first message after each command (seconds)."""
    requests = run.fake.requests[since:]
    answers = {
        str(r.params.get("callback_query_id")): r.received_at
        for r in requests
        if r.method == "answerCallbackQuery"
    }
    edits = [r for r in requests if r.method.startswith("editMessage")]  # "not modified" too
    messages = per_chat(sends(run.fake, since=since))
    found: dict[str, list[float]] = {"answer": [], "edit": [], "reply": []}
    for posted in run.posted:
        if posted.kind == "press":
            if posted.query in answers:
                found["answer"].append(answers[posted.query] - posted.at)
            edit = next(
                (
                    e
                    for e in edits
                    if int(e.params["chat_id"]) == posted.chat and e.received_at >= posted.at
                ),
                None,
            )
            if edit is not None:
                found["edit"].append(edit.received_at - posted.at)
        else:
            reply = next(
                (m for m in messages.get(posted.chat, []) if m.received_at >= posted.at), None
            )
            if reply is not None:
                found["reply"].append(reply.received_at - posted.at)
    return found


def summary(values: list[float], count: int) -> dict[str, Any]:
    return {
        "n": len(values),
        "missing": count - len(values),
        "p50_ms": percentile(values, 0.5) * 1000,
        "p99_ms": percentile(values, 0.99) * 1000,
        "max_ms": max(values, default=0.0) * 1000,
    }


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    figures, _ = figures_and_wording()
    talkers = int(args.rate * 4)  # each user posts every four seconds
    async with (
        throwaway_database(args.postgres) as database,
        FakeBotApi() as fake,
        aiohttp.ClientSession() as http,
    ):
        reminders = args.reminders + args.burst
        population = await seed(
            database, talkers + reminders * 5 // 4 + 40, figures, _now(), reminders
        )
        users = [FIRST_ID + n for n in range(talkers)]
        assert max(users) < population.own_from
        begin = time.time() + args.lead
        evenly, burst = (
            population.warm_up_users[: args.reminders],
            population.warm_up_users[args.reminders :],
        )
        due = {
            user: begin + (n + 0.5) * args.seconds / args.reminders for n, user in enumerate(evenly)
        } | dict.fromkeys(burst, begin)
        await set_warm_ups(database, due, "busy")
        for user_id in due:
            fake.user(user_id)  # their chats exist
        url = database.url.render_as_string(hide_password=False)
        run = Run(fake, free_port(), http)
        with tempfile.TemporaryDirectory(prefix="limber-busy-") as home:
            env = bot_env(
                fake,
                url,
                home,
                MODE="webhook",
                WEBHOOK_URL=f"https://limber.example.org{PATH}",
                WEBHOOK_SECRET=SECRET,
                WEBHOOK_LISTEN="127.0.0.1",
                PORT=str(run.port),
            )
            process = await spawn(env, home)
            try:
                await fake.wait_for_request("setWebhook", timeout=60)
                keyboards = await settings_messages(run, users)
                pace_before = host_pace()  # the bot has nothing to do yet
                if (wait := begin - time.time()) < 0:
                    raise RuntimeError(f"set-up took {-wait:.0f} s longer than --lead")
                await asyncio.sleep(wait)
                since = len(fake.requests)
                metrics = f"http://127.0.0.1:{run.port}/metrics"
                lag_before = await loop_lag(http, metrics)
                cpu_before = cpu_seconds(process.pid)
                own: list[float] = []
                beating = asyncio.create_task(own_lag(own))
                with no_collections():
                    await drive(run, users, keyboards, args)
                    beating.cancel()
                    cpu = (cpu_seconds(process.pid) - cpu_before) / args.seconds
                    lag = (await loop_lag(http, metrics)) - lag_before
                    await until(all_sent(fake, due, since), args.drain)
                await asyncio.sleep(2)  # the last replies
            finally:
                process.terminate()
                await process.wait()
        pace_after = host_pace()
        found = latencies(run, since)
        presses = sum(1 for p in run.posted if p.kind == "press")
        reminded = per_chat(sends(fake, since=since))
        late = [reminded[u][0].received_at - at for u, at in due.items() if reminded.get(u)]
        messages = [r.received_at for r in sends(fake, since=since)]
    return {
        "backend": backend_name(args.postgres),
        "updates": len(run.posted),
        "rate": args.rate,
        "burst": args.burst,
        "loop_lag_p99_ms": lag.quantile_bound(0.99) * 1000,
        "loop_lag_max_ms": lag.max_bound() * 1000,
        "loop_lag_over_100ms": lag.over(0.1),
        "loop_lag_beats": lag.count,
        "webhook_not_200": sum(1 for s in run.statuses if s != 200),
        "answer": summary(found["answer"], presses),
        "edit": summary(found["edit"], presses),
        "reply": summary(found["reply"], len(run.posted) - presses),
        "reminders": len(due),
        "reminders_once": sum(1 for u in due if len(reminded.get(u, [])) == 1),
        "reminders_in_time": sum(1 for t in late if t < 600),
        "reminder_late_p50_s": percentile(late, 0.5),
        "reminder_late_max_s": max(late, default=0.0),
        "busiest_second": busiest_window(messages),
        "bot_cpu_share": cpu,
        "bench_loop_lag_p99_ms": percentile(own, 0.99) * 1000,
        "bench_loop_lag_max_ms": max(own, default=0.0) * 1000,
        "load_average": os.getloadavg()[0],
        "host_pace_s": [pace_before, pace_after],
    }


@contextmanager
def no_collections() -> Iterator[None]:
    """No garbage collection in this process while it stamps what the bot sends: the fake
    keeps every request, and a full collection over them held this process's event loop
    for 100-200 ms, which the stamps of the requests arriving meanwhile took as the bot's
    lateness."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def _now() -> datetime:
    return datetime.now(UTC)


def reply_goal_ms(rate: float) -> float:
    """Up to 25 updates a second the replies fit in the send budget beside the reminders;
    above, half of them are replies beyond Telegram's 30 a second, and queue."""
    return 300.0 if rate <= 25 else 1000.0


def problems(result: dict[str, Any]) -> list[str]:
    found = []
    if result["loop_lag_p99_ms"] > 20 or result["loop_lag_max_ms"] > 100:
        found.append("event loop lag: p99 over 20 ms or a beat over 100 ms")
    if result["answer"]["p99_ms"] > 50 or result["answer"]["missing"]:
        found.append("button answers: p99 over 50 ms, or some unanswered")
    goal = reply_goal_ms(result["rate"])
    if result["reply"]["p99_ms"] > goal or result["reply"]["missing"]:
        found.append(f"replies: p99 over {goal:.0f} ms, or some unanswered")
    if not result["reminders_once"] == result["reminders_in_time"] == result["reminders"]:
        found.append("reminders: not each sent once before its deadline")
    if result["busiest_second"] > 30:
        found.append("more than 30 messages in one second")
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="use PostgreSQL instead of SQLite")
    parser.add_argument("--rate", type=float, default=50.0, help="updates a second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--reminders", type=int, default=600, help="warm-ups due meanwhile")
    parser.add_argument("--burst", type=int, default=0, help="warm-ups due as the updates start")
    parser.add_argument("--lead", type=float, default=40.0, help="seconds for start-up")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds to wait after")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args))
    found = problems(result)
    if args.json:
        json.dump({**result, "problems": found}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
        print("problems: " + ("; ".join(found) or "none"))
    raise SystemExit(1 if found else 0)


if __name__ == "__main__":
    main()
