"""The language catalogs stay whole: every message translated in every shipped language,
placeholders and Telegram's HTML kept, plural forms right, and the compiled catalogs found
by a built package. A new English string fails here until each ``.po`` translates it
(``python -m config.messages`` brings the files up to date; README: adding a language)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from bot import texts
from bot.routes import COMMANDS
from config.locales import (
    ENGLISH,
    LANGUAGES,
    PSEUDO,
    PSEUDO_CLOSE,
    PSEUDO_OPEN,
    normalise,
    speaking,
)
from config.messages import cities, read, template
from core.i18n import _, ngettext

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [language for language in LANGUAGES if language != ENGLISH]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
TAG = re.compile(r"</?([a-zA-Z-]+)[^>]*>")
TELEGRAM_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a"}
TELEGRAM_TAGS |= {"tg-spoiler", "span", "blockquote", "tg-emoji"}


@pytest.fixture(scope="module")
def source() -> Catalog:
    return template()


def _forms(message: object) -> tuple[str, ...]:
    value = getattr(message, "string", "")
    return tuple(value) if isinstance(value, tuple | list) else (str(value or ""),)


def _ids(message: object) -> tuple[str, ...]:
    value = getattr(message, "id", "")
    return tuple(value) if isinstance(value, tuple | list) else (str(value),)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated(source: Catalog, language: str) -> None:
    catalog = read(language)
    untranslated, stale = [], []
    for message in source:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None or found.fuzzy or not all(_forms(found)):
            untranslated.append(_ids(message)[0][:60])
    known = {(m.id, m.context) for m in source if m.id}
    stale = [m.id for m in catalog if m.id and (m.id, m.context) not in known]
    assert not untranslated, (
        f"{language}: untranslated {untranslated[:10]} (of {len(untranslated)})"
    )
    assert not stale, f"{language}: run `python -m config.messages` ({len(stale)} stale ids)"


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_placeholders_and_telegram_tags(source: Catalog, language: str) -> None:
    catalog = read(language)
    problems = []
    for message in source:
        found = catalog.get(message.id, context=message.context) if message.id else None
        if found is None:
            continue
        english = _ids(message)[-1]
        for form in _forms(found):
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(english)):
                problems.append(f"placeholders: {english[:50]!r} -> {form[:50]!r}")
            tags = TAG.findall(form)
            if sorted(tags) != sorted(TAG.findall(english)) or not set(tags) <= TELEGRAM_TAGS:
                problems.append(f"tags: {english[:50]!r} -> {form[:50]!r}")
            if english.endswith(" ") != form.endswith(" "):
                problems.append(f"trailing space: {english[:50]!r}")
    assert not problems, problems[:10]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["1 день", "2 дня", "5 дней", "21 день", "11 дней", "22 дня"]),
        ("uk", ["1 день", "2 дні", "5 днів", "21 день", "11 днів", "22 дні"]),
        ("es", ["1 día", "2 días", "5 días", "21 días", "11 días", "22 días"]),
        ("id", ["1 hari", "2 hari", "5 hari", "21 hari", "11 hari", "22 hari"]),
    ],
)
def test_plural_forms(language: str, expected: list[str]) -> None:
    with speaking(language):
        said = [ngettext("{n} day", "{n} days", n).format(n=n) for n in (1, 2, 5, 21, 11, 22)]
    assert said == expected


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("ru", "ru"),
        ("uk", "uk"),
        ("es", "es"),
        ("es-419", "es"),
        ("pt-br", "pt_BR"),
        ("pt", "pt_BR"),
        ("pt-PT", "pt_BR"),
        ("id", "id"),
        ("en-GB", "en"),
        ("fr", "en"),
        ("zz-unknown", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_telegram_language_code_becomes_a_shipped_language(
    code: str | None, language: str
) -> None:
    assert normalise(code) == language


def test_a_missing_translation_falls_back_to_english() -> None:
    with speaking("ru"):
        assert _("A sentence no catalog has.") == "A sentence no catalog has."
        assert texts.WELCOME.startswith("👋 <b>Привет")
    assert texts.WELCOME.startswith("👋 <b>Hi")  # the language ends with its block


def test_the_pseudo_locale_marks_the_menu_and_the_descriptions() -> None:
    def marked(text: str) -> bool:
        return text.startswith(PSEUDO_OPEN) and text.endswith(PSEUDO_CLOSE)

    with speaking(PSEUDO):
        assert all(marked(_(description)) for _name, description in COMMANDS)
        assert marked(texts.BOT_DESCRIPTION) and marked(texts.BOT_SHORT_DESCRIPTION)


def test_no_function_hides_gettext_behind_a_throwaway_underscore() -> None:
    """``_, x = pair`` in a function that also calls ``_("...")`` would call the tuple's
    element: every module that imports ``_`` keeps the name for gettext."""
    found = []
    for path in ROOT.glob("[bscjd]*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "from core.i18n import" not in source:
            continue
        for scope in ast.walk(ast.parse(source)):
            if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            names = [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == "_"]
            stored = any(isinstance(n.ctx, ast.Store) for n in names)
            called = any(
                isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "_"
                for c in ast.walk(scope)
            )
            if stored and called:
                found.append(f"{path.relative_to(ROOT)}:{scope.lineno}")
    assert not found


def test_a_built_package_finds_its_compiled_catalogs(tmp_path: Path) -> None:
    """What an install does (setup.py's build step), then the built tree without any
    ``.po``: each language loads from its ``.mo``."""
    built = tmp_path / "lib"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(built)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    for po in built.glob("config/locales/*/LC_MESSAGES/*.po"):
        po.unlink()
    probe = (
        "import sys\n"
        "from config import locales\n"
        "from config.locales import LANGUAGES, catalog_path, speaking\n"
        "from bot import texts\n"
        "assert locales.__file__.startswith(sys.argv[1]), locales.__file__\n"
        "for language in LANGUAGES:\n"
        "    if language != 'en':\n"
        "        assert catalog_path(language, '.mo').is_file(), language\n"
        "        with speaking(language):\n"
        "            assert not texts.WELCOME.startswith('👋 <b>Hi'), language\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(built)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(built), "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]


@pytest.mark.parametrize("language", SHIPPED)
def test_city_names_are_cldrs(language: str) -> None:
    """``cities.json`` is what ``python -m config.messages`` takes from Babel now."""
    path = ROOT / "config" / "locales" / language / "cities.json"
    assert json.loads(path.read_text(encoding="utf-8")) == cities(language)
