"""Plain hydration figures for core tests: round numbers, independent of config/."""

from core.planning import HydrationFigures, Intensity

FIGURES = HydrationFigures(
    ml_per_kg_day=30,
    training_extra_ml_per_hour=500,
    default_day_ml=2000,
    before_ml_per_kg_low=5,
    before_ml_per_kg_high=7,
    before_default_ml=400,
    sweat_loss_ml_per_hour={Intensity.LIGHT: 400, Intensity.MODERATE: 800, Intensity.HARD: 1200},
    rehydrate_factor=1.5,
    nudge_step_ml=250,
    nudge_min_spacing_min=60,
    nudge_max_spacing_min=180,
)
