"""``python -m bot.healthcheck``: the container's health check (the image's ``HEALTHCHECK``).

Asks the running instance's ``/readyz`` on ``METRICS_PORT`` (or, in webhook mode without
it, on ``PORT``) at 127.0.0.1 and exits 0 when it answers 200, 1 otherwise: healthy means
ready for traffic. It reads those three variables straight from the environment, so it
needs none of the bot's other settings and starts in a fraction of a second.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

TIMEOUT = 4.0


def probe_port(environ: dict[str, str]) -> int | None:
    port = environ.get("METRICS_PORT", "").strip()
    if port:
        return int(port)
    if environ.get("MODE", "polling").strip().lower() == "webhook":
        return int(environ.get("PORT", "8443"))
    return None


def main() -> int:
    port = probe_port(dict(os.environ))
    if port is None:
        print("no port to ask: set METRICS_PORT (polling mode serves /readyz only there)")
        return 1
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=TIMEOUT) as answer:
            return 0 if answer.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"not ready: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
