"""``/healthz``, ``/readyz`` and ``/metrics``: what an orchestrator and Prometheus ask.

``/healthz`` is 200 while the process answers HTTP; ``/readyz`` is 200 only when the runtime is
set up, the application running, the database answering (within ``CHECK_TIMEOUT``) at the
newest migration and the reminder engine healthy, else 503, each check in a small JSON object;
``/metrics`` serves ``jobs.telemetry``'s metrics. In webhook mode ``bot.webhook`` serves them
beside the webhook path; :func:`serve` serves them on ``METRICS_PORT``. No request is logged,
and none reads a user's data.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from tornado.httpserver import HTTPServer

from bot.context import RUNTIME_KEY, LimberApp, Runtime
from db.migrate import HEAD, current_revision
from db.queue import queue_depth
from jobs import telemetry

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 2.0
"""Seconds a database check may take before the instance counts as not ready."""


def _runtime(app: LimberApp) -> Runtime | None:
    runtime = app.bot_data.get(RUNTIME_KEY)
    return runtime if isinstance(runtime, Runtime) else None


async def _database_checks(runtime: Runtime) -> dict[str, bool]:
    checks = {"database": False, "migrations": False}
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            async with runtime.database.connect() as connection:
                await connection.execute(text("SELECT 1"))
            checks["database"] = True
            checks["migrations"] = await current_revision(runtime.database) == HEAD
    except Exception as error:  # unreachable, refused, timed out: not ready, and why
        log.warning("readiness: the database check failed (%s)", type(error).__name__)
    return checks


async def readiness(app: LimberApp) -> dict[str, bool]:
    """Each readiness check by name; ready when all are true."""
    runtime = _runtime(app)
    if runtime is None:
        return {"started": False}
    checks = {"started": app.running}
    checks |= await _database_checks(runtime)
    checks["engine"] = runtime.reminder_engine.healthy
    return checks


class _Probe(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("GET",)

    def initialize(self, app: LimberApp) -> None:
        self.app = app

    def answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))


class Alive(_Probe):
    async def get(self) -> None:
        self.answer(200, {"status": "ok"})


class Ready(_Probe):
    async def get(self) -> None:
        checks = await readiness(self.app)
        ready = all(checks.values())
        self.answer(200 if ready else 503, {"status": "ready" if ready else "not ready", **checks})


class Metrics(_Probe):
    async def get(self) -> None:
        runtime = _runtime(self.app)
        if runtime is not None:
            try:
                async with asyncio.timeout(CHECK_TIMEOUT), runtime.sessions() as session:
                    depth = await queue_depth(session, runtime.clock.now())
                telemetry.QUEUE_DEPTH.set(depth)
            except Exception as error:  # the other figures are still worth reading
                log.warning("metrics: could not count the queue (%s)", type(error).__name__)
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(generate_latest())


def routes(app: LimberApp) -> list[tuple[str, type[tornado.web.RequestHandler], dict[str, Any]]]:
    """The three paths, for a tornado application of Limber's."""
    given = {"app": app}
    return [("/healthz", Alive, given), ("/readyz", Ready, given), ("/metrics", Metrics, given)]


class QuietApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: a scrape every few seconds is not news."""


def serve(app: LimberApp, port: int, address: str) -> HTTPServer:
    """Serve the three paths on ``address:port`` in the running event loop."""
    server = HTTPServer(QuietApp(routes(app)))
    server.listen(port, address=address)
    log.info("health and metrics served on port %s", port)
    return server
