"""A message's text and entities as the HTML the sandbox page shows.

Telegram clients draw a message from its plain text and its entities (offsets and lengths in
UTF-16 code units), never from the markup the bot sent; so does the page. Every piece of
text is escaped, links keep only http(s) and tg addresses, and commands in plain text are
marked so that a tap sends them, as in Telegram.
"""

from __future__ import annotations

import html
import re
from typing import Any

_TAGS = {
    "bold": "b", "italic": "i", "underline": "u", "strikethrough": "s", "code": "code",
    "pre": "pre", "blockquote": "blockquote", "expandable_blockquote": "blockquote",
    "spoiler": "span class=spoiler",
}  # fmt: skip
_COMMAND_RE = re.compile(r"(?<![\w/])/[a-z0-9_]{1,32}\b")
_SAFE_LINK_RE = re.compile(r"(https?|tg)://", re.IGNORECASE)
_LITERAL = {"code", "pre", "text_link", "url"}  # no command links inside these


def _open(entity: dict[str, Any]) -> str:
    kind = entity["type"]
    if kind == "text_link":
        url = str(entity.get("url", ""))
        href = html.escape(url if _SAFE_LINK_RE.match(url) else "#", quote=True)
        return f'<a href="{href}" target="_blank" rel="noopener noreferrer">'
    return f"<{_TAGS.get(kind, 'span')}>"


def _close(entity: dict[str, Any]) -> str:
    kind = entity["type"]
    if kind == "text_link":
        return "</a>"
    return f"</{_TAGS.get(kind, 'span').split()[0]}>"


def _plain(text: str, *, commands: bool) -> str:
    escaped = html.escape(text, quote=False)
    if not commands:
        return escaped
    return _COMMAND_RE.sub(lambda m: f'<a class="command" href="#">{m.group()}</a>', escaped)


def to_html(text: str, entities: list[dict[str, Any]]) -> str:
    """``text`` with its (properly nested, as Telegram's parser makes them) entities."""
    units = text.encode("utf-16-le")

    def piece(start: int, end: int, stack: list[dict[str, Any]]) -> str:
        chunk = units[2 * start : 2 * end].decode("utf-16-le", errors="replace")
        return _plain(chunk, commands=not any(e["type"] in _LITERAL for e in stack))

    out: list[str] = []
    stack: list[dict[str, Any]] = []
    position = 0

    def close_until(limit: int) -> None:
        nonlocal position
        while stack and stack[-1]["offset"] + stack[-1]["length"] <= limit:
            end = stack[-1]["offset"] + stack[-1]["length"]
            out.append(piece(position, end, stack))
            out.append(_close(stack.pop()))
            position = end

    for entity in sorted(entities, key=lambda e: (e["offset"], -e["length"])):
        close_until(entity["offset"])
        out.append(piece(position, entity["offset"], stack))
        out.append(_open(entity))
        stack.append(entity)
        position = entity["offset"]
    close_until(len(units) // 2)
    out.append(piece(position, len(units) // 2, stack))
    return "".join(out)
