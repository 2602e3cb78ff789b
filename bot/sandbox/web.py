"""The sandbox's web chat: the page, a small JSON API, and live updates (server-sent events).

Each action of the page is what a Telegram client would do for its person (``user``) in one
chat (``chat``: their private chat, the default, or the group's id): send a text, share a
location (in private), press an inline button; the fake Bot API turns it into an update
that the application polls. The time machine moves the world's clock; reset starts a new world
on an empty database. While a world starts (the page may load first, and Reset starts a new
one) the API answers 503 with ``{"starting": true}``, and the page waits and asks again.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web

from bot.menu import telegram_code
from bot.sandbox.chat import chat_view
from bot.sandbox.world import PEOPLE, STEPS, World
from config.locales import LANGUAGES, normalise
from fakebot import FakeGroup

APP_LANGUAGES = {code: code.replace("_", "-").lower() for code in LANGUAGES}
"""The ``language_code`` a Telegram app in each shipped language sends (IETF: ``pt-br``)."""

KEEPALIVE_SECONDS = 15.0
_PNG = b"\x89PNG"
MAX_UPLOAD = 2 * 1024 * 1024
"""The largest file the attach control sends (Telegram's own limit is far above)."""
STARTING = "Limber is starting; a moment, please."
_UNGATED = ("/api/events", "/api/reset")
"""The live-update stream follows whichever world is up; a reset waits for its turn."""


class Sandbox:
    """The page server and the world it shows; ``reset`` swaps in a new world."""

    def __init__(self, database: Path, start: datetime | None = None) -> None:
        self.database = database
        self.start_at = start
        self.world = World(database, start=start)
        self._resetting = asyncio.Lock()
        self._closing = False
        self._up = False  # the world's application is running
        self._using = 0  # API requests at work on the world
        self._quiet = asyncio.Condition()

    async def start(self) -> None:
        async with self._resetting:
            await self.world.start()
            self._up = True

    async def close_streams(self) -> None:
        """End every live-update stream, so that the server can stop at once."""
        self._closing = True
        await self.world.fake.state.notify()

    async def stop(self) -> None:
        await self.world.stop()

    async def reset(self) -> None:
        """A new world on an empty database: new requests wait (503) while the ones at
        work on the old world finish (a week's jump included), then it stops."""
        async with self._resetting:
            self._up = False
            async with self._quiet:
                await self._quiet.wait_for(lambda: self._using == 0)
            old = self.world
            self.world = World(self.database, start=self.start_at)
            await old.fake.state.notify()  # live-update streams move to the new world
            await old.stop()
            await self.world.start()
            self._up = True
            await self.world.fake.state.notify()

    @web.middleware
    async def _world_up(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """The API works on a running world only: "starting" until then, never an error."""
        if not request.path.startswith("/api/") or request.path in _UNGATED:
            return await handler(request)
        if not self._up:
            return web.json_response({"starting": True, "text": STARTING}, status=503)
        self._using += 1
        try:
            return await handler(request)
        finally:
            self._using -= 1
            async with self._quiet:
                self._quiet.notify_all()

    # the page and its API ---------------------------------------------------------------
    def routes(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024, middlewares=[self._world_up])
        app.add_routes(
            [
                web.get("/", self._page),
                web.get("/api/chat", self._chat),
                web.get("/api/events", self._events),
                web.post("/api/send", self._send),
                web.post("/api/location", self._location),
                web.post("/api/document", self._document),
                web.post("/api/press", self._press),
                web.post("/api/warp", self._warp),
                web.post("/api/reset", self._reset),
                web.post("/api/language", self._language),
                web.get("/files/{path:.+}", self._file),
            ]
        )
        return app

    async def _page(self, _: web.Request) -> web.Response:
        page = files("bot.sandbox").joinpath("page.html").read_text(encoding="utf-8")
        return web.Response(text=page, content_type="text/html")

    def _person_id(self, value: Any) -> int:
        try:
            user_id = int(value)
        except (TypeError, ValueError):
            raise web.HTTPBadRequest(text="unknown person") from None
        if user_id not in self.world.people:
            raise web.HTTPBadRequest(text="unknown person")
        return user_id

    def _group(self, user_id: int, value: Any) -> FakeGroup | None:
        """The chat a request acts in: the group (by its id), or None for the person's
        private chat (no ``chat``, or the person's own id)."""
        if value in (None, "", str(user_id), user_id):
            return None
        group = self.world.group
        if str(value) != str(group.id):
            raise web.HTTPBadRequest(text="unknown chat")
        return group

    async def _chat(self, request: web.Request) -> web.Response:
        world = self.world
        user_id = self._person_id(request.query.get("user"))
        group = self._group(user_id, request.query.get("chat"))
        zone = await world.zone(user_id)  # a Telegram app shows times in its person's zone
        now = world.clock.now().astimezone(zone)
        view = chat_view(world.person(user_id), zone, group)
        view["clock"] = {
            "shown": now.strftime("%a %d %b %Y, %H:%M"),
            "zone": str(zone),
            "iso": now.isoformat(),
        }
        view["people"] = [
            {"id": uid, "name": name, "admin": world.group.is_admin(uid)} for uid, name in PEOPLE
        ]
        view["chats"] = [
            {"id": world.group.id, "name": world.group.title, "kind": world.group.type},
            *({"id": uid, "name": name, "kind": "private"} for uid, name in PEOPLE),
        ]
        view["chat"] = user_id if group is None else group.id
        app_language = str(world.person(user_id).json.get("language_code", "en"))
        shown = normalise(app_language)
        code = "" if shown == "en" else telegram_code(shown)
        view["commands"] = world.fake.menu(view["chat"], user_id, code)
        view["language"] = app_language
        view["languages"] = [{"code": APP_LANGUAGES[c], "name": n} for c, n in LANGUAGES.items()]
        view["steps"] = [*STEPS, "next"]
        return web.json_response(view)

    async def _body(self, request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text="JSON expected") from None
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(text="JSON object expected")
        return body

    async def _send(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        user_id = self._person_id(body.get("user"))
        group = self._group(user_id, body.get("chat"))
        text = str(body.get("text", "")).strip()[:4096]
        person = self.world.person(user_id)
        if text and group is None:
            await person.send(text)
        elif text and group is not None:
            await group.send(person, text)
        return web.json_response({"ok": True})

    async def _location(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        try:
            latitude = float(body["latitude"])
            longitude = float(body["longitude"])
        except (KeyError, TypeError, ValueError):
            raise web.HTTPBadRequest(text="latitude and longitude expected") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise web.HTTPBadRequest(text="not a place on Earth")
        user_id = self._person_id(body.get("user"))
        if self._group(user_id, body.get("chat")) is not None:
            raise web.HTTPBadRequest(text="a location is shared in a private chat")
        await self.world.person(user_id).share_location(latitude, longitude)
        return web.json_response({"ok": True})

    async def _document(self, request: web.Request) -> web.Response:
        """A file from the page's attach control, sent to the bot as a Telegram document
        (read here up to ``MAX_UPLOAD`` bytes: past Limber's own limit, so its refusal shows)."""
        reader = await request.multipart()
        user: str | None = None
        name, data = "file", b""
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "user":
                user = (await part.read(decode=True)).decode(errors="replace")
            elif part.name == "file":
                name = part.filename or name
                data = await self._upload(part)
        person = self.world.person(self._person_id(user))
        if not data:
            raise web.HTTPBadRequest(text="no file chosen")
        await person.send_document(data, name, mimetypes.guess_type(name)[0])
        return web.json_response({"ok": True})

    @staticmethod
    async def _upload(part: BodyPartReader) -> bytes:
        data = bytearray()
        while chunk := await part.read_chunk():
            data += chunk
            if len(data) > MAX_UPLOAD:
                raise web.HTTPRequestEntityTooLarge(max_size=MAX_UPLOAD, actual_size=len(data))
        return bytes(data)

    async def _press(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        user_id = self._person_id(body.get("user"))
        group = self._group(user_id, body.get("chat"))
        person = self.world.person(user_id)
        try:
            if group is None:
                await person.press(int(body["message_id"]), str(body["data"]))
            else:
                await group.press(person, int(body["message_id"]), str(body["data"]))
        except (KeyError, TypeError, ValueError, LookupError):
            raise web.HTTPBadRequest(text="no such button") from None
        return web.json_response({"ok": True})

    async def _language(self, request: web.Request) -> web.Response:
        """The person's Telegram app speaks another language: Limber takes it at the first
        contact (afterwards /language changes Limber's)."""
        body = await self._body(request)
        person = self.world.person(self._person_id(body.get("user")))
        code = str(body.get("code", ""))
        if code not in APP_LANGUAGES.values():
            raise web.HTTPBadRequest(text="unknown language")
        person.json["language_code"] = code
        return web.json_response({"ok": True})

    async def _warp(self, request: web.Request) -> web.Response:
        step = str((await self._body(request)).get("step", ""))
        if step not in STEPS and step != "next":
            raise web.HTTPBadRequest(text="unknown step")
        sent = await self.world.warp(step)
        return web.json_response({"ok": True, "found": sent})

    async def _reset(self, _: web.Request) -> web.Response:
        await self.reset()
        return web.json_response({"ok": True})

    async def _file(self, request: web.Request) -> web.Response:
        stored = self.world.fake.state.files.by_path.get(request.match_info["path"])
        if stored is None:
            raise web.HTTPNotFound()
        if stored.mime_type is None:  # a photo: Telegram re-encodes; the fake keeps bytes
            kind = "image/png" if stored.data.startswith(_PNG) else "image/jpeg"
            return web.Response(body=stored.data, content_type=kind)
        name = (stored.file_name or "file").replace('"', "")
        return web.Response(
            body=stored.data,
            content_type=stored.mime_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """``changed`` whenever the fake's world changes (a message, an edit, a press's
        answer, the clock); the page then reads its chat again."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        with contextlib.suppress(ConnectionResetError):  # the page went away
            shown: tuple[object, ...] = ()
            while not self._closing:
                if self._fingerprint() != shown:
                    await asyncio.sleep(0.05)  # one event for a burst of changes
                    shown = self._fingerprint()
                    await response.write(b"event: changed\ndata: {}\n\n")
                condition = self.world.fake.state.changed
                async with condition:
                    if self._closing:  # checked under the lock that close_streams notifies
                        break
                    try:
                        await asyncio.wait_for(condition.wait(), KEEPALIVE_SECONDS)
                    except TimeoutError:
                        await response.write(b": keep-alive\n\n")  # notices a closed page
        return response

    def _fingerprint(self) -> tuple[object, ...]:
        """What the page shows changes only when one of these does (a getUpdates call
        also wakes the fake's condition, and changes none of them)."""
        state = self.world.fake.state
        deleted = sum(
            m.deleted for chat in state.chats.values() for m in chat.bot_messages.values()
        )
        users = sum(len(chat.user_messages) for chat in state.chats.values())
        return (
            id(self.world),
            len(state.events),
            len(state.callback_answers),
            deleted,
            users,
            self.world.clock.now(),
        )
