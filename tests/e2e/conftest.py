from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.logs import FLOORS, configure
from config.clock import ManualClock
from tests.e2e.harness import Limber, running_limber


@pytest.fixture
async def limber(database_url: str, clock: ManualClock) -> AsyncIterator[Limber]:
    async with running_limber(database_url, clock) as running:
        yield running


@pytest.fixture
def debug_logging(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """LOG_LEVEL=DEBUG as ``python -m bot`` sets it up; levels restored afterwards."""
    saved = {name: logging.getLogger(name).level for name in FLOORS}
    configure("DEBUG")
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
