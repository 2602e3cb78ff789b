"""What an operator sees, end to end: ``/healthz``, ``/readyz`` and ``/metrics`` on
``METRICS_PORT`` and beside the webhook, figures that move as reminders go out (a 429
included), and JSON log lines that name the user but never quote them."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tornado.httpserver import HTTPServer

from bot import webhook
from bot.logs import JsonFormatter
from config.clock import ManualClock
from jobs.telemetry import ERRORS
from tests.e2e.flows import has, settle
from tests.e2e.harness import Limber, running_limber
from tests.e2e.process import free_port
from tests.e2e.reminders_setup import berlin_runner, utc

PRIVATE = "kiwi-symptom-5521"  # text no log line may hold
Figures = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def get(http: aiohttp.ClientSession, port: int, path: str) -> tuple[int, str]:
    async with http.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.text()


async def scrape(http: aiohttp.ClientSession, port: int) -> Figures:
    status, body = await get(http, port, "/metrics")
    assert status == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def moved(before: Figures, after: Figures, name: str, **labels: str) -> float:
    key = (name, frozenset(labels.items()))
    assert key in after, f"{name}{labels} is not in /metrics"
    return after[key] - before.get(key, 0.0)


@pytest.fixture
def json_lines(debug_logging: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, as LOG_FORMAT=json writes it."""
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    yield written
    logging.getLogger().removeHandler(handler)


async def _sent_with_a_429(limber: Limber, http: aiohttp.ClientSession, port: int) -> Figures:
    """Alice's drink-before reminder meets a 429, waits in the queue, then goes."""
    limber.fake.fail_next("sendMessage", status=429, retry_after=1)
    await limber.advance_to(utc(15, 30))
    waiting = await scrape(http, port)
    assert waiting[("limber_queue_depth", frozenset())] == 1
    await limber.advance_to(utc(15, 30) + timedelta(seconds=1))
    return waiting


async def test_health_metrics_and_json_logs(
    database_url: str, clock: ManualClock, json_lines: io.StringIO
) -> None:
    port = free_port()
    hook_port = free_port()
    async with (
        running_limber(database_url, clock, metrics_port=port) as limber,
        aiohttp.ClientSession() as http,
    ):
        assert await get(http, port, "/healthz") == (200, '{"status": "ok"}')
        status, body = await get(http, port, "/readyz")
        assert status == 200, body
        assert json.loads(body) == {
            "status": "ready",
            "started": True,
            "database": True,
            "migrations": True,
            "engine": True,
        }
        before = await scrape(http, port)

        alice = await berlin_runner(limber)
        await alice.send(PRIVATE)
        await settle(limber)
        waiting = await _sent_with_a_429(limber, http, port)
        limber.fake.fail_next("sendMessage", status=500)
        await alice.send(PRIVATE)  # its reply fails: an unhandled error
        await alice.wait_for(has("Nothing you saved was lost"))
        after = await scrape(http, port)

        for kind in ("command", "message", "callback_query"):
            assert moved(before, after, "limber_updates_total", type=kind) >= 1
            assert moved(before, after, "limber_handler_seconds_count", type=kind) >= 1
        drink = {"kind": "drink_before"}
        assert moved(before, after, "limber_deliveries_total", status="retry", **drink) == 1
        assert moved(before, after, "limber_deliveries_total", status="sent", **drink) == 1
        assert moved(before, after, "limber_delivery_lateness_seconds_count", **drink) == 1
        assert moved(before, after, "limber_delivery_lateness_seconds_sum", **drink) >= 1.0
        assert moved(before, after, "limber_sends_total", method="sendMessage") >= 2
        assert moved(before, after, "limber_rate_limited_total") == 1
        assert moved(before, after, "limber_retry_after_seconds_count") == 1
        assert moved(before, after, "limber_retry_after_seconds_sum") == pytest.approx(1.0)
        assert moved(before, after, "limber_engine_wakeups_total") >= 2
        assert moved(before, after, "limber_engine_run_seconds_count") >= 2
        assert moved(before, after, "limber_errors_total", source="update") == 1
        assert moved(waiting, after, "limber_queue_depth") == -1

        server = HTTPServer(webhook.receiver(limber.app, "/", "secret"))
        server.listen(hook_port, address="127.0.0.1")
        try:
            assert (await get(http, hook_port, "/healthz"))[0] == 200
            assert (await get(http, hook_port, "/readyz"))[0] == 200
            assert "limber_updates_total" in (await get(http, hook_port, "/metrics"))[1]
            async with http.post(f"http://127.0.0.1:{hook_port}/", data=b"{}") as refused:
                assert refused.status == 403  # the webhook path itself is unchanged
        finally:
            server.stop()

        limber.engine.request_stop()
        status, body = await get(http, port, "/readyz")
        assert status == 503 and json.loads(body)["engine"] is False

    lines = json_lines.getvalue().splitlines()
    entries: list[dict[str, Any]] = [json.loads(line) for line in lines]
    assert entries and all(isinstance(e, dict) for e in entries)
    assert all({"time", "level", "logger", "event"} <= e.keys() for e in entries)
    assert not [line for line in lines if PRIVATE in line]
    assert not [line for line in lines if limber.settings.bot_token.get_secret_value() in line]
    unhandled = [e for e in entries if e["event"].startswith("unhandled error")]
    assert len(unhandled) == 1 and unhandled[0]["user_id"] == alice.id
    assert unhandled[0]["level"] == "ERROR"


async def test_a_failed_engine_run_is_counted_and_makes_the_instance_not_ready(
    limber: Limber, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = limber.engine

    async def broken() -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(engine, "run_once", broken)
    before = ERRORS.labels("engine")._value.get()
    engine.kick()
    assert engine._run is not None
    await asyncio.gather(engine._run, return_exceptions=True)
    await asyncio.sleep(0)  # its done callback
    assert ERRORS.labels("engine")._value.get() == before + 1
    assert not engine.healthy
    assert engine.timer.at == limber.clock.now() + engine._recheck  # it tries again
