"""No text Limber shows promises prevention or cure, or names a diagnosis.

Scanned: every string literal (docstrings aside) in bot/ and core/, which covers
bot/texts.py, the check-in, reminder, advice and summary wording; and every user-facing
field of config/knowledge.toml. "Not a diagnosis" (and "I don't diagnose") are the only
mentions of diagnosis allowed.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.knowledge import DEFAULT_PATH

ROOT = Path(__file__).resolve().parent.parent
PROMISES = re.compile(
    r"\bprevent|\bcure|\bheal(s|ed)?\b|\bguarantee|\bget rid of|\beliminat|cramp[- ]free"
    r"|keeps? (your )?(muscle |night |leg )?cramps away|\baway from cramps"
    r"|\bstops? (your )?cramps|\bfix(es)? (your )?cramps|\bno more cramps",
    re.IGNORECASE,
)
DIAGNOSES = re.compile(
    r"deficien|hyponatr|rhabdo|thrombo|\bDVT\b|neuropath|hypokal|hypomag|hypocalc"
    r"|(?<!if )\byou (have|suffer from) (a |an )?\w+ (deficiency|disease|disorder|syndrome)",
    re.IGNORECASE,
)
ALLOWED_DIAGNOSIS = re.compile(r"not a diagnosis|don't diagnose|never diagnose", re.IGNORECASE)
USER_FACING_FIELDS = {"text", "explanation", "reason", "title", "steps", "after", "name", "label"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def code_strings() -> Iterator[tuple[str, str]]:
    for folder in ("bot", "core"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                text = node.value if isinstance(node, ast.Constant) else None
                if isinstance(text, str) and id(node) not in skip and " " in text:
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", text


def knowledge_strings() -> Iterator[tuple[str, str]]:
    raw = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))

    def walk(value: object, where: str, field: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from walk(inner, f"{where}.{key}", key)
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                yield from walk(inner, f"{where}[{n}]", field)
        elif isinstance(value, str) and field in USER_FACING_FIELDS:
            yield where, value

    for section, body in raw.items():
        if section != "sources":  # citations are titles of papers, not Limber's words
            yield from walk(body, section, section)


ALL = [*code_strings(), *knowledge_strings()]


def test_the_scan_sees_the_words_that_matter() -> None:
    places = {where.split(":")[0] if ":" in where else where.split(".")[0] for where, _ in ALL}
    assert {"bot/texts.py", "core/patterns/advice.py", "core/planning/drink_words.py"} <= places
    assert {"factors", "red_flags", "notes", "cramp_help", "routines"} <= places
    assert len(ALL) > 300


@pytest.mark.parametrize(("where", "text"), ALL, ids=[w for w, _ in ALL])
def test_no_promise_of_prevention_or_cure(where: str, text: str) -> None:
    assert not PROMISES.search(text), f"{where}: {text}"


@pytest.mark.parametrize(("where", "text"), ALL, ids=[w for w, _ in ALL])
def test_no_diagnosis_named(where: str, text: str) -> None:
    assert not DIAGNOSES.search(text), f"{where}: {text}"
    for match in re.finditer(r"diagnos", text, re.IGNORECASE):
        window = text[max(0, match.start() - 10) : match.end() + 10]
        assert ALLOWED_DIAGNOSIS.search(window), f"{where}: {text}"


@pytest.mark.parametrize(
    "old",
    [
        "I help people who train keep muscle cramps away",
        "Bedtime calf stretch: it helps keep night cramps away.",
        "Regular stretching prevents cramps.",
        "This cures night cramps.",
    ],
)
def test_the_scan_catches_promises_limber_used_to_make(old: str) -> None:
    assert PROMISES.search(old)


@pytest.mark.parametrize(
    "text", ["You may have a magnesium deficiency.", "Signs of hyponatremia", "possible DVT"]
)
def test_the_scan_catches_diagnoses(text: str) -> None:
    assert DIAGNOSES.search(text)
