"""Load and validate ``knowledge.toml``, Limber's single home for health figures.

``load_knowledge()`` returns a pydantic model; ``Knowledge.to_core()`` turns it into the
frozen dataclasses of ``core.knowledge`` so the pure core never sees pydantic. A bad file
fails with one ``KnowledgeError`` naming the entry at fault.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveFloat,
    PositiveInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from core import knowledge as ck
from core.checkin import FOOD_GROUP_IDS, ROTATING_POOL
from core.patterns.detect import FACTORS
from core.planning import HydrationFigures, Intensity

DEFAULT_PATH = Path(__file__).with_name("knowledge.toml")
ADULT_AGES = range(ck.ADULT_AGE, 121)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class KnowledgeError(ValueError):
    """The knowledge file is missing, unreadable or has a bad entry."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Model):
    source: Text
    as_of: Text


class AmountModel(_Model):
    amount: PositiveFloat
    sex: Literal["male", "female"] | None = None
    age_from: int = Field(default=ck.ADULT_AGE, ge=0)
    age_to: int | None = None

    @model_validator(mode="after")
    def _band_is_ordered(self) -> AmountModel:
        if self.age_to is not None and self.age_to < self.age_from:
            raise ValueError(f"age_to {self.age_to} is below age_from {self.age_from}")
        return self

    def to_core(self) -> ck.ReferenceAmount:
        return ck.ReferenceAmount(self.amount, self.sex, self.age_from, self.age_to)


class NutrientModel(_Sourced):
    name: Text
    unit: Text
    kind: Text
    note: str = ""
    amounts: list[AmountModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_amount_per_adult(self) -> NutrientModel:
        core = [a.to_core() for a in self.amounts]
        for sex in ("male", "female"):
            for age in ADULT_AGES:
                hits = sum(a.applies_to(sex, age) for a in core)
                if hits != 1:
                    problem = "no amount" if hits == 0 else "overlapping amounts"
                    raise ValueError(f"{problem} for {sex} aged {age}")
        return self


class FoodModel(_Sourced):
    name: Text
    serving: Text
    nutrients: dict[str, PositiveFloat] = Field(min_length=1)


class FoodGroupModel(_Model):
    label: Text
    nutrient: Text
    foods: list[Text] = Field(min_length=1)


class FigureModel(_Sourced):
    value: PositiveFloat
    unit: Text
    note: str = ""


class SweatLossModel(_Sourced):
    light: PositiveFloat
    moderate: PositiveFloat
    hard: PositiveFloat
    unit: Text
    note: str = ""

    @model_validator(mode="after")
    def _rises_with_intensity(self) -> SweatLossModel:
        if not self.light <= self.moderate <= self.hard:
            raise ValueError("sweat loss must not fall as intensity rises")
        return self


class HydrationModel(_Model):
    ml_per_kg_day: FigureModel
    training_extra_ml_per_hour: FigureModel
    default_day_ml: FigureModel
    before_ml_per_kg_low: FigureModel
    before_ml_per_kg_high: FigureModel
    before_default_ml: FigureModel
    sweat_loss_ml_per_hour: SweatLossModel
    rehydrate_factor: FigureModel
    nudge_step_ml: FigureModel
    nudge_min_spacing_min: FigureModel
    nudge_max_spacing_min: FigureModel

    @model_validator(mode="after")
    def _ranges_are_ordered(self) -> HydrationModel:
        if self.before_ml_per_kg_low.value > self.before_ml_per_kg_high.value:
            raise ValueError("before_ml_per_kg_low is above before_ml_per_kg_high")
        if self.nudge_min_spacing_min.value > self.nudge_max_spacing_min.value:
            raise ValueError("nudge_min_spacing_min is above nudge_max_spacing_min")
        return self


class FractionModel(_Sourced):
    value: float = Field(gt=0, le=1)
    unit: Text
    note: str = ""


class PatternsModel(_Model):
    low_water_fraction: FractionModel


class FactorModel(_Sourced):
    explanation: Text
    nutrient: str | None = None


class RedFlagModel(_Sourced):
    kind: Literal["cramp_days", "answer_yes"]
    question: str | None = None
    window_days: PositiveInt
    min_days: PositiveInt
    reason: Text

    @model_validator(mode="after")
    def _consistent(self) -> RedFlagModel:
        if self.min_days > self.window_days:
            raise ValueError("min_days is above window_days")
        if self.kind == "answer_yes" and self.question not in ROTATING_POOL:
            raise ValueError(f"question must be one of {sorted(ROTATING_POOL)}")
        return self


class StepModel(_Model):
    name: Text
    seconds: PositiveInt
    repeats: PositiveInt = 1
    each_side: bool = False


class RoutineModel(_Sourced):
    title: Text
    steps: list[StepModel] = Field(min_length=1)


class DoctorModel(_Sourced):
    note: Text


class Knowledge(_Model):
    sources: dict[str, Text]
    doctor: DoctorModel
    nutrients: dict[str, NutrientModel]
    foods: dict[str, FoodModel]
    food_groups: dict[str, FoodGroupModel]
    hydration: HydrationModel
    patterns: PatternsModel
    factors: dict[str, FactorModel]
    red_flags: dict[str, RedFlagModel]
    routines: dict[str, RoutineModel]

    @model_validator(mode="after")
    def _references_resolve(self) -> Knowledge:
        for where, source in self._sourced_entries():
            self.source_text(source, where)
        for food_id, food in self.foods.items():
            for nutrient in food.nutrients:
                self._need_nutrient(nutrient, f"foods.{food_id}")
        if set(self.food_groups) != set(FOOD_GROUP_IDS):
            raise ValueError(f"food_groups must be exactly {sorted(FOOD_GROUP_IDS)}")
        for group_id, group in self.food_groups.items():
            where = f"food_groups.{group_id}"
            self._need_nutrient(group.nutrient, where)
            for food_id in group.foods:
                member = self.foods.get(food_id)
                if member is None:
                    raise ValueError(f"{where}: unknown food '{food_id}'")
                if group.nutrient not in member.nutrients:
                    raise ValueError(f"{where}: food '{food_id}' has no {group.nutrient} amount")
        missing = sorted(set(FACTORS) - set(self.factors))
        if missing:
            raise ValueError(f"factors: no explanation for {', '.join(missing)}")
        for factor_id, factor in self.factors.items():
            if factor.nutrient is not None:
                self._need_nutrient(factor.nutrient, f"factors.{factor_id}")
        return self

    def _need_nutrient(self, nutrient: str, where: str) -> None:
        if nutrient not in self.nutrients:
            raise ValueError(f"{where}: unknown nutrient '{nutrient}'")

    def _sourced_entries(self) -> list[tuple[str, str]]:
        entries: list[tuple[str, str]] = [("doctor", self.doctor.source)]
        for section in ("nutrients", "foods", "factors", "red_flags", "routines"):
            for key, entry in getattr(self, section).items():
                entries.append((f"{section}.{key}", entry.source))
        for name in HydrationModel.model_fields:
            entries.append((f"hydration.{name}", getattr(self.hydration, name).source))
        entries.append(("patterns.low_water_fraction", self.patterns.low_water_fraction.source))
        return entries

    def source_text(self, source: str, where: str = "") -> str:
        """A source key from ``[sources]`` resolved, or a full citation as written."""
        if source in self.sources:
            return self.sources[source]
        if " " in source:
            return source
        raise ValueError(f"{where}: unknown source key '{source}'")

    def to_core(self) -> ck.CoreKnowledge:
        foods = {
            food_id: ck.Food(
                food_id, f.name, f.serving, dict(f.nutrients), self.source_text(f.source)
            )
            for food_id, f in self.foods.items()
        }
        return ck.CoreKnowledge(
            nutrients={
                key: ck.NutrientReference(
                    id=key,
                    name=n.name,
                    unit=n.unit,
                    kind=n.kind,
                    amounts=tuple(a.to_core() for a in n.amounts),
                    source=self.source_text(n.source),
                    note=n.note,
                )
                for key, n in self.nutrients.items()
            },
            food_groups={
                key: ck.FoodGroup(key, g.label, g.nutrient, tuple(foods[f] for f in g.foods))
                for key, g in self.food_groups.items()
            },
            red_flags=tuple(
                ck.RedFlagRule(
                    id=key,
                    kind=r.kind,
                    window_days=r.window_days,
                    min_days=r.min_days,
                    reason=r.reason,
                    source=self.source_text(r.source),
                    question=r.question,
                )
                for key, r in self.red_flags.items()
            ),
            factors={
                key: ck.FactorExplanation(
                    key, f.explanation, self.source_text(f.source), f.nutrient
                )
                for key, f in self.factors.items()
            },
            routines={
                key: ck.StretchRoutine(
                    key,
                    r.title,
                    tuple(
                        ck.StretchStep(s.name, s.seconds, s.repeats, s.each_side) for s in r.steps
                    ),
                    self.source_text(r.source),
                )
                for key, r in self.routines.items()
            },
            patterns=ck.PatternFigures(self.patterns.low_water_fraction.value),
            doctor_note=self.doctor.note,
        )

    def hydration_figures(self) -> HydrationFigures:
        """The ``[hydration]`` table as the hydration core's figures."""
        h = self.hydration
        sweat = h.sweat_loss_ml_per_hour
        return HydrationFigures(
            ml_per_kg_day=h.ml_per_kg_day.value,
            training_extra_ml_per_hour=round(h.training_extra_ml_per_hour.value),
            default_day_ml=round(h.default_day_ml.value),
            before_ml_per_kg_low=h.before_ml_per_kg_low.value,
            before_ml_per_kg_high=h.before_ml_per_kg_high.value,
            before_default_ml=round(h.before_default_ml.value),
            sweat_loss_ml_per_hour={
                Intensity.LIGHT: round(sweat.light),
                Intensity.MODERATE: round(sweat.moderate),
                Intensity.HARD: round(sweat.hard),
            },
            rehydrate_factor=h.rehydrate_factor.value,
            nudge_step_ml=round(h.nudge_step_ml.value),
            nudge_min_spacing_min=round(h.nudge_min_spacing_min.value),
            nudge_max_spacing_min=round(h.nudge_max_spacing_min.value),
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
