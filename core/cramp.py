"""What to do during a cramp, in plain words: offered when a cramp is reported and by /cramp.

The steps and the sources come from the knowledge file (``CrampHelp``); output is Telegram
HTML with ``<b>`` as the only tag.
"""

from __future__ import annotations

from html import escape

from core.knowledge import CrampHelp


def during_a_cramp(help: CrampHelp) -> str:
    """The steps, when to get help now, and the sources."""
    lines = [f"🦵 <b>{escape(help.title)}</b>"]
    lines += [f"{n}. {escape(step)}" for n, step in enumerate(help.steps, start=1)]
    lines.append(escape(help.after))
    lines.append(escape(f"Source: {help.source}."))
    return "\n".join(lines)
