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
        """The ``[hydration]`` and pacing ``[design]`` figures as the hydration core's."""
        h = self.hydration
        d = self.design
        sweat = h.sweat_loss_ml_per_hour

        def ml(value: float) -> int:
            return round(value)

        return HydrationFigures(
            ml_per_kg_day=h.ml_per_kg_day.value,
            default_day_ml=ml(h.default_day_ml.value),
            day_min_ml=ml(h.day_min_ml.value),
            rest_day_max_ml=ml(h.rest_day_max_ml.value),
            training_day_max_ml=ml(h.training_day_max_ml.value),
            training_extra_ml_per_hour=ml(h.training_extra_ml_per_hour.value),
            before_lead_min=ml(h.before_lead_min.value),
            before_ml_per_kg_low=h.before_ml_per_kg_low.value,
            before_ml_per_kg_high=h.before_ml_per_kg_high.value,
            top_up_ml_per_kg_low=h.top_up_ml_per_kg_low.value,
            top_up_ml_per_kg_high=h.top_up_ml_per_kg_high.value,
            before_default_ml=ml(h.before_default_ml.value),
            top_up_default_ml=ml(h.top_up_default_ml.value),
            sweat_loss_ml_per_hour={
                Intensity.LIGHT: ml(sweat.light),
                Intensity.MODERATE: ml(sweat.moderate),
                Intensity.HARD: ml(sweat.hard),
            },
            rehydrate_factor_low=h.rehydrate_factor_low.value,
            rehydrate_factor_high=h.rehydrate_factor_high.value,
            max_loss_fraction=h.max_loss_fraction.value,
            hour_max_ml=ml(h.hour_max_ml.value),
            long_session_min=ml(h.long_session_min.value),
            sodium_session_min=ml(h.sodium_session_min.value),
            nudge_step_ml=ml(d.nudge_step_ml.value),
            nudge_min_spacing_min=ml(d.nudge_min_spacing_min.value),
            nudge_max_spacing_min=ml(d.nudge_max_spacing_min.value),
            nudge_quiet_min=ml(d.nudge_quiet_min.value),
            nudge_quiet_log_ml=ml(d.nudge_quiet_log_ml.value),
            nudge_backoff_ignored=ml(d.nudge_backoff_ignored.value),
            nudge_backoff_per_day=ml(d.nudge_backoff_per_day.value),
            hour_max_ml_per_kg=h.hour_max_ml_per_kg.value,
            reference_weight_kg=h.reference_weight_kg.value,
            child_weight_kg=h.child_weight_kg.value,
            loss_caution_fraction=h.loss_caution_fraction.value,
            loss_limit_fraction=h.loss_limit_fraction.value,
            max_sweat_ml_per_hour=ml(h.max_sweat_ml_per_hour.value),
            fast_recovery_within_h=h.fast_recovery_within_h.value,
            far_above_guide_factor=h.far_above_guide_factor.value,
        )


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
