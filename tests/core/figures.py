"""Plain hydration figures for core tests: round numbers, independent of config/."""

from core.planning import HydrationFigures, Intensity

FIGURES = HydrationFigures(
    ml_per_kg_day=30,
    default_day_ml=2000,
    day_min_ml=1500,
    rest_day_max_ml=4000,
    training_day_max_ml=6000,
    training_extra_ml_per_hour=500,
    before_lead_min=240,
    before_ml_per_kg_low=5,
    before_ml_per_kg_high=7,
    top_up_ml_per_kg_low=3,
    top_up_ml_per_kg_high=5,
    before_default_ml=400,
    top_up_default_ml=250,
    sweat_loss_ml_per_hour={Intensity.LIGHT: 400, Intensity.MODERATE: 800, Intensity.HARD: 1200},
    rehydrate_factor_low=1.25,
    rehydrate_factor_high=1.5,
    max_loss_fraction=0.02,
    hour_max_ml=1000,
    long_session_min=120,
    sodium_session_min=90,
    nudge_step_ml=250,
    nudge_min_spacing_min=60,
    nudge_max_spacing_min=180,
)
