"""The engine's timer: one wake-up at the next due moment, moved when an earlier one appears.

``JobQueueTimer`` is PTB's JobQueue (APScheduler underneath) holding one ``run_once`` job;
``ManualTimer`` only remembers the moment, for a driver that moves an injected clock (the
tests, the sandbox's time machine) and runs the engine itself.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, Protocol

from telegram.ext import JobQueue

JOB_NAME = "reminder-engine"


class Timer(Protocol):
    @property
    def at(self) -> datetime | None:
        """When the engine will wake next (None: not scheduled)."""
        ...

    def schedule(self, at: datetime) -> None:
        """Wake at ``at`` (at once if it has passed), instead of any earlier plan."""
        ...

    def cancel(self) -> None: ...


class ManualTimer:
    def __init__(self) -> None:
        self.at: datetime | None = None

    def schedule(self, at: datetime) -> None:
        self.at = at

    def cancel(self) -> None:
        self.at = None


class JobQueueTimer:
    """One JobQueue job that calls ``wake`` at the scheduled moment (wall clock)."""

    def __init__(
        self, job_queue: JobQueue[Any], wake: Callable[[Any], Coroutine[Any, Any, None]]
    ) -> None:
        self._queue = job_queue
        self._wake = wake
        self.at: datetime | None = None

    def schedule(self, at: datetime) -> None:
        """One job under one id: scheduling again replaces it."""
        self.at = at
        when = max(at, datetime.now(UTC))  # a moment already past: at once, never "missed"
        # However late the loop gets to it (a busy machine), the job runs: APScheduler's
        # default would skip a job more than a second late, and the engine would then sleep
        # until something earlier than a moment already past came along, which never does.
        job_kwargs = {
            "id": JOB_NAME,
            "replace_existing": True,
            "misfire_grace_time": None,
            "coalesce": True,
        }
        self._queue.run_once(self._wake, when=when, name=JOB_NAME, job_kwargs=job_kwargs)

    def cancel(self) -> None:
        for job in self._queue.get_jobs_by_name(JOB_NAME):  # only jobs yet to run
            job.schedule_removal()
        self.at = None
