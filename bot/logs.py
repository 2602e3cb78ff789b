"""Logging set-up. Health data is private: no message text or token ever reaches a log."""

from __future__ import annotations

import logging

# These libraries log request URLs (which contain the token) or request bodies
# (which contain message text) below WARNING; keep them quiet whatever LOG_LEVEL says.
QUIET = (
    "httpx",
    "httpcore",
    "telegram.ext.ExtBot",
    "telegram.Bot",
    "apscheduler",
    "tornado.access",
)


def configure(level: str) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
