from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from unittest import mock

import pytest

from bot.logs import FLOORS, configure
from config.clock import ManualClock
from services.charts import charts
from tests.e2e.harness import Limber, running_limber


async def _left_running() -> None:
    """The chart pool's ``stop`` during an end-to-end test: the pool stays up."""


@pytest.fixture(scope="session")
def chart_pool_ended() -> Iterator[None]:
    """Ends the chart pool the end-to-end tests kept, after the last of them."""
    yield
    asyncio.run(charts.stop())


@pytest.fixture(autouse=True)
def one_chart_pool(chart_pool_ended: None) -> Iterator[None]:
    """One chart pool for all of a worker's end-to-end tests.

    Starting one (a worker a core, each drawing a first chart) takes a second or more, and
    the application's stop ends it: every test that drew a chart paid for a pool.
    ``tests/services/test_charts.py`` tests starting and stopping a pool.
    """
    with mock.patch.object(charts, "stop", _left_running):
        yield


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
