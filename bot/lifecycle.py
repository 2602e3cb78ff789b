"""What ``run_polling`` does, step by step, inside an event loop that is already running.

``python -m bot`` lets PTB own the loop (``run_polling``); the sandbox and the end-to-end
tests run the application next to other servers in their own loop, so they start and
stop it with these two functions, in PTB's order.
"""

from __future__ import annotations

from bot.context import LimberApp
from bot.routes import ALLOWED_UPDATES


async def start(app: LimberApp, *, poll_timeout: int = 10) -> None:
    """Initialize, run ``post_init``, start polling (a long poll hangs at most
    ``poll_timeout`` seconds) and start handling updates."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
    )
    await app.start()


async def stop(app: LimberApp, *, clean: bool = True) -> None:
    """What ``run_polling`` does on SIGTERM; ``clean=False`` leaves out the engine's clean
    stop (``post_stop``), as a crash would: its claims stay behind."""
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
        if app.post_stop and clean:
            await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
