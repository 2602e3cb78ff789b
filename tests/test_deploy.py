"""The production compose file, its Caddyfile and Prometheus configuration, and the image.

``docker compose config`` validates the compose file when the Docker CLI has its compose
plugin (``.ci/run`` runs it too); without it, as on the machine this was written on, the
structure is checked here: what the services need of each other agrees across the files,
and with the settings. ``.ci/image`` builds the image and starts it (see the README).
"""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import healthcheck
from config.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    return loaded


def _limbers(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if name.startswith("limber-")}


def _has_compose_cli() -> bool:
    if shutil.which("docker") is None:
        return False
    found = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    return found.returncode == 0


@pytest.mark.skipif(
    not _has_compose_cli(), reason="no `docker compose` here; structure checked below"
)
def test_docker_compose_config_accepts_it() -> None:
    result = subprocess.run(
        [
            "docker",
            "compose",
            "-f",
            "deploy/compose.yml",
            "--env-file",
            "deploy/example.env",
            "config",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_two_webhook_instances_on_one_postgresql() -> None:
    compose = _compose()
    limbers = _limbers(compose)
    assert len(limbers) == 2
    envs = [s["environment"] for s in limbers.values()]
    assert {e["MODE"] for e in envs} == {"webhook"}
    assert len({e["INSTANCE_NAME"] for e in envs}) == 2
    assert len({e["WEBHOOK_URL"] for e in envs}) == 1
    for env in envs:
        assert env["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert "@db:5432/" in env["DATABASE_URL"]
        assert env["LOG_FORMAT"] == "json" and env["METRICS_PORT"] != env["PORT"]
    assert compose["services"]["db"]["image"].startswith("postgres:")


def test_every_service_has_a_health_check_and_waits_for_what_it_needs() -> None:
    services = _compose()["services"]
    assert {"db", "caddy", "prometheus"} <= services.keys()
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
        for needed, how in service.get("depends_on", {}).items():
            assert needed in services, f"{name} depends on an unknown {needed}"
            assert how["condition"] in {"service_healthy", "service_started"}


def test_variables_are_in_the_example_and_volumes_declared() -> None:
    text = (DEPLOY / "compose.yml").read_text()
    example = {
        line.split("=", 1)[0]
        for line in (DEPLOY / "example.env").read_text().splitlines()
        if line and not line.startswith("#")
    }
    required = set(re.findall(r"\$\{(\w+):\?", text))
    assert required and required <= example
    compose = _compose()
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), f"{name} mounts a missing {source}"
            else:
                assert source in compose["volumes"], f"{name} uses an undeclared volume"


def test_caddy_routes_the_webhook_to_both_and_prometheus_scrapes_both() -> None:
    limbers = _limbers(_compose())
    env = next(iter(limbers.values()))["environment"]
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    path = env["WEBHOOK_URL"].rsplit("}", 1)[1]  # after https://${LIMBER_DOMAIN...}
    assert f"handle {path} {{" in caddyfile
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams is not None
    assert set(upstreams.group(1).split()) == {f"{name}:{env['PORT']}" for name in limbers}
    assert "health_uri /readyz" in caddyfile and f"health_port {env['METRICS_PORT']}" in caddyfile
    prometheus = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    (job,) = prometheus["scrape_configs"]
    assert job["metrics_path"] == "/metrics"
    targets = {t for config in job["static_configs"] for t in config["targets"]}
    assert targets == {f"{name}:{env['METRICS_PORT']}" for name in limbers}


def test_the_image_is_multi_stage_unprivileged_and_health_checked() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) >= 2 and " AS build" in stages[0]
    last = lines.index(stages[-1])
    users = [line for line in lines[last:] if line.startswith("USER ")]
    assert users and users[-1] not in {"USER root", "USER 0"}
    assert any(line.startswith("COPY --from=build") for line in lines[last:])
    health = next(i for i, line in enumerate(lines) if line.startswith("HEALTHCHECK"))
    assert "bot.healthcheck" in lines[health] + lines[health + 1]
    assert any(line.startswith("ENTRYPOINT") for line in lines[last:])


def test_the_image_copies_every_package_it_installs() -> None:
    """A package left out of the COPY lines installs nothing: ``python -m bot`` then fails."""
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {pattern.rstrip("*") for pattern in patterns}
    assert packages >= {"bot", "core"}
    for package in sorted(packages):
        assert f"COPY {package} {package}" in lines, f"the Dockerfile does not copy {package}/"
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    ignored = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert not ignored & (packages | {"pyproject.toml", "README.md"})


def _image_variables(dockerfile: str) -> set[str]:
    """The variables the Dockerfile's ENV lines set (one ENV, continued over lines)."""
    names: set[str] = set()
    in_env = False
    for line in dockerfile.splitlines():
        stripped = line.strip()
        if stripped.startswith("ENV "):
            in_env, stripped = True, stripped.removeprefix("ENV ")
        if in_env:
            names |= set(re.findall(r"(\w+)=", stripped))
            in_env = stripped.endswith("\\")
    return names


def test_every_variable_set_for_limber_is_a_setting() -> None:
    """A renamed setting would leave the compose file or the image setting a dead name."""
    settings = {name.upper() for name in Settings.model_fields}
    for name, service in _limbers(_compose()).items():
        unknown = set(service["environment"]) - settings
        assert not unknown, f"{name} sets {unknown}, which are not settings"
    dockerfile = (ROOT / "Dockerfile").read_text()
    image_env = _image_variables(dockerfile) - {"PATH", "PYTHONUNBUFFERED", "MPLCONFIGDIR"}
    assert "DATABASE_URL" in image_env and image_env <= settings
    local = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(local["services"]["bot"]["environment"]) <= settings


def test_the_example_env_file_names_every_setting_and_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``.env.example`` copied to ``.env`` starts Limber as it stands: a variable left
    empty there means its default."""
    example = ROOT / ".env.example"
    names = {
        line.split("=", 1)[0]
        for line in example.read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert names == {name.upper() for name in Settings.model_fields}
    for name in names:
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=example)  # type: ignore[call-arg]
    assert settings.metrics_port is None and settings.chart_workers is None
    assert settings.instance_name and settings.webhook_url is None


@pytest.mark.parametrize(
    ("environ", "port"),
    [
        ({"METRICS_PORT": "9100"}, 9100),
        ({"METRICS_PORT": "9100", "MODE": "webhook", "PORT": "8443"}, 9100),
        ({"MODE": "webhook", "PORT": "8080"}, 8080),
        ({"METRICS_PORT": " ", "MODE": "polling"}, None),
    ],
)
def test_the_health_check_asks_the_right_port(environ: dict[str, str], port: int | None) -> None:
    assert healthcheck.probe_port(environ) == port


@pytest.fixture
def readyz() -> Iterator[tuple[int, list[int]]]:
    """A server answering /readyz with the status at the front of the list."""
    answers = [200]

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(answers[0] if self.path == "/readyz" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port, answers
    server.shutdown()


def test_the_health_check_exits_by_readiness(
    readyz: tuple[int, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, answers = readyz
    monkeypatch.setenv("METRICS_PORT", str(port))
    assert healthcheck.main() == 0
    answers[0] = 503
    assert healthcheck.main() == 1
    monkeypatch.delenv("METRICS_PORT")
    monkeypatch.setenv("MODE", "polling")
    assert healthcheck.main() == 1
