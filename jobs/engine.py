"""The reminder engine: due rules into deliveries, and due deliveries sent, most urgent first.

A run works until nothing is due, claiming a batch at a time and composing the next batch
while one goes out; it then sleeps until the next due moment (or a commit wakes it), and a
clean stop gives every claim back. How and why, with the delivery states:
``docs/engine.md``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot

from config.clock import Clock
from db.claims import claim_due, expire, release_claims, settle_predecessors
from db.database import SessionFactory
from db.queue import next_due
from jobs import telemetry
from jobs.batch import Claimed, compose_claimed, finish
from jobs.budget import RateBudget
from jobs.compose import Composer, TeamComposer
from jobs.sender import Send, Sender
from jobs.timer import Timer

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(seconds=30)
"""How long a claim holds pending deliveries for this process: a batch is about a second of
budget and waits for one more, so the lease only runs out when the process is gone (or
paused by a long 429)."""
RECHECK = timedelta(minutes=1)
"""The longest sleep without a look: a safety net (and how soon other instances' rules show)."""
RULES_PER_CLAIM = 500
PREPARE_BATCH = 20  # about a second of the chart pool's work
MAX_BATCH = 300  # a second or two of sending with the budget lifted, well within the lease
MAX_TURNS_PER_RUN = 100_000
NOT_LOOKED = datetime.min.replace(tzinfo=UTC)


@dataclass
class RunReport:
    created: int = 0
    sent_messages: int = 0
    unknown: int = 0
    missed: int = 0


class RuleStep(Protocol):
    async def __call__(
        self, session: AsyncSession, now: datetime, limit: int
    ) -> tuple[int, int, int]:
        """Turn up to ``limit`` due rules into deliveries: (rules claimed, deliveries
        created, claimed rules due again at once)."""
        ...


class Preparer(Protocol):
    """Work done ahead of what comes due (the weekly summaries' composing and charts)."""

    async def next_moment(self, session: AsyncSession, now: datetime) -> datetime | None:
        """When there is next something to prepare."""
        ...

    async def __call__(self, sessions: SessionFactory, now: datetime, limit: int) -> int:
        """Prepare up to ``limit`` things now; how many there were (0: nothing left)."""
        ...


class ReminderEngine:
    """Rows in, messages out: the rule step (``services.due_rules``) and one composer per
    delivery kind are handed in by the composition root. ``owner`` names this process in
    its claims: ``<instance>/<token>``, the instance stable across restarts."""

    def __init__(
        self,
        *,
        bot: Bot,
        sessions: SessionFactory,
        clock: Clock,
        due_rules: RuleStep,
        composers: Mapping[str, Composer],
        team_composer: TeamComposer | None = None,
        rate_per_second: float | None,
        instance: str,
        owner: str,
        timer: Timer,
        recheck: timedelta = RECHECK,
        budget: RateBudget | None = None,  # the bot's, shared with replies (else its own)
        preparer: Preparer | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._due_rules = due_rules
        self._composers = composers
        self._team_composer = team_composer
        self.instance = instance
        self.owner = owner
        paced = budget or RateBudget(rate_per_second)
        self._sender = Sender(bot, sessions, clock, paced, owner=owner)
        # A second of budget (an urgent reminder waits two batches at most), lease-sized.
        self.send_batch = min(max(30, int(rate_per_second or MAX_BATCH)), MAX_BATCH)
        self._stopping = False
        self._failed = False
        self._woken = False
        self._noted = 0  # commits that noted something due (a run compares before and after)
        self._run: asyncio.Task[RunReport] | None = None
        self.timer = timer
        self._recheck = recheck
        self._preparer = preparer
        self._preparing: asyncio.Task[None] | None = None
        # When there is next something to prepare; until the first look, at once: a process
        # started inside a summary's hour prepares it at its first run.
        self._prepare_at: datetime | None = NOT_LOOKED
        self._due: datetime | None = None  # the next due moment, as last looked up or noted
        self._look: datetime | None = None  # the timer's moment when it is a safety look only

    async def start(self) -> None:
        """Settle what an earlier process of this instance left behind."""
        async with self._sessions.begin() as session:
            released, unknown = await settle_predecessors(
                session, instance=self.instance, owner=self.owner
            )
        if released or unknown:
            log.warning(
                "start-up: %s claimed deliveries given back, %s requests that were in flight "
                "marked unknown",
                released,
                unknown,
            )

    def kick(self) -> None:
        """Start a run in the background unless one is going (the timer's job)."""
        if self._stopping or self._running():
            return
        self._run = asyncio.create_task(self.run_once(), name="reminder-engine")
        self._run.add_done_callback(self._ended)

    def _ended(self, run: asyncio.Task[RunReport]) -> None:
        """A failed run is logged and counted; its claims run out, and a new run will come."""
        if not run.cancelled() and (error := run.exception()) is not None:
            self._failed = True
            telemetry.ERRORS.labels("engine").inc()
            log.error("a reminder engine run failed", exc_info=error)
            if not self._stopping:
                self.timer.schedule(self._clock.now() + self._recheck)

    def _running(self) -> bool:
        return self._run is not None and not self._run.done()

    async def idle(self) -> None:
        """Return once no run is going: background work waits here between its batches, so
        on SQLite (one writer at a time) due reminders never queue behind it."""
        while self._run is not None and not self._run.done():
            await asyncio.wait([self._run])

    @property
    def healthy(self) -> bool:
        """Not stopping, and no run has failed since the last that ended well."""
        return not self._stopping and not self._failed

    def wake_at(self, due: datetime) -> None:
        """Something was committed that comes due at ``due``: wake then, if that is sooner.
        During a run the run's own rescheduling sees it (``_woken`` makes it look again)."""
        self._noted += 1
        if self._due is None or due < self._due:
            self._due = due
        if self._stopping:
            return
        if self._running():
            self._woken = True
        elif self.timer.at is None or due < self.timer.at:
            self.timer.schedule(due)

    async def reschedule(self) -> datetime:
        """Set the timer to the next due moment (at most ``recheck`` from now); when."""
        while True:
            self._woken = False
            now = self._clock.now()
            async with self._sessions() as session:
                due = await next_due(session)
                if self._preparer is not None and not self._is_preparing():
                    ahead = self._prepare_at = await self._preparer.next_moment(session, now)
                    due = ahead if due is None or (ahead is not None and ahead < due) else due
            at = self._set_timer(now, due)
            if not self._woken:
                return at

    def _set_timer(self, now: datetime, due: datetime | None) -> datetime:
        """Wake at ``due``, or for a safety look a recheck after ``now`` if that is sooner."""
        at = now + self._recheck
        at = at if due is None else min(due, at)
        self._due = due
        self._look = at if due is None or due > at else None
        if not self._stopping:
            self.timer.schedule(at)
        return at

    def skip_look(self, until: datetime) -> bool:
        """For a driver moving an injected clock to ``until``: when the timer names only a
        safety look, move it to the next due moment (or a look a recheck after ``until``)
        and say so. The look is for what another process wrote; with one process driven
        through time, every write has noted its moment (``wake_at``), so a look would find
        nothing, and a week of hourly looks is 168 runs that do nothing."""
        if self._look is None or self.timer.at != self._look:
            return False
        self._set_timer(until, self._due)
        return True

    def request_stop(self) -> None:
        """Claim nothing more and start nothing more; requests in flight go on."""
        self._stopping = True
        self._sender.stop()
        self.timer.cancel()

    async def stop(self, grace: float) -> None:
        """Stop cleanly: wait up to ``grace`` seconds for requests in flight, then give every
        claim back (pending for the next process). A request still unanswered after the grace
        is cut off and, having maybe arrived, ends unknown."""
        self.request_stop()
        if self._preparing is not None:
            self._preparing.cancel()
            await asyncio.gather(self._preparing, return_exceptions=True)
        run = self._run
        if run is not None and not run.done():
            try:
                await asyncio.wait_for(asyncio.shield(run), grace)
            except TimeoutError:
                log.warning("stop: requests still in flight after %s s; cutting them off", grace)
                run.cancel()
                await asyncio.gather(run, return_exceptions=True)
        async with self._sessions.begin() as session:
            released = await release_claims(session, self.owner)
        log.info("reminder engine stopped; %s claimed deliveries given back", released)

    async def run_once(self) -> RunReport:
        """Expire, claim due rules, claim and send the most urgent deliveries, until nothing
        is due (or a stop is requested)."""
        report = RunReport()
        started = time.perf_counter()
        sending: asyncio.Task[None] | None = None
        telemetry.ENGINE_WAKEUPS.inc()
        for _ in range(MAX_TURNS_PER_RUN):
            if self._stopping:
                break
            # One short transaction a turn: expire, turn due rules into deliveries, claim.
            # Rules and sends take turns, a batch each: 2,000 warm-ups due at once start
            # going out after the first 500 are planned, not after all of them.
            turn = await asyncio.shield(self._turn(self._clock.now()))
            report.unknown += turn.unknown
            report.missed += turn.missed
            report.created += turn.created
            noted = self._noted
            # Composed while the batch before goes out; sent once it is done.
            sends = await asyncio.shield(
                compose_claimed(
                    self._sessions, turn.claimed, self._composers, turn.now, self._team_composer
                )
            )
            await finish(sending)
            sending = asyncio.create_task(self._sender.send_all(sends)) if sends else None
            report.sent_messages += len(sends)
            if turn.full:
                continue  # more is due already: claim it while this batch goes out
            await finish(sending)
            sending = None
            if self._noted == noted:
                break  # nothing written meanwhile (a chart waiting for its text) can be due
        await finish(sending)
        self._prepare_ahead()
        await asyncio.shield(self.reschedule())
        telemetry.ENGINE_RUN_SECONDS.observe(time.perf_counter() - started)
        self._failed = False
        return report

    def _is_preparing(self) -> bool:
        return self._preparing is not None and not self._preparing.done()

    def _prepare_ahead(self) -> None:
        """Nothing is due now: prepare what comes due soon, in the background, a batch at
        a time, each batch after any run going on has ended (so on SQLite no send waits
        behind it)."""
        if self._preparer is None or self._stopping or self._is_preparing():
            return
        if self._prepare_at is None or self._prepare_at > self._clock.now():
            return  # nothing in its hour yet (as the last look found)
        self._preparing = asyncio.create_task(self._prepare(self._preparer), name="prepare")

    async def _prepare(self, preparer: Preparer) -> None:
        try:
            while not self._stopping:
                await self.idle()
                if not await preparer(self._sessions, self._clock.now(), PREPARE_BATCH):
                    break
            self._done_preparing()
            if not self._stopping and not self._running():
                await self.reschedule()  # now for the next thing to prepare too
        except Exception as error:  # what was not prepared is composed when it falls due
            log.error("preparing ahead failed", exc_info=error)
        finally:
            self._done_preparing()

    def _done_preparing(self) -> None:
        if self._preparing is asyncio.current_task():
            self._preparing = None

    async def prepared(self) -> None:
        """Return once no preparation is going (an injected clock's driver waits here)."""
        if self._preparing is not None:
            await asyncio.gather(self._preparing, return_exceptions=True)

    async def _claim_sends(self) -> list[Send]:
        """One turn and its composing, without sending (what a run does before it sends)."""
        turn = await self._turn(self._clock.now())
        return await compose_claimed(
            self._sessions, turn.claimed, self._composers, turn.now, self._team_composer
        )

    async def _turn(self, now: datetime) -> _Turn:
        async with self._sessions.begin() as session:
            unknown, missed = telemetry.expired(*await expire(session, now))
            rules, created, still_due = await self._due_rules(session, now, RULES_PER_CLAIM)
            claimed = await claim_due(
                session, now, self.send_batch, owner=self.owner, lease=CLAIM_LEASE
            )
        if unknown:
            log.warning("%s deliveries were in flight when their process stopped: unknown", unknown)
        full = rules >= RULES_PER_CLAIM or still_due > 0 or len(claimed) >= self.send_batch
        return _Turn(now, unknown, missed, created, claimed, full)


@dataclass(frozen=True)
class _Turn:
    """What one turn of a run found and claimed, in its one transaction."""

    now: datetime
    unknown: int
    missed: int
    created: int
    claimed: Claimed
    full: bool  # a whole batch of rules or deliveries: more may be due at once
