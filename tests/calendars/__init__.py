"""Calendars written for the tests: each holds the case its name says, dated from
``NOW`` (Monday 7 December 2026, 09:00 in Berlin) on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web

HERE = Path(__file__).parent
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def calendar(name: str) -> bytes:
    """The test calendar ``<name>.ics``."""
    return (HERE / f"{name}.ics").read_bytes()


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """``app`` served on 127.0.0.1 at a free port; its base address, ``http://127.0.0.1:<port>``."""
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
