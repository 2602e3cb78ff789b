from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from jobs.clock import ManualClock
from tests.e2e.harness import Limber, running_limber


@pytest.fixture
async def limber(database_url: str, clock: ManualClock) -> AsyncIterator[Limber]:
    async with running_limber(database_url, clock) as running:
        yield running
