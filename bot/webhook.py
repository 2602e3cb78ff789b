"""Webhook mode: a small HTTP server that hands Telegram's updates to the application.

A custom server, as PTB's ``customwebhookbot`` examples serve webhooks, because PTB's own
refuses ``application/json; charset=utf-8``, reads a body before checking the secret and
logs what it cannot parse; this one checks the secret first, reads at most 1 MiB and logs no
path or content. What it accepts and answers: ``docs/webhook.md``. :func:`run` runs the
application around it as ``run_webhook`` would.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from urllib.parse import urlsplit

import tornado.web
from telegram import Update
from tornado.httpserver import HTTPServer

from bot import health
from bot.context import LimberApp
from bot.routes import ALLOWED_UPDATES
from config.settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # Telegram's updates are a few KiB


@tornado.web.stream_request_body
class UpdateReceiver(tornado.web.RequestHandler):
    """One POST from Telegram: check the headers, read the body, queue the update."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, app: LimberApp, secret: str) -> None:
        self.app = app
        self.secret = secret
        self.body = bytearray()

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")

    def prepare(self) -> None:
        """Runs once the headers are in, before tornado reads any of the body."""
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.debug("refused a request without the right secret")
            raise tornado.web.HTTPError(403)
        media_type = self.request.headers.get("Content-Type", "").partition(";")[0]
        if media_type.strip().lower() != "application/json":
            raise tornado.web.HTTPError(415)

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk

    async def post(self) -> None:
        try:
            data = json.loads(self.body)
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
            problem = "not an object" if update is None else ""
        except Exception as error:  # whatever malformed JSON or a malformed update raises
            update = None
            problem = type(error).__name__
        if update is None:
            log.warning(
                "webhook: refused a body that is no update (%s bytes, %s)", len(self.body), problem
            )
            raise tornado.web.HTTPError(400)
        await self.app.update_queue.put(update)

    def write_error(self, status_code: int, **kwargs: object) -> None:
        self.finish(json.dumps({"ok": False, "status": status_code}))


class ReceiverApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: paths and addresses stay out of Limber's logs."""


def receiver(app: LimberApp, path: str, secret: str) -> ReceiverApp:
    """The tornado application serving ``path`` (``/`` or ``/hook/telegram``), and
    ``/healthz``, ``/readyz`` and ``/metrics`` (``bot.health``; they come first)."""
    route = rf"{re.escape(path.rstrip('/'))}/?"
    return ReceiverApp(
        [*health.routes(app), (route, UpdateReceiver, {"app": app, "secret": secret})]
    )


def run(app: LimberApp, settings: Settings) -> None:
    """Run Limber behind its webhook: ``Application.run_webhook``'s life cycle with this
    server. The loop runs until ``app.stop_running()`` stops it (the signal handlers of
    ``build_application(handle_signals=True)`` call it, at any point once the application
    has started, even while the webhook is being registered), then stops in PTB's order."""
    url = settings.webhook_url
    secret = settings.webhook_secret
    assert url and secret
    path = urlsplit(url).path
    token = secret.get_secret_value()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = HTTPServer(receiver(app, path, token), max_body_size=MAX_BODY_BYTES)

    async def start_up() -> None:
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        server.listen(settings.port, address=settings.webhook_listen)
        await app.bot.set_webhook(url, secret_token=token, allowed_updates=ALLOWED_UPDATES)

    def stop_if_failed(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            loop.stop()  # then shut down as below, and raise the reason

    starting = loop.create_task(start_up())
    starting.add_done_callback(stop_if_failed)
    try:
        loop.run_forever()
    finally:
        starting.cancel()
        loop.run_until_complete(asyncio.gather(starting, return_exceptions=True))
        server.stop()
        loop.run_until_complete(server.close_all_connections())
        if app.running:
            loop.run_until_complete(app.stop())
            if app.post_stop:
                loop.run_until_complete(app.post_stop(app))
        loop.run_until_complete(app.shutdown())
        if app.post_shutdown:
            loop.run_until_complete(app.post_shutdown(app))
        loop.close()
    if not starting.cancelled() and (failed := starting.exception()) is not None:
        raise failed  # start-up failed (a bad webhook URL, say): exit with its reason
