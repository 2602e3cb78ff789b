"""What an operator sees of the engine: its Prometheus metrics, the error count it shares
with the update handling, and whom a log line is about.

Metrics live in ``prometheus-client``'s default registry (which adds the process's CPU,
memory and open files; the updates' own are in ``bot.measure``); ``bot.health`` serves them
at ``/metrics``. Labels take a few fixed values only, never a user, a chat or a text.
``acting_user`` names the user whose update or delivery is being handled, for the log lines
written meanwhile (``bot.logs`` puts it in each JSON line as ``user_id``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from datetime import datetime

from prometheus_client import Counter, Gauge, Histogram

from db.models import Delivery

LATENESS_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)

DELIVERIES = Counter(
    "limber_deliveries",
    "Deliveries by outcome (sent, retry, failed, cancelled, unknown, missed) and kind.",
    ["status", "kind"],
)
LATENESS = Histogram(
    "limber_delivery_lateness_seconds",
    "For each sent delivery: when it was sent minus when it was due.",
    ["kind"],
    buckets=LATENESS_BUCKETS,
)
REPEATS = Counter(
    "limber_repeats",
    "Copies of reminders repeated until answered: sent, or stopped (answered, too late, quiet).",
    ["outcome", "kind"],
)
ENGINE_WAKEUPS = Counter("limber_engine_wakeups", "Runs of the reminder engine.")
ENGINE_RUN_SECONDS = Histogram(
    "limber_engine_run_seconds",
    "How long each run of the reminder engine took.",
    buckets=DURATION_BUCKETS,
)
QUEUE_DEPTH = Gauge(
    "limber_queue_depth", "Deliveries due and not yet sent (counted when /metrics is read)."
)
SENDS = Counter(
    "limber_sends", "Bot API requests the reminder engine made to send a message.", ["method"]
)
RATE_LIMITED = Counter(
    "limber_rate_limited", "429 Too Many Requests answers to the engine's sends."
)
RETRY_AFTER = Histogram(
    "limber_retry_after_seconds",
    "The retry_after of each 429 answer.",
    buckets=(1, 2, 5, 10, 30, 60, 300, 3600),
)
ERRORS = Counter(
    "limber_errors",
    "Errors: unhandled while handling an update ('update'), or ending an engine run ('engine').",
    ["source"],
)

for _source in ("update", "engine"):
    ERRORS.labels(_source)  # shown as 0 until the first, so a rate can be taken at once
RATE_LIMITED.inc(0)

STATUS_NAMES = {"pending": "retry"}
"""A delivery put back to ``pending`` after a send is a retry."""

acting_user: ContextVar[int | None] = ContextVar("acting_user", default=None)


def delivered(deliveries: Iterable[Delivery], status: str, now: datetime) -> None:
    """Count each delivery's outcome; a sent one's lateness too (``now`` minus due)."""
    name = STATUS_NAMES.get(status, status)
    for delivery in deliveries:
        DELIVERIES.labels(name, delivery.kind).inc()
        if status == "sent":
            LATENESS.labels(delivery.kind).observe(max((now - delivery.due_at).total_seconds(), 0))


def expired(unknown_kinds: Sequence[str], missed_kinds: Sequence[str]) -> tuple[int, int]:
    """Count deliveries the engine's expiry settled (in flight past their lease, or missed)
    by kind; how many of each."""
    for kind in unknown_kinds:
        DELIVERIES.labels("unknown", kind).inc()
    for kind in missed_kinds:
        DELIVERIES.labels("missed", kind).inc()
    return len(unknown_kinds), len(missed_kinds)


def rate_limited(retry_after: float) -> None:
    RATE_LIMITED.inc()
    RETRY_AFTER.observe(retry_after)
