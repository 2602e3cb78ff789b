"""Logging set-up. Health data is private: no message text or token ever reaches a log."""

from __future__ import annotations

import logging

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


def configure(level: str) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    root = logging.getLogger().getEffectiveLevel()
    for name, floor in FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, root))
