"""What ``run_polling`` does, step by step, inside an event loop that is already running.

``python -m bot`` lets PTB own the loop (``run_polling``); the sandbox and the end-to-end
tests run the application next to other servers in their own loop, so they start and
stop it with these two functions, in PTB's order.
"""

from __future__ import annotations

from telegram.error import TelegramError

from bot.context import LimberApp
from bot.routes import ALLOWED_UPDATES


def _report(app: LimberApp, error: TelegramError) -> None:
    app.create_task(app.process_error(error=error, update=None))


async def start(app: LimberApp, *, poll_timeout: int = 10, polling: bool = True) -> None:
    """Initialize, run ``post_init``, start polling (a long poll hangs at most
    ``poll_timeout`` seconds; as in ``run_polling``, its errors go to the application's
    error handler) and start handling updates. ``polling=False``: an instance that does
    not poll (in webhook mode a server feeds its update queue)."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    assert app.updater is not None
    if polling:
        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=lambda error: _report(app, error),
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
