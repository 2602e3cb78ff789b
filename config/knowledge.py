"""Load ``knowledge.toml``, Limber's single home for health figures and health words.

``load_knowledge()`` returns a validated :class:`Knowledge` (its shape and checks are in
``config.knowledge_schema``); ``Knowledge.to_core()`` turns it into the frozen dataclasses
of ``core.knowledge`` and ``Knowledge.hydration_figures()`` into the hydration core's
figures, so the pure core never sees pydantic. A bad file fails with one
``KnowledgeError`` naming the entry at fault.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, get_type_hints

from pydantic import ValidationError

from config.knowledge_schema import KnowledgeFile, NoteModel
from core import knowledge as ck
from core.planning import HydrationFigures, Intensity

__all__ = ["DEFAULT_PATH", "Knowledge", "KnowledgeError", "load_knowledge"]

DEFAULT_PATH = Path(__file__).with_name("knowledge.toml")


class KnowledgeError(ValueError):
    """The knowledge file is missing, unreadable or has a bad entry."""


class Knowledge(KnowledgeFile):
    """The validated knowledge file, and its conversions for the core."""

    def to_core(self) -> ck.CoreKnowledge:
        return ck.CoreKnowledge(
            nutrients={key: self._nutrient(key) for key in self.nutrients},
            food_groups={key: self._food_group(key) for key in self.food_groups},
            red_flags=tuple(self._red_flag(key) for key in self.red_flags),
            factors={
                key: ck.FactorExplanation(key, f.explanation, self.short(f.source))
                for key, f in self.factors.items()
            },
            routines={key: self._routine(key) for key in self.routines},
            patterns=ck.PatternFigures(self.design.low_water_fraction.value),
            notes=ck.Notes(
                **{name: note.text for name, note in self.notes if isinstance(note, NoteModel)}
            ),
            cramp_help=ck.CrampHelp(
                self.cramp_help.title,
                tuple(self.cramp_help.steps),
                self.cramp_help.after,
                self.short(self.cramp_help.source),
                self.cramp_help.offer,
                (self.notes.drink_signs.text, self.notes.heat_signs.text),
            ),
        )

    def _nutrient(self, key: str) -> ck.NutrientReference:
        n = self.nutrients[key]
        return ck.NutrientReference(
            id=key,
            name=n.name,
            unit=n.unit,
            kind=n.kind,
            amounts=tuple(a.to_core() for a in n.amounts),
            source=self.short(n.source),
            note=n.note,
        )

    def _food(self, key: str) -> ck.Food:
        f = self.foods[key]
        return ck.Food(key, f.name, f.serving, dict(f.nutrients), self.short(f.source))

    def _food_group(self, key: str) -> ck.FoodGroup:
        g = self.food_groups[key]
        return ck.FoodGroup(key, g.label, g.nutrient, tuple(self._food(f) for f in g.foods))

    def _red_flag(self, key: str) -> ck.RedFlagRule:
        r = self.red_flags[key]
        return ck.RedFlagRule(
            id=key,
            kind=r.kind,
            window_days=r.window_days,
            min_days=r.min_days,
            reason=r.reason,
            source=self.short(r.source),
            question=r.question,
            level=r.level,
            signs=tuple(r.signs),
            with_cramp=r.with_cramp,
        )

    def _routine(self, key: str) -> ck.StretchRoutine:
        r = self.routines[key]
        steps = tuple(ck.StretchStep(s.name, s.seconds, s.repeats, s.each_side) for s in r.steps)
        return ck.StretchRoutine(key, r.title, steps, self.short(r.source), r.intro)

    def hydration_figures(self) -> HydrationFigures:
        """The ``[hydration]`` and pacing ``[design]`` figures as the hydration core's: each
        under its name in the file, rounded where the core counts whole ml or minutes."""
        sweat = self.hydration.sweat_loss_ml_per_hour
        values: dict[str, Any] = {
            "sweat_loss_ml_per_hour": {
                Intensity.LIGHT: round(sweat.light),
                Intensity.MODERATE: round(sweat.moderate),
                Intensity.HARD: round(sweat.hard),
            }
        }
        for name, kind in get_type_hints(HydrationFigures).items():
            if name not in values:
                figure = getattr(self.hydration, name, None) or getattr(self.design, name)
                values[name] = round(figure.value) if kind is int else figure.value
        return HydrationFigures(**values)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def load_knowledge(path: Path | None = None) -> Knowledge:
    """Read and validate the knowledge file (default: ``knowledge.toml`` beside this module)."""
    path = path or DEFAULT_PATH
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KnowledgeError(f"{path}: cannot read knowledge file: {exc}") from exc
    try:
        return Knowledge.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(f"{path}: {_describe(exc)}") from None
