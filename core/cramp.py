"""What to do during a cramp, and when to get help, in plain words: offered when a cramp is
reported and by /cramp.

The steps and the sources come from the knowledge file (``CrampHelp``); output is Telegram
HTML with ``<b>`` as the only tag.
"""

from __future__ import annotations

from html import escape

from core.i18n import _
from core.knowledge import CrampHelp


def during_a_cramp(help: CrampHelp) -> str:
    """The steps, when to get help now (the signs after drinking a lot and in the heat
    among them), and the sources."""
    lines = [f"🦵 <b>{escape(_(help.title))}</b>"]
    lines += [f"{n}. {escape(_(step))}" for n, step in enumerate(help.steps, start=1)]
    lines.append(escape(_(help.after)))
    lines += [f"⚠️ {escape(_(sign))}" for sign in help.signs]
    lines.append(escape(_("Source: {source}.").format(source=help.source)))
    return "\n".join(lines)
