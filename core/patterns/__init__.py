"""Pattern spotting over check-ins, red flags, and the plain-words advice about both."""

from __future__ import annotations

from core.patterns.advice import (
    Person,
    explain_pattern,
    summary_lines,
    suspicion_line,
)
from core.patterns.detect import (
    LAGS,
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    WINDOW_DAYS,
    Assessment,
    DayRecord,
    Pattern,
    Suspicion,
    assess,
    detect_patterns,
    new_patterns,
    pattern_key,
)
from core.patterns.factors import ROTATING_FACTORS
from core.patterns.flags import RedFlag, explain_red_flag, red_flags
from core.patterns.lines import pattern_lines
from core.patterns.prior import DEFAULT_PRIOR, Prior, Priors

__all__ = [
    "DEFAULT_PRIOR",
    "LAGS",
    "MIN_CRAMP_DAYS",
    "MIN_DAYS_WITH",
    "MIN_DAYS_WITHOUT",
    "ROTATING_FACTORS",
    "WINDOW_DAYS",
    "Assessment",
    "DayRecord",
    "Pattern",
    "Person",
    "Prior",
    "Priors",
    "RedFlag",
    "Suspicion",
    "assess",
    "detect_patterns",
    "explain_pattern",
    "explain_red_flag",
    "new_patterns",
    "pattern_key",
    "pattern_lines",
    "red_flags",
    "summary_lines",
    "suspicion_line",
]
