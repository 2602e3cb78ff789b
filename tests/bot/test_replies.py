"""``bot.replies.show`` is the one way a pressed message is edited (presses:
``tests/e2e/test_presses.py``), and ``jobs.wire.fold`` the one way an earlier message is
folded (it leaves alone whatever Telegram refuses)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EDITS = frozenset(
    {
        "edit_message_text",
        "edit_message_reply_markup",
        "edit_message_caption",
        "edit_message_media",
        "edit_text",
        "edit_reply_markup",
        "edit_caption",
        "edit_media",
    }
)


def edit_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in EDITS
    ]


EDITORS = (ROOT / "bot" / "replies.py", ROOT / "jobs" / "wire.py")


def test_only_show_and_fold_edit_a_message() -> None:
    found = [
        call
        for package in ("bot", "services", "jobs")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path not in EDITORS
        for call in edit_calls(path)
    ]
    assert found == [], "edit through bot.replies.show, which handles Telegram's refusals"
    assert all(edit_calls(path) for path in EDITORS)  # the scan does see edits
