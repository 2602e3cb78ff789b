"""``python -m bot sandbox``: start the world, serve the page, stop cleanly on Ctrl-C."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import datetime
from pathlib import Path

from aiohttp import web

from bot.logs import configure
from bot.sandbox.web import Sandbox

DATABASE = Path("data") / "sandbox.db"


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


async def serve(
    host: str, port: int, start: datetime | None = None, database: Path = DATABASE
) -> None:
    """Listen first (a taken port is told at once), then start the world; until a signal."""
    sandbox = Sandbox(database, start)
    runner = web.AppRunner(sandbox.routes(), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        await runner.cleanup()
        print(
            f"The sandbox cannot listen on {host}:{port} ({error.strerror or error}); "
            "try another --port.",
            file=sys.stderr,
        )
        raise SystemExit(1) from None
    bound = int(runner.addresses[0][1])
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await sandbox.start()
    print(
        f"Limber's sandbox is running: open {address(host, bound)} in a browser "
        f"(an empty database in {database}; Ctrl-C stops it).",
        flush=True,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"Note: it listens on {host}, so other machines may reach it.", flush=True)
    try:
        await stopping.wait()
    finally:
        await sandbox.close_streams()
        await runner.cleanup()
        await sandbox.stop()


def run(host: str, port: int, start: datetime | None = None) -> None:
    configure("WARNING")  # the page is the interface: the terminal shows its address, and trouble
    asyncio.run(serve(host, port, start))
