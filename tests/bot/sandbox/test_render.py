"""Messages are drawn from their text and entities (UTF-16 offsets), escaped, as clients do."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.render import to_html
from fakebot.html import parse_html


def entity(kind: str, offset: int, length: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


@pytest.mark.parametrize(
    ("text", "entities", "shown"),
    [
        ("plain", [], "plain"),
        ("<script>&", [], "&lt;script&gt;&amp;"),
        ("bold end", [entity("bold", 0, 4)], "<b>bold</b> end"),
        ("💧 Water check", [entity("bold", 3, 5)], "💧 <b>Water</b> check"),  # 💧 is 2 units
        ("a link", [entity("text_link", 2, 4, url="https://example.org/?a=1&b=2")],
         'a <a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">link</a>'),
        ("bad", [entity("text_link", 0, 3, url="javascript:alert(1)")],
         '<a href="#" target="_blank" rel="noopener noreferrer">bad</a>'),
        ("nested", [entity("bold", 0, 6), entity("italic", 2, 2)], "<b>ne<i>st</i>ed</b>"),
        ("try /workout now", [], 'try <a class="command" href="#">/workout</a> now'),
        ("/workout mon", [entity("code", 0, 12)], "<code>/workout mon</code>"),
        ("a/b and 1/2", [], "a/b and 1/2"),
        ("secret", [entity("spoiler", 0, 6)], "<span class=spoiler>secret</span>"),
    ],
)  # fmt: skip
def test_text_and_entities_become_safe_html(
    text: str, entities: list[dict[str, Any]], shown: str
) -> None:
    assert to_html(text, entities) == shown


def test_what_the_bot_sends_comes_back_as_it_meant() -> None:
    sent = "🔥 <b>Warm up</b> for <i>run</i>: <code>a &lt; b</code>, see /help"
    text, entities = parse_html(sent)
    assert to_html(text, entities) == (
        '🔥 <b>Warm up</b> for <i>run</i>: <code>a &lt; b</code>, see <a class="command" href="#">/help</a>'
    )
