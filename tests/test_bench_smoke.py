"""The engine benchmarks still run: each at a tiny size, checked for its figures, never timings.

The scripts check their own results (every delivery counted, every one sent once) and
raise if a figure does not add up; here they only have to finish and print a table or
JSON with every column. PostgreSQL runs only when ``LIMBER_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import json
import os

import pytest

from bench import adapt, engine_claims, sandbox_week, scale, sender_rate, summaries
from bench._bot import LagBuckets
from bench._common import Column


def _postgres_url() -> str:
    """The server to use; as in ``tests/conftest.py``, missing under CI=true is a failure."""
    url = os.environ.get("LIMBER_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("LIMBER_TEST_POSTGRES_URL is not set under CI=true")
    pytest.skip("set LIMBER_TEST_POSTGRES_URL to smoke-test the PostgreSQL runs")


def _results(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    results: list[dict[str, object]] = json.loads(capsys.readouterr().out)["results"]
    return results


def _has_every_figure(result: dict[str, object], columns: tuple[Column, ...]) -> bool:
    return all(result.get(c.key) is not None for c in columns)


def test_engine_claims_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    engine_claims.main(["--users", "10", "--hours", "6"])
    lines = capsys.readouterr().out.splitlines()
    assert "claimed/s" in lines[0] and "deliveries/s" in lines[0]
    assert lines[2].split()[:2] == ["sqlite", "10"]


def test_engine_claims_json_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    engine_claims.main(["--users", "10", "--hours", "6", "--json"])
    [result] = _results(capsys)
    assert _has_every_figure(result, engine_claims.COLUMNS)
    assert result["backend"] == "sqlite" and result["users"] == 10
    assert int(str(result["claimed"])) > 0 and int(str(result["created"])) > 0


def test_sender_rate_json_sends_every_delivery(capsys: pytest.CaptureFixture[str]) -> None:
    sender_rate.main(["--count", "12", "--rate", "none", "--rate", "1000", "--json"])
    results = _results(capsys)
    assert [(r["count"], r["budget"], r["sent"]) for r in results] == [
        (12, "none", 12),
        (12, 1000.0, 12),
    ]
    assert all(_has_every_figure(r, sender_rate.COLUMNS) for r in results)


def test_sender_rate_skips_long_budgeted_runs(capsys: pytest.CaptureFixture[str]) -> None:
    sender_rate.main(["--count", "5", "--rate", "30", "--max-budgeted-seconds", "0.1"])
    out = capsys.readouterr().out
    assert "skipped: 5 at 30/s" in out and "msgs/s" in out


@pytest.mark.slow
def test_summaries_json_sends_a_text_and_a_chart_to_each_user(
    capsys: pytest.CaptureFixture[str],
) -> None:
    summaries.main(["--users", "3", "--rate", "1000", "--render-batch", "2", "--json"])
    [result] = _results(capsys)
    assert _has_every_figure(result, summaries.COLUMNS)
    assert [result[k] for k in ("backend", "users", "texts", "photos")] == ["sqlite", 3, 3, 3]
    seconds = float(str(result["seconds"]))
    texts_done = float(str(result["texts_done_s"]))
    assert 0 < texts_done <= seconds
    assert float(str(result["msgs_per_s"])) * seconds == pytest.approx(6)
    assert int(str(result["workers"])) >= 1 and float(str(result["worker_rss_mib"])) > 0


@pytest.mark.postgres
def test_both_scripts_run_on_postgres(capsys: pytest.CaptureFixture[str]) -> None:
    url = _postgres_url()
    engine_claims.main(["--users", "5", "--no-sqlite", "--postgres", url, "--json"])
    sender_rate.main(["--count", "5", "--rate", "none", "--postgres", url, "--json"])
    claims, sends = (json.loads(part) for part in _split_json(capsys.readouterr().out))
    assert claims["results"][0]["backend"] == "postgresql"
    assert sends["results"][0]["sent"] == 5


# Every phase at its smallest: the warm-ups fall due during start-up (their lateness is a
# figure, never checked here), so no phase waits for its moments.
SCALE_TINY = [
    "--users",
    "120",
    "--settle",
    "0",
    "--idle-seconds",
    "1",
    "--probes",
    "3",
    "--probe-start",
    "1",
    "--probe-seconds",
    "1",
    "--burst-gap",
    "0.5",
    "--burst",
    "12",
    "--resync-probes",
    "2",
    "--resync-probe-start",
    "0.5",
    "--resync-probe-seconds",
    "0.5",
    "--claim-rules",
    "50",
    "--json",
]


def _scale_adds_up(result: dict[str, object]) -> None:
    """Every warm-up once, nothing else sent, each phase's figures there and consistent."""
    assert result["problems"] == []
    assert (result["users"], result["workouts"], result["rules"]) == (120, 120, 960)
    assert 0 < float(str(result["ready_s"])) <= float(str(result["start_reply_s"]))
    assert float(str(result["rss_rest_mib"])) > 0 and float(str(result["idle_cpu_pct"])) >= 0
    assert (result["late_sent_once"], result["burst_sent_once"]) == (3, 12)
    assert result["deliveries"] == {"sent": 15} and result["other_sends"] == 0
    assert result["burst_429s"] == 0 and 1 <= int(str(result["burst_busiest_second"])) <= 12
    assert result["stop_code"] == 0
    assert result["resync_finished"] is True and result["resynced"] == result["resync_users"]
    assert int(str(result["resync_users"])) > 0
    assert int(str(result["claimed"])) >= 50


@pytest.mark.slow
def test_scale_json_adds_up(capsys: pytest.CaptureFixture[str]) -> None:
    scale.main(SCALE_TINY)
    [result] = _results(capsys)
    assert result["backend"] == "sqlite"
    _scale_adds_up(result)
    assert int(str(result["chart_workers"])) >= 1 and float(str(result["worker_rss_mib"])) > 0
    assert float(str(result["rss_location_mib"])) > 0


def test_scale_prints_the_issue_table() -> None:
    found = {"backend": "sqlite", "ready_s": 1.0, "problems": [], "notes": []}
    lines = scale.table([found]).splitlines()
    assert lines[0].split() == ["sqlite"]
    assert any(line.startswith("ready to poll") and line.endswith("1.00 s") for line in lines)
    assert any(line.startswith("CPU when nothing is due") and line.endswith("-") for line in lines)


@pytest.mark.slow
@pytest.mark.postgres
def test_scale_runs_on_postgres(capsys: pytest.CaptureFixture[str]) -> None:
    url = _postgres_url()
    scale.main([*SCALE_TINY, "--no-sqlite", "--postgres", url, "--skip", "chart"])
    [result] = _results(capsys)
    assert result["backend"] == "postgresql"
    _scale_adds_up(result)


def _split_json(out: str) -> list[str]:
    """Two JSON documents printed one after the other."""
    decoder = json.JSONDecoder()
    first, end = decoder.raw_decode(out)
    return [json.dumps(first), out[end:].strip()]


def test_loop_lag_buckets_give_bounds_over_a_window() -> None:
    """The busy bench reads the bot's lag histogram before and after its window."""
    before = LagBuckets(((0.01, 10.0), (0.02, 10.0), (0.1, 10.0), (float("inf"), 10.0)))
    after = LagBuckets(((0.01, 105.0), (0.02, 109.0), (0.1, 110.0), (float("inf"), 110.0)))
    window = after - before
    assert window.count == 100
    assert window.quantile_bound(0.95) == 0.01 and window.quantile_bound(0.99) == 0.02
    assert window.max_bound() == 0.1 and window.over(0.02) == 1 and window.over(0.1) == 0


def test_adapt_compares_four_policies(capsys: pytest.CaptureFixture[str]) -> None:
    adapt.main(["--users", "40", "--weeks", "2", "--json"])
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["policy"] for r in results] == ["fixed", "repeats", "adaptive", "both"]
    assert all(r["reminders"] == 40 * 2 * 3 for r in results)
    fixed, repeats = results[0], results[1]
    assert fixed["over_two_msgs"] == 0 and repeats["over_two_msgs"] > 0
    assert all(0 <= r["acted_30min"] <= 1 for r in results)


@pytest.mark.slow
async def test_sandbox_week_lives_a_week_without_an_error() -> None:
    """One person onboarded as a newcomer would (the bench's script follows the questions),
    then the sandbox's '+1 week': messages sent, nothing logged as an error."""
    result = await sandbox_week.measure(1)
    assert result["errors_logged"] == 0
    assert isinstance(result["messages"], int) and result["messages"] > 20
