"""Logging set-up. Health data is private: no message text or token ever reaches a log."""

from __future__ import annotations

import logging

from telegram.error import InvalidToken, NetworkError

# Below these levels, these libraries log what must stay private: python-telegram-bot
# logs whole updates and request parameters (message text) at DEBUG, httpx logs request
# URLs (which contain the token) at INFO, aiosqlite logs every query's parameters (what
# users typed) at DEBUG. APScheduler's INFO would log every tick.
FLOORS = {
    "telegram": logging.INFO,
    "aiosqlite": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "tornado.access": logging.WARNING,
    "apscheduler": logging.WARNING,
}


class StartFailure(logging.Filter):
    """Leaves out python-telegram-bot's log of a start-up that could not reach the Bot API
    or whose token was refused: ``python -m bot`` says so in one line instead of behind
    two tracebacks. Failures once running are logged as ever."""

    def filter(self, record: logging.LogRecord) -> bool:
        failure = record.exc_info[1] if record.exc_info else None
        starting = "Bootstrap" in record.getMessage()
        return not (starting and isinstance(failure, NetworkError | InvalidToken))


def configure(level: str) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    logging.getLogger("telegram.ext").addFilter(StartFailure())
    root = logging.getLogger().getEffectiveLevel()
    for name, floor in FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, root))
