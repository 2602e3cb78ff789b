"""``python -m bot``: run Limber by long polling or behind a webhook (``MODE``)."""

from __future__ import annotations

import sys

from pydantic import ValidationError

from bot import texts, webhook
from bot.app import build_application
from bot.logs import configure
from bot.routes import ALLOWED_UPDATES
from config.knowledge import KnowledgeError
from config.settings import Mode, Settings


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


def main() -> None:
    settings = load_settings()
    configure(settings.log_level)
    try:
        app = build_application(settings, handle_signals=True)
    except KnowledgeError as error:
        print(
            f"Limber's knowledge base is not valid, so it will not start:\n  {error}",
            file=sys.stderr,
        )
        raise SystemExit(2) from None
    if settings.mode is Mode.WEBHOOK:
        webhook.run(app, settings)  # stops cleanly on SIGTERM, as polling does
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES, stop_signals=None)


if __name__ == "__main__":
    main()
