"""Logging set-up. Health data is private: no message text or token ever reaches a log.

``LOG_FORMAT=text`` (the default) writes ``time level logger: event`` lines for people;
``LOG_FORMAT=json`` writes one JSON object per line for machines: ``time`` (UTC, ISO 8601),
``level``, ``logger``, ``event``, ``user_id`` when the line is about one user (the user
whose update or reminder is being handled: ``jobs.telemetry.acting_user``), and for an
exception its ``error`` type and ``stack`` without its message (an exception's message
can quote what a user typed; Telegram's own are kept, as ``bot.handlers.errors`` does).
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any

from telegram.error import InvalidToken, NetworkError, TelegramError

from jobs.telemetry import acting_user

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
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class StartFailure(logging.Filter):
    """Leaves out python-telegram-bot's log of a start-up that could not reach the Bot API
    or whose token was refused: ``python -m bot`` says so in one line instead of behind
    two tracebacks. Failures once running are logged as ever."""

    def filter(self, record: logging.LogRecord) -> bool:
        failure = record.exc_info[1] if record.exc_info else None
        starting = "Bootstrap" in record.getMessage()
        return not (starting and isinstance(failure, NetworkError | InvalidToken))


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (``json.dumps`` escapes newlines)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        user = getattr(record, "user_id", None) or acting_user.get()
        if user is not None:
            entry["user_id"] = user
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            said = f": {error.message}" if isinstance(error, TelegramError) else ""
            entry["error"] = f"{type(error).__name__}{said}"
            entry["stack"] = "".join(traceback.format_tb(error.__traceback__))
        return json.dumps(entry, ensure_ascii=False, default=str)


def handler(log_format: str = "text") -> logging.Handler:
    """A handler writing to stderr in ``log_format`` (``text`` or ``json``)."""
    written = logging.StreamHandler()
    written.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    return written


def configure(level: str, log_format: str = "text") -> None:
    logging.basicConfig(handlers=[handler(log_format)], level=level)
    logging.getLogger("telegram.ext").addFilter(StartFailure())
    root = logging.getLogger().getEffectiveLevel()
    for name, floor in FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, root))
