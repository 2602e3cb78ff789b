"""``python -m bot``: run Limber by long polling or behind a webhook (``MODE``);
``python -m bot sandbox``: try it in a browser, with no token and no network."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from datetime import datetime

from pydantic import ValidationError
from telegram.error import InvalidToken, NetworkError

from bot import texts, webhook
from bot.app import build_application
from bot.instances import PollingTaken
from bot.logs import configure
from bot.routes import ALLOWED_UPDATES
from config.knowledge import KnowledgeError
from config.settings import Mode, Settings

log = logging.getLogger("bot.main")  # run as a script, this module's __name__ is __main__


def load_settings() -> Settings:
    try:
        return Settings()  # type: ignore[call-arg]  # read from the environment
    except ValidationError as error:
        missing = any(e["type"] == "missing" and e["loc"] == ("bot_token",) for e in error.errors())
        if missing:
            print(texts.TOKEN_MISSING, file=sys.stderr)
        else:
            problems = "\n".join(
                f"  {'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: {e['msg']}"
                for e in error.errors()
            )
            print(f"Limber's settings are not valid:\n{problems}", file=sys.stderr)
        raise SystemExit(2) from None


def _instant(value: str) -> datetime:
    instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-11-23T08:00Z")
    return instant


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Run Limber for Telegram (BOT_TOKEN, see README)."
    )
    commands = parser.add_subparsers(dest="command")
    sandbox = commands.add_parser(
        "sandbox", help="try Limber in a browser: no token, no network, a clock to move"
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=8080, help="port to listen on (8080)")
    sandbox.add_argument(
        "--start",
        type=_instant,
        default=None,
        help="start the clock at this moment, e.g. 2026-11-23T08:00Z (default: now)",
    )
    return parser.parse_args(argv)


def freeze_what_lives_as_long_as_the_process() -> None:
    """Move what start-up made (modules, the catalogs and the knowledge, the handlers) out of
    the garbage collector's sight: it lives as long as the process, and a full collection
    walking its ~160,000 objects held the event loop for about 100 ms every 10-25 s under
    load (``bench.busy``)."""
    gc.collect()
    gc.freeze()
    log.debug("start-up's %s objects set aside from garbage collection", gc.get_freeze_count())


def run_telegram() -> None:
    settings = load_settings()
    configure(settings.log_level, settings.log_format)
    try:
        app = build_application(settings, handle_signals=True)
    except KnowledgeError as error:
        print(
            f"Limber's knowledge base is not valid, so it will not start:\n  {error}",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    freeze_what_lives_as_long_as_the_process()
    url = settings.bot_api_base_url
    token = settings.bot_token.get_secret_value()
    try:
        if settings.mode is Mode.WEBHOOK:
            webhook.run(app, settings)  # stops cleanly on SIGTERM, as polling does
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES, stop_signals=None)
    except PollingTaken as error:
        print(error, file=sys.stderr, end="")
        raise SystemExit(3) from None
    except InvalidToken:
        print(texts.TOKEN_REFUSED.format(url=url), file=sys.stderr)
        raise SystemExit(2) from None
    except NetworkError as error:  # TimedOut too: nothing answered at start-up
        reason = str(error).replace(token, "<token>")
        print(texts.API_UNREACHABLE.format(url=url, reason=reason), file=sys.stderr)
        raise SystemExit(1) from None


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if args.command == "sandbox":
        from bot.sandbox import serve  # only here: Telegram mode never loads the fake

        serve.run(args.host, args.port, args.start)
    else:
        run_telegram()


if __name__ == "__main__":
    main()
