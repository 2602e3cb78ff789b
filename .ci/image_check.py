"""Check a built image of Limber: its configuration, then its entrypoint run as its user.

No container runtime can start on the CI machine, so ``.ci/image`` mounts the file system
of a container created from the image (never started) and this script enters it with
``chroot``, as the image's user, in its working directory, with the image's environment:
what ``docker run`` would start, without a container's own network, process and resource
isolation. The bot talks to the project's fake Bot API (``fakebot``) on 127.0.0.1; the
chroot shares this machine's network.

It starts the image twice: as the image's defaults start it (long polling, SQLite in its
volume), and, when ``LIMBER_TEST_POSTGRES_URL`` names a PostgreSQL server, as
``deploy/compose.yml`` starts an instance (webhook mode, PostgreSQL, JSON logs; the
environment from ``deploy/example.env``, with only the database, the listening address and
the Bot API pointed at this machine).

Run as root, in a mount namespace of its own (``unshare --mount``: the /proc and /dev
mounted into the image's root vanish with it), with the project's virtual environment and
the project on ``PYTHONPATH`` (it uses the end-to-end tests' onboarding):

    python .ci/image_check.py IMAGE ROOT

It prints one line per check and exits 1 at the first that fails.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from config.settings import Settings
from fakebot import FakeBotApi, RecordedMessage
from tests.e2e.flows import onboard

SOURCE = Path(__file__).resolve().parent.parent
DEPLOY = SOURCE / "deploy"
START_TIMEOUT = 90.0  # a first start migrates, on a machine busy with the test suite
REPLY_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0  # deploy/compose.yml's stop_grace_period
PNG = b"\x89PNG\r\n\x1a\n"
NANOSECONDS = {"ms": 10**6, "us": 10**3, "ns": 1, "h": 3600 * 10**9, "m": 60 * 10**9, "s": 10**9}
LOAD_EXTENSIONS = """
import ctypes, importlib, sys, sysconfig
from pathlib import Path
site = Path(sysconfig.get_paths()["purelib"])
# numba's optional threading layers need OpenMP's or TBB's library, which a slim image does
# not have; Limber's compiled walks run on one thread, and numba uses its own layer then.
OPTIONAL_LAYERS = {"numba.np.ufunc.omppool", "numba.np.ufunc.tbbpool"}
failed = []
for path in sorted(site.rglob("*.so")):
    parts = path.relative_to(site).parts
    stem = parts[-1].split(".")[0]
    name = ".".join([*parts[:-1], stem])
    if parts[0].endswith(".libs") or "tk" in parts[-1]:
        continue  # vendored libraries load with their modules; no Tk in a slim image
    try:
        if b"PyInit_" + stem.encode() in path.read_bytes():
            importlib.import_module(name)
        else:  # a plain shared library that a module opens with ctypes (llvmlite's)
            ctypes.CDLL(str(path))
    except ModuleNotFoundError:
        pass  # an optional dependency that is not installed
    except Exception as error:
        if name in OPTIONAL_LAYERS and "cannot open shared object file" in str(error):
            continue
        failed.append(f"{name}: {error!r}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""
WALK_CACHED = """
import sys
from core.patterns.spending import _walk, warm_up
warm_up()
stats = _walk.stats
if not stats.cache_hits:
    sys.exit(f"compiled again ({stats.cache_path}): numba found no cache it could use")
print(stats.cache_path)
"""
LOAD_CATALOGS = """
import gettext, sys
for path in sys.argv[1:]:
    with open(path, "rb") as file:
        catalog = gettext.GNUTranslations(file)
    if len(catalog._catalog) < 2:  # the header alone
        sys.exit(f"{path}: no translated message")
"""


class CheckFailed(Exception):
    """One check of the image did not hold; the message says which and why."""


def ok(what: str) -> None:
    print(f"image: ok    {what}", flush=True)


def skip(what: str) -> None:
    print(f"image: skip  {what}", flush=True)


@dataclass(frozen=True)
class ImageUser:
    name: str
    uid: int
    gid: int
    home: str


@dataclass(frozen=True)
class Image:
    """What ``docker run`` takes from an image: its user, directory, environment, command."""

    root: Path
    config: dict[str, Any]

    @property
    def user(self) -> ImageUser:
        wanted = self.config.get("User") or "root"
        name, _, group = wanted.partition(":")
        for line in (self.root / "etc" / "passwd").read_text().splitlines():
            fields = line.split(":")
            if name in (fields[0], fields[2]):
                gid = int(group) if group.isdigit() else int(fields[3])
                return ImageUser(fields[0], int(fields[2]), gid, fields[5])
        raise CheckFailed(f"the image's user {wanted!r} is not in its /etc/passwd")

    @property
    def workdir(self) -> str:
        return str(self.config.get("WorkingDir") or "/")

    @property
    def env(self) -> dict[str, str]:
        pairs = (item.partition("=") for item in self.config.get("Env") or [])
        return {key: value for key, _, value in pairs}

    @property
    def command(self) -> list[str]:
        return [*(self.config.get("Entrypoint") or []), *(self.config.get("Cmd") or [])]

    def as_user(self, argv: list[str], env: dict[str, str]) -> list[str]:
        """``argv`` inside the image, as its user, in its working directory, with ``env``."""
        user = self.user
        home = {"HOME": user.home or "/"}  # as Docker sets it when the image does not
        pairs = [f"{key}={value}" for key, value in {**home, **env}.items()]
        return [
            "chroot",
            f"--userspec={user.uid}:{user.gid}",
            f"--groups={user.gid}",
            str(self.root),
            "/usr/bin/env",
            "-i",
            "-C",
            self.workdir,
            *pairs,
            *argv,
        ]

    async def run(self, argv: list[str], env: dict[str, str]) -> tuple[int, str]:
        """Run ``argv`` inside as the user to its end: exit code and output."""
        process = await asyncio.create_subprocess_exec(
            *self.as_user(argv, env),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode is not None
        return process.returncode, output.decode(errors="replace").strip()


def inspect(image: str) -> dict[str, Any]:
    found = subprocess.run(
        ["podman", "image", "inspect", image], capture_output=True, text=True, check=True
    )
    data = json.loads(found.stdout)[0]
    config: dict[str, Any] = data["Config"]
    # podman reports a docker-format image's health check beside its configuration
    return {**config, "Healthcheck": data.get("Healthcheck") or config.get("Healthcheck")}


# deploy/compose.yml --------------------------------------------------------------------
def compose_instances() -> dict[str, dict[str, Any]]:
    compose = yaml.safe_load((DEPLOY / "compose.yml").read_text())
    services: dict[str, dict[str, Any]] = compose["services"]
    return {name: s for name, s in services.items() if name.startswith("limber-")}


def example_env() -> dict[str, str]:
    lines = (DEPLOY / "example.env").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?message}``."""

    def one(match: re.Match[str]) -> str:
        name, how, rest = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        if how == "?":
            raise CheckFailed(f"deploy/example.env lacks {name} ({rest})")
        return rest or ""

    return re.sub(r"\$\{(\w+)(?::([-?])([^}]*))?\}", one, value)


def duration_ns(value: str) -> int:
    """A compose duration ("15s", "1m30s") in nanoseconds, as an image stores it."""
    units = "|".join(NANOSECONDS)
    parts = re.findall(rf"([\d.]+)({units})", value)
    return sum(int(float(number) * NANOSECONDS[unit]) for number, unit in parts)


# the image's configuration -------------------------------------------------------------
def check_config(image: Image) -> None:
    """User, entrypoint, ports and health check agree with the compose file and settings."""
    config = image.config
    user = image.user
    if user.uid == 0:
        raise CheckFailed(f"the image runs as root ({config.get('User')!r})")
    ok(f"runs as {user.name} (uid {user.uid}), not root")

    if image.command != ["python", "-m", "bot"]:
        raise CheckFailed(f"the image starts {image.command}, not python -m bot")
    ok("entrypoint: python -m bot")

    instances = compose_instances()
    ports = set(config.get("ExposedPorts") or {})
    webhook_port = Settings.model_fields["port"].default
    wanted = {f"{webhook_port}/tcp", f"{image.env.get('METRICS_PORT')}/tcp"}
    for name, service in instances.items():
        declared = {f"{port}/tcp" for port in service["expose"]}
        env = service["environment"]
        used = {f"{env['PORT']}/tcp", f"{env['METRICS_PORT']}/tcp"}
        if not ports == wanted == declared == used:
            raise CheckFailed(
                f"the image exposes {sorted(ports)}; its PORT and METRICS_PORT are "
                f"{sorted(wanted)}; {name} in deploy/compose.yml exposes {sorted(declared)} "
                f"and uses {sorted(used)}"
            )
    ok(f"ports {', '.join(sorted(ports))}: PORT and METRICS_PORT, as deploy/compose.yml")

    health = config.get("Healthcheck") or {}
    if not health.get("Test"):
        raise CheckFailed("no health check in the image (podman keeps it with --format docker)")
    for name, service in instances.items():
        declared = service["healthcheck"]
        same = (
            health["Test"] == declared["test"]
            and health.get("Interval") == duration_ns(declared["interval"])
            and health.get("Timeout") == duration_ns(declared["timeout"])
            and health.get("StartPeriod") == duration_ns(declared["start_period"])
            and health.get("Retries") == declared["retries"]
        )
        if not same:
            raise CheckFailed(f"the image's health check {health} is not {name}'s {declared}")
    ok(f"health check {' '.join(health['Test'][1:])}, timings as deploy/compose.yml")


# helpers for a running bot -------------------------------------------------------------
def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(wanted: int) -> int:
    """``wanted`` if it is free on this machine (the chroot shares its network), else any."""
    if port_is_free(wanted):
        return wanted
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    skip(f"port {wanted} is taken on this machine: {port} instead for this run")
    return port


def http_status(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


async def wait_ready(port: int) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + REPLY_TIMEOUT
    status = 0
    while loop.time() < deadline:
        status = await asyncio.to_thread(http_status, f"http://127.0.0.1:{port}/readyz")
        if status == 200:
            ok(f"/readyz answers 200 on METRICS_PORT {port}")
            return
        await asyncio.sleep(0.5)
    raise CheckFailed(f"/readyz on port {port} answered {status or 'nothing'}, not 200")


@asynccontextmanager
async def bot_running(
    image: Image, env: dict[str, str], fake: FakeBotApi, started_by: str, log_path: Path
) -> AsyncIterator[None]:
    """The image's command, started as its user; SIGTERM must stop it with exit code 0."""
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            *image.as_user(image.command, env), stdout=log, stderr=log
        )
    started = asyncio.ensure_future(fake.wait_for_request(started_by, START_TIMEOUT))
    exited = asyncio.ensure_future(process.wait())
    await asyncio.wait({started, exited}, return_when=asyncio.FIRST_COMPLETED)
    try:
        if exited.done():
            started.cancel()
            raise CheckFailed(f"python -m bot exited with {process.returncode} at start")
        exited.cancel()
        try:
            started.result()
        except AssertionError as error:
            raise CheckFailed(f"python -m bot did not start: {error}") from None
        ok(f"python -m bot started as {image.user.name} in {image.workdir} ({started_by})")
        yield
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                process.kill()
                await process.wait()
                raise CheckFailed(
                    f"python -m bot ignored SIGTERM for {STOP_TIMEOUT:.0f} s"
                ) from None
    if process.returncode != 0:
        raise CheckFailed(f"python -m bot exited with {process.returncode} on SIGTERM")
    ok("SIGTERM stops it cleanly (exit code 0)")
    logged = await asyncio.to_thread(log_path.read_bytes)
    if fake.token.encode() in logged or b"Traceback" in logged:
        raise CheckFailed("its log holds the token or a traceback")
    ok("its log holds neither the token nor a traceback")


def first_button(message: RecordedMessage) -> str | None:
    buttons = [b for b in message.inline_buttons if b.callback_data]
    return buttons[0].text if buttons else None


def has_button(message: RecordedMessage) -> bool:
    return first_button(message) is not None


async def start_answered(fake: FakeBotApi) -> None:
    """/start is answered, and so is a press of the first button it offers."""
    user = fake.user(1001, "Ada")
    await user.send("/start")
    reply = await user.next_message(timeout=REPLY_TIMEOUT)
    first_line = (reply.text or reply.caption or "").strip().splitlines()[:1]
    if not first_line:
        raise CheckFailed("the answer to /start has no text")
    ok(f"/start answered through the fake Bot API: {first_line[0][:50]!r}")
    prompt = reply if has_button(reply) else await user.wait_for(has_button, REPLY_TIMEOUT)
    button = first_button(prompt)
    assert button is not None
    await user.answer_to(await user.press(prompt, button), timeout=REPLY_TIMEOUT)
    await user.next_message(timeout=REPLY_TIMEOUT)
    ok(f"a press of {button!r} answered")


async def chart_drawn(fake: FakeBotApi) -> None:
    """A user set up as the end-to-end tests do gets a PNG chart for /stats."""
    user = fake.user(1002, "Grace")
    await onboard(user)
    await user.send("/stats")
    chart = await user.wait_for(lambda m: m.photo is not None, REPLY_TIMEOUT)
    assert chart.photo is not None
    if not chart.photo.data.startswith(PNG):
        raise CheckFailed("the chart for /stats is no PNG")
    ok(
        f"set up by the e2e tests' onboarding; /stats draws a PNG chart ({chart.photo.size:,} bytes)"
    )


async def walk_cached(image: Image, env: dict[str, str]) -> None:
    """The detector's walk, compiled when the image was built, is loaded from that cache by
    the image's user (numba uses a cache only where it may write)."""
    code, output = await image.run(["python", "-c", WALK_CACHED], env)
    if code != 0:
        raise CheckFailed(f"the detector's compiled walk: {output.strip()}")
    ok(f"the detector's walk loads as compiled at build time ({output.strip()})")


async def extensions_load(image: Image, env: dict[str, str]) -> None:
    code, output = await image.run(["python", "-c", LOAD_EXTENSIONS], env)
    if code != 0:
        raise CheckFailed(f"compiled modules that do not load in the image:\n{output}")
    ok("every compiled module of the dependencies loads (Tk's aside)")


def source_catalogs() -> set[tuple[str, str]]:
    """(language, domain) of every gettext catalog in the source, compiled or not."""
    skipped = {".git", ".venv", "venv", "node_modules"}
    found: set[tuple[str, str]] = set()
    for directory, subdirs, files in os.walk(SOURCE):
        subdirs[:] = [d for d in subdirs if d not in skipped]
        path = Path(directory)
        if path.name == "LC_MESSAGES":
            found |= {
                (path.parent.name, f.rsplit(".", 1)[0]) for f in files if f[-3:] in (".po", ".mo")
            }
    return found


async def catalogs_found(image: Image, env: dict[str, str]) -> None:
    """Every catalog in the source is compiled (.mo) into the image and loads there."""
    wanted = source_catalogs()
    if not wanted:
        skip("compiled language catalogs: the source has none yet (no */LC_MESSAGES/*.po)")
        return
    compiled: dict[tuple[str, str], Path] = {}
    for top in {"venv", image.workdir.strip("/")} - {""}:
        for mo in (image.root / top).rglob("LC_MESSAGES/*.mo"):
            compiled.setdefault((mo.parent.parent.name, mo.stem), mo)
    missing = sorted(wanted - compiled.keys())
    if missing:
        listed = ", ".join(f"{language}/{domain}" for language, domain in missing)
        raise CheckFailed(f"no compiled catalog (.mo) in the image for {listed}")
    inside = ["/" + str(compiled[key].relative_to(image.root)) for key in sorted(wanted)]
    code, output = await image.run(["python", "-c", LOAD_CATALOGS, *inside], env)
    if code != 0:
        raise CheckFailed(f"the image's catalogs do not load as its user: {output}")
    ok(f"compiled language catalogs found and loaded: {', '.join(inside)}")


async def health_check_passes(image: Image, env: dict[str, str]) -> None:
    code, output = await image.run(image.config["Healthcheck"]["Test"][1:], env)
    if code != 0:
        raise CheckFailed(f"the image's health check exits {code}: {output}")
    ok("the image's health check passes")


# the two starts --------------------------------------------------------------------------
async def as_the_image_starts(image: Image, log_path: Path) -> None:
    """Long polling with the image's defaults: SQLite in its volume, METRICS_PORT."""
    print("image: -- python -m bot with the image's defaults (polling, SQLite in /app/data)")
    metrics_port = free_port(int(image.env["METRICS_PORT"]))
    async with FakeBotApi() as fake:
        env = {
            **image.env,
            "METRICS_PORT": str(metrics_port),
            "BOT_TOKEN": fake.token,
            "BOT_API_BASE_URL": fake.base_url,
            "BOT_API_FILE_URL": fake.base_file_url,
        }
        async with bot_running(image, env, fake, "setMyCommands", log_path):
            try:
                await start_answered(fake)
                await extensions_load(image, env)
                await walk_cached(image, env)
                await chart_drawn(fake)
            except AssertionError as error:  # fakebot's waits say what did not come
                raise CheckFailed(str(error)) from None
            await wait_ready(metrics_port)
            await health_check_passes(image, env)
            await catalogs_found(image, env)
    database = str(make_url(image.env["DATABASE_URL"]).database)
    stat = (image.root / database.lstrip("/")).stat()
    if stat.st_uid != image.user.uid:
        raise CheckFailed(f"the database {database} belongs to uid {stat.st_uid}")
    ok(f"the database {database} was made by {image.user.name}")


@asynccontextmanager
async def postgres_database(admin_url: str) -> AsyncIterator[str]:
    """A new, empty database on the CI's PostgreSQL, dropped afterwards: its URL."""
    name = f"limber_image_{uuid.uuid4().hex[:12]}"

    async def admin(sql: str) -> None:
        engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(sql))
        finally:
            await engine.dispose()

    await admin(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def as_compose_starts_it(image: Image, log_path: Path) -> None:
    """An instance of deploy/compose.yml: webhook mode, PostgreSQL, JSON logs."""
    admin_url = os.environ.get("LIMBER_TEST_POSTGRES_URL")
    if not admin_url:
        skip("deploy/compose.yml's instance: LIMBER_TEST_POSTGRES_URL names no PostgreSQL")
        return
    name, service = next(iter(compose_instances().items()))
    print(f"image: -- python -m bot as deploy/compose.yml's {name} (example.env's settings)")
    variables = example_env()
    declared = {k: interpolate(str(v), variables) for k, v in service["environment"].items()}
    port = free_port(int(declared["PORT"]))
    metrics_port = free_port(int(declared["METRICS_PORT"]))
    async with FakeBotApi(declared["BOT_TOKEN"]) as fake, postgres_database(admin_url) as url:
        env = {
            **image.env,
            **declared,
            "DATABASE_URL": url,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "PORT": str(port),
            "METRICS_PORT": str(metrics_port),
            "BOT_API_BASE_URL": fake.base_url,
            "BOT_API_FILE_URL": fake.base_file_url,
        }
        async with bot_running(image, env, fake, "setWebhook", log_path):
            user = fake.user(1001, "Ada")
            status = await asyncio.to_thread(
                http_status,
                f"http://127.0.0.1:{port}{urlsplit(declared['WEBHOOK_URL']).path}",
                json.dumps({"update_id": 1, "message": start_message(user.id)}).encode(),
                {
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": declared["WEBHOOK_SECRET"],
                },
            )
            if status != 200:
                raise CheckFailed(f"the webhook answered a /start with {status}")
            try:
                await user.next_message(timeout=REPLY_TIMEOUT)
            except AssertionError as error:
                raise CheckFailed(str(error)) from None
            ok("a /start posted to its webhook is answered through the fake Bot API")
            await wait_ready(metrics_port)
            await health_check_passes(image, env)
    lines = (await asyncio.to_thread(log_path.read_text)).splitlines()
    if not lines or not all(line.startswith("{") and json.loads(line) for line in lines):
        raise CheckFailed("LOG_FORMAT=json, yet its log has lines that are no JSON")
    ok(f"its log is JSON, one object a line ({len(lines)} lines)")


def start_message(user_id: int) -> dict[str, Any]:
    chat = {"id": user_id, "type": "private", "first_name": "Ada"}
    return {
        "message_id": 1,
        "date": 0,
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "chat": chat,
        "from": {"id": user_id, "is_bot": False, "first_name": "Ada"},
    }


def mount_system(root: Path) -> None:
    """/proc and /dev inside the image's root, as a container has them."""
    subprocess.run(["mount", "-t", "proc", "proc", str(root / "proc")], check=True)
    subprocess.run(["mount", "--rbind", "/dev", str(root / "dev")], check=True)


def main(argv: list[str]) -> int:
    image_name, root = argv
    image = Image(Path(root), inspect(image_name))
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"limber-image-bot-{os.getpid()}.log"
    try:
        check_config(image)
        mount_system(image.root)
        asyncio.run(as_the_image_starts(image, log_path))
        asyncio.run(as_compose_starts_it(image, log_path))
    except CheckFailed as failure:
        print(f"image: FAIL  {failure}", flush=True)
        if log_path.exists():
            print("python -m bot's output in the image (its end):")
            print(log_path.read_text(errors="replace")[-4000:])
        return 1
    finally:
        log_path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
