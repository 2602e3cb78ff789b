"""The generated part of ``docs/health-review.md``: every source, claim and figure in the
knowledge file, in tables a clinician can review in one sitting.

``python -m config.review`` prints it; ``python -m config.review --write`` replaces the
part between the markers in the review record. A test keeps the record equal to this.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from config.knowledge import Knowledge, load_knowledge

RECORD = Path(__file__).resolve().parent.parent / "docs" / "health-review.md"
BEGIN = "<!-- generated from config/knowledge.toml by `python -m config.review --write`: do not edit -->"
END = "<!-- end of generated part -->"


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _row(*cells: object) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _keys(keys: list[str]) -> str:
    return ", ".join(f"[{k}](#source-{k.replace('_', '-')})" for k in keys)


def _table(head: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> list[str]:
    return [_row(*head), _row(*("---" for _ in head)), *(_row(*r) for r in rows), ""]


def _amounts(k: Knowledge, key: str) -> str:
    n = k.nutrients[key]
    parts = []
    for a in n.amounts:
        ages = f"{a.age_from}+" if a.age_to is None else f"{a.age_from}-{a.age_to}"
        parts.append(f"{a.sex or 'all'} {ages}: {a.amount:g} {n.unit}")
    return "; ".join(parts)


Row = tuple[str, str, str, str]
"""An entry, what Limber says or uses, its sources, and the strength of its evidence."""
HEAD = ("Entry", "What Limber says or uses", "Sources", "Strength of evidence")


def _nutrient_rows(k: Knowledge) -> list[Row]:
    return [
        (
            f"nutrients.{key}",
            f"{n.name} ({n.kind}): {_amounts(k, key)}. {n.note}",
            _keys(n.source),
            n.evidence,
        )
        for key, n in k.nutrients.items()
    ]


def _food_rows(k: Knowledge) -> list[Row]:
    rows = []
    for key, food in k.foods.items():
        amounts = ", ".join(f"{v:g} mg {n}" for n, v in food.nutrients.items())
        note = f". {food.note}" if food.note else ""
        says = f"{food.name}, {food.serving}: {amounts}{note}"
        rows.append(
            (f"foods.{key}", says, _keys(food.source), food.evidence or "Food composition table")
        )
    return rows


def _hydration_rows(k: Knowledge) -> list[Row]:
    rows = []
    for name in type(k.hydration).model_fields:
        entry = getattr(k.hydration, name)
        value = (
            f"{entry.value:g} {entry.unit}"
            if hasattr(entry, "value")
            else f"light {entry.light:g}, moderate {entry.moderate:g}, hard {entry.hard:g} {entry.unit}"
        )
        rows.append(
            (f"hydration.{name}", f"{value}. {entry.note}", _keys(entry.source), entry.evidence)
        )
    return rows


def _design_rows(k: Knowledge) -> list[Row]:
    rows = []
    for name in type(k.design).model_fields:
        choice = getattr(k.design, name)
        says = f"{choice.value:g} {choice.unit}. {choice.note}"
        rows.append((f"design.{name}", says, "Limber design choice", "No health claim"))
    return rows


def _red_flag_rows(k: Knowledge) -> list[Row]:
    rows = []
    for key, r in k.red_flags.items():
        asked = r.question and f"rotating question '{r.question}'"
        signs = r.signs and f"warning signs {', '.join(r.signs)}"
        when = " or ".join(x for x in (asked, signs) if x) or "cramp answers"
        after_cramp = ", after a cramp" if r.with_cramp else ""
        criterion = f"{r.min_days} of {r.window_days} days ({when}){after_cramp}"
        say = {
            "emergency": "call the emergency number",
            "urgent": "get medical help now",
            "doctor": "see a doctor soon",
            "midwife": "tell the midwife",
        }[r.level]
        rows.append(
            (f"red_flags.{key}", f"[{say}; {criterion}] {r.reason}", _keys(r.source), r.evidence)
        )
    return rows


def _cramp_rows(k: Knowledge) -> list[Row]:
    h = k.cramp_help
    help_says = f"{h.title}: {' '.join(h.steps)} {h.after} After a check-in with cramps: {h.offer}"
    rows = [("cramp_help", help_says, _keys(h.source), h.evidence)]
    for key, r in k.routines.items():
        steps = "; ".join(f"{s.name} {s.seconds} s x{s.repeats}" for s in r.steps)
        intro = f" {r.intro}" if r.intro else ""
        note = f". {r.note}" if r.note else ""
        says = f"{r.title}:{intro} {steps}{note}"
        rows.append((f"routines.{key}", says, _keys(r.source), r.evidence))
    return rows


def _sources(k: Knowledge) -> list[str]:
    lines = ["### Sources", ""]
    for key, s in k.sources.items():
        lines += [
            f'<a id="source-{key.replace("_", "-")}"></a>**{key}**: {_cell(s.citation)}. '
            f"*{_cell(s.title)}* ({s.publisher}, {s.year}). {s.url or 'no link'}  ",
            f"Kind: {_cell(s.kind)}. What was read: {_cell(s.read)}",
            "",
        ]
    return lines


def generate(k: Knowledge) -> str:
    """The generated Markdown, from the validated knowledge file."""
    checked = k.review.checked.isoformat()
    out = [BEGIN, "", f"Every entry below was checked on **{checked}**.", "", *_sources(k)]
    notes = [
        (f"notes.{name}", note.text, _keys(note.source), note.evidence) for name, note in k.notes
    ]
    factors = [
        (f"factors.{key}", f.explanation, _keys(f.source), f.evidence)
        for key, f in k.factors.items()
    ]
    sections: list[tuple[str, list[Row]]] = [
        ("Notes shown with advice", notes),
        ("Daily amounts", _nutrient_rows(k)),
        ("Foods", _food_rows(k)),
        ("Drinking", _hydration_rows(k)),
        ("Pacing (design choices, no health claim)", _design_rows(k)),
        ("Why a factor may go with cramps", factors),
        ("Red flags", _red_flag_rows(k)),
        ("During a cramp, and stretch routines", _cramp_rows(k)),
    ]
    for title, rows in sections:
        out += [f"### {title}", "", *_table(HEAD, rows)]
    return "\n".join([*out, END]) + "\n"


def splice(record: str, generated: str) -> str:
    """``record`` with the part between the markers replaced by ``generated``."""
    start = record.index(BEGIN)
    end = record.index(END) + len(END) + 1
    return record[:start] + generated + record[end:]


def main(argv: list[str]) -> int:
    generated = generate(load_knowledge())
    if "--write" in argv:
        RECORD.write_text(splice(RECORD.read_text(encoding="utf-8"), generated), encoding="utf-8")
    else:
        sys.stdout.write(generated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
