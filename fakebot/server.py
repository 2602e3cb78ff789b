"""The fake Bot API HTTP server (aiohttp, 127.0.0.1, a free port) and its controls."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from types import TracebackType
from typing import Any

from aiohttp import web

from fakebot.bot_methods import commands_key, menu
from fakebot.faults import FaultPlan
from fakebot.group import FakeGroup
from fakebot.methods import API_NAMES, METHODS, load
from fakebot.models import ApiError, ApiRequest, CallbackAnswer
from fakebot.pace import GROUP_LIMIT
from fakebot.requests import read_params
from fakebot.state import BotState
from fakebot.user import FakeUser
from fakebot.validation import decode_params

DEFAULT_TOKEN = "7000000001:AAFakeLimberTestTokenForTheFakeBotApi01"
_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")


def _not_found() -> web.Response:
    return web.json_response(ApiError(404, "Not Found").payload(), status=404)


async def _unknown_path(_: web.Request) -> web.Response:
    return _not_found()


class FakeBotApi:
    """A Telegram Bot API server double; see the package docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        now: Callable[[], float | datetime] = time.time,
        username: str = "limber_test_bot",
        first_name: str = "Limber Test",
        pace_clock: Callable[[], float] | None = None,
        group_limit: int | None = GROUP_LIMIT,
    ) -> None:
        """``now`` dates messages and updates; ``pace_clock`` (seconds; ``now`` unless
        given) times the group pace, ``group_limit`` messages a minute per group (None: no
        pace)."""
        self.token = token
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.state = BotState(self.bot_user, now, pace_clock=pace_clock, group_limit=group_limit)
        self.requests: list[ApiRequest] = []
        self._users: dict[int, FakeUser] = {}
        self.groups: dict[int, FakeGroup] = {}
        """Every group by id, supergroups made by ``migrate`` included."""
        self._faults = FaultPlan()
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # lifecycle ----------------------------------------------------------------------
    async def start(self) -> None:
        load()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("*", "/{tail:.*}", _unknown_path)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Answer pending long polls at once, then close the server."""
        self.state.closed = True
        self._stopping.set()
        await self.state.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)``: PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # test controls ------------------------------------------------------------------
    def user(
        self,
        user_id: int,
        first_name: str = "User",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        """The simulated user with this id (created with a private chat on first call)."""
        if user_id not in self._users:
            self._users[user_id] = FakeUser(
                self.state,
                user_id,
                first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
            )
        return self._users[user_id]

    def create_group(
        self,
        title: str,
        *,
        creator: FakeUser,
        admins: Iterable[FakeUser] = (),
        members: Iterable[FakeUser] = (),
        supergroup: bool = False,
    ) -> FakeGroup:
        """A new group (id -4…) or supergroup (id -100…) of these people, without the bot
        (``FakeGroup.add_bot`` adds it)."""
        return FakeGroup.create(
            self.state,
            self.groups,
            title,
            creator=creator,
            admins=admins,
            members=members,
            supergroup=supergroup,
        )

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        description: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        count: int = 1,
        late: bool = False,
    ) -> None:
        """Make the next ``count`` calls of ``method`` (any case, ``"*"`` for all) misbehave.

        ``status`` answers with that error (429 adds ``retry_after``, default 1; a 400
        description gets the ``Bad Request: `` prefix if missing); ``delay`` holds the
        answer back that many seconds first. With only ``delay`` the call then succeeds.
        ``late=True`` carries the call out first and delays only the answer: the message
        reaches the user while the client may already have given up (a read timeout).
        """
        self._faults.add(method, status, description, retry_after, delay, count, late)

    def block(self, user_id: int) -> None:
        """Every send or edit to this user's chat answers 403 "bot was blocked by the user"."""
        self.state.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self.state.blocked.discard(user_id)

    async def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (e.g. ``{"my_chat_member": {...}}``); returns it with its id."""
        return await self.state.push_update(update)

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return self.state.callback_answers

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        return list(self.state.updates)

    def calls(self, method: str) -> list[ApiRequest]:
        """Recorded requests of one method (any letter case)."""
        return [r for r in self.requests if r.method.lower() == method.lower()]

    async def wait_for_request(
        self,
        method: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - same shape as FakeUser.wait_for
    ) -> ApiRequest:
        """Wait for the *next* call of ``method`` (any case) that arrives after this call.

        A call is recorded when it arrives, so for getUpdates this returns when the bot
        starts its next poll, i.e. after it has received the updates of the previous one.
        """
        start = len(self.requests)

        def found() -> ApiRequest | None:
            wanted = method.lower()
            return next((r for r in self.requests[start:] if r.method.lower() == wanted), None)

        condition = self.state.changed
        async with condition:
            try:
                await asyncio.wait_for(condition.wait_for(lambda: found() is not None), timeout)
            except TimeoutError:
                raise AssertionError(f"no {method} call within {timeout} s") from None
        request = found()
        assert request is not None
        return request

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """What setMyCommands stored for this scope and language."""
        return self.state.commands.get(commands_key(scope, language_code), [])

    def menu(self, chat_id: int, user_id: int, language_code: str = "") -> list[dict[str, Any]]:
        """The command menu a Telegram client shows this user in this chat: the first list
        set along the documented order of scopes (member, chat administrators, chat, all
        chat administrators, all group chats or all private chats, default; each in
        ``language_code`` first)."""
        return menu(self.state, chat_id, user_id, language_code)

    def send_times(self, chat_id: int) -> list[float]:
        """When each message the bot sent to this chat was accepted, by the pace clock."""
        return list(self.state.chat(chat_id).send_times)

    def description(self, language_code: str = "", *, short: bool = False) -> str:
        """What setMyDescription (or setMyShortDescription) stored for this language."""
        return self.state.descriptions["short_description" if short else "description"].get(
            language_code, ""
        )

    # HTTP -----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if not _TOKEN_RE.fullmatch(token):
            return _not_found()
        if token != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        api_name = API_NAMES.get(request.match_info["method"].lower())
        if api_name is None:
            name = request.match_info["method"]
            self.requests.append(ApiRequest(name, dict(request.query), {}, 404))
            return _not_found()
        record: ApiRequest | None = None
        try:
            raw, uploads = await read_params(request)
            params = decode_params(raw)
            record = ApiRequest(api_name, params, {k: u.data for k, u in uploads.items()})
            self.requests.append(record)
            await self.state.notify()
            fault = self._faults.take(api_name)
            if fault is not None and fault.delay > 0 and not fault.late:
                await self._hold(fault.delay)
            if fault is not None and fault.error is not None:
                raise fault.error
            result = await METHODS[api_name.lower()](self.state, params, uploads)
            if fault is not None and fault.delay > 0 and fault.late:
                await self._hold(fault.delay)
        except ApiError as error:
            if record is None:
                self.requests.append(ApiRequest(api_name, {}, {}))
                record = self.requests[-1]
            record.status = error.status
            return web.json_response(error.payload(), status=error.status)
        return web.json_response({"ok": True, "result": result})

    async def _hold(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _not_found()
        stored = self.state.files.by_path.get(request.match_info["path"])
        if stored is None:
            return _not_found()
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )
