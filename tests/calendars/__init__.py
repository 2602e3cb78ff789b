"""Calendars written for the tests: each holds the case its name says, dated from
``NOW`` (Monday 7 December 2026, 09:00 in Berlin) on."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).parent
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def calendar(name: str) -> bytes:
    """The test calendar ``<name>.ics``."""
    return (HERE / f"{name}.ics").read_bytes()
