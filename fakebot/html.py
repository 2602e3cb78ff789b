"""Telegram's HTML parse mode: markup in, plain text and message entities out.

Follows the Bot API "HTML style" rules (https://core.telegram.org/bots/api#html-style)
and the error wording of tdlib's parser, which the real Bot API server uses:
only the documented tags are accepted, only the named entities ``&lt; &gt; &amp; &quot;``
and numeric entities are decoded (any other ``&`` stays literal), a bare ``<`` is a tag,
and entity offsets and lengths are counted in UTF-16 code units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));")
_UNQUOTED_RE = re.compile(r"[a-zA-Z0-9.\-]*")
_SPACES = " \t\r\n"


class HtmlParseError(ValueError):
    """The markup is invalid; ``str(error)`` is the text after "can't parse entities: "."""


@dataclass
class _Open:
    tag: str
    byte_offset: int
    start: int  # UTF-16 offset in the plain text
    attrs: dict[str, str] = field(default_factory=dict)
    order: int = 0  # opening order, so equal spans list the outer entity first


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, i: int) -> tuple[str, int] | None:
    match = _ENTITY_RE.match(source, i)
    if match is None:
        return None
    dec, hexa, name = match.groups()
    if name:
        return _NAMED[name], match.end()
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _read_attrs(source: str, i: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Parse attributes up to the closing ``>``; returns them and the index after ``>``."""
    attrs: dict[str, str] = {}
    n = len(source)
    offset = _byte_offset(source, begin)
    while True:
        while i < n and source[i] in _SPACES:
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {offset}')
        if source[i] == ">":
            return attrs, i + 1
        name_start = i
        while i < n and source[i] not in _SPACES and source[i] not in "=>":
            i += 1
        name = source[name_start:i].lower()
        if not name:
            raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {offset}')
        while i < n and source[i] in _SPACES:
            i += 1
        if i >= n or source[i] != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name] = ""
                continue
            raise HtmlParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {offset}'
            )
        i += 1
        while i < n and source[i] in _SPACES:
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {offset}')
        if source[i] in "'\"":
            quote = source[i]
            i += 1
            value = []
            value_begin = i - 1
            while i < n and source[i] != quote:
                decoded = _decode_entity(source, i) if source[i] == "&" else None
                if decoded is None:
                    value.append(source[i])
                    i += 1
                else:
                    value.append(decoded[0])
                    i = decoded[1]
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, value_begin)}"
                )
            attrs[name] = "".join(value)
            i += 1
        else:
            match = _UNQUOTED_RE.match(source, i)
            assert match is not None
            attrs[name] = match.group()
            i = match.end()


def _entity(opened: _Open, end: int) -> dict[str, Any] | None:
    kind = _ENTITY_TYPES[opened.tag]
    entity: dict[str, Any] = {"type": kind, "offset": opened.start, "length": end - opened.start}
    entity["_order"] = opened.order
    if kind == "text_link":
        href = opened.attrs.get("href", "")
        if not href:
            return None  # Telegram drops links without a usable URL and keeps the text.
        entity["url"] = href
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = opened.attrs.get("emoji-id", "")
    elif kind == "blockquote" and "expandable" in opened.attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "code" and opened.attrs.get("class", "").startswith("language-"):
        entity["language"] = opened.attrs["class"].removeprefix("language-")
    return entity


def _merge_pre_code(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``<pre><code class="language-x">`` becomes one ``pre`` entity with a language."""
    result: list[dict[str, Any]] = []
    for entity in entities:
        span = (entity["offset"], entity["length"])
        if entity["type"] == "code" and any(
            other["type"] == "pre" and (other["offset"], other["length"]) == span
            for other in entities
        ):
            for other in entities:
                same_span = (other["offset"], other["length"]) == span
                if other["type"] == "pre" and same_span and "language" in entity:
                    other["language"] = entity["language"]
            continue
        result.append(entity)
    for entity in result:
        if entity["type"] == "code":
            entity.pop("language", None)  # standalone <code> cannot carry a language
    return result


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and entities (Bot API ``MessageEntity`` dicts) of HTML markup."""
    out: list[str] = []
    position = 0  # UTF-16 length of ``out``
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    opened_count = 0
    i = 0
    n = len(source)
    while i < n:
        char = source[i]
        if char == "&":
            decoded = _decode_entity(source, i)
            text, i = (decoded[0], decoded[1]) if decoded else ("&", i + 1)
            out.append(text)
            position += utf16_len(text)
        elif char != "<":
            out.append(char)
            position += utf16_len(char)
            i += 1
        elif source.startswith("</", i):
            begin = i
            if not stack:
                raise HtmlParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, begin)}"
                )
            i += 2
            while i < n and source[i] not in _SPACES and source[i] != ">":
                i += 1
            name = source[begin + 2 : i].lower()
            while i < n and source[i] in _SPACES:
                i += 1
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, begin)}"
                )
            i += 1
            opened = stack[-1]
            if name and name != opened.tag:
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{opened.tag}>", found "</{name}>"'
                )
            stack.pop()
            if position > opened.start and (entity := _entity(opened, position)):
                entities.append(entity)
        else:
            begin = i
            i += 1
            while i < n and source[i] not in _SPACES and source[i] != ">":
                i += 1
            if i >= n:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                )
            tag = source[begin + 1 : i].lower()
            if tag not in _ENTITY_TYPES:
                raise HtmlParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, begin)}'
                )
            attrs, i = _read_attrs(source, i, tag, begin)
            if tag == "span" and attrs.get("class") != "tg-spoiler":
                raise HtmlParseError(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(source, begin)}"
                )
            opened_count += 1
            stack.append(_Open(tag, _byte_offset(source, begin), position, attrs, opened_count))
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities = _merge_pre_code(entities)
    entities.sort(key=lambda e: (e["offset"], -e["length"], e.pop("_order")))
    return "".join(out), entities
