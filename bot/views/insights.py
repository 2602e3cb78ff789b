"""The /insights message: patterns with their evidence, red flags, and what a pattern needs."""

from __future__ import annotations

from core.knowledge import CoreKnowledge
from core.patterns import (
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    WINDOW_DAYS,
    Person,
    explain_pattern,
    explain_red_flag,
)
from services.insights import Findings

MAX_PATTERNS_SHOWN = 3
NOT_A_DIAGNOSIS = (
    "<i>These are patterns in your own answers, not a diagnosis. "
    "Check anything that worries you with your doctor.</i>"
)


def insights_text(found: Findings, knowledge: CoreKnowledge, who: Person) -> str:
    weeks = WINDOW_DAYS // 7
    lines = [f"🔎 <b>What I see in your check-ins of the last {weeks} weeks</b>", ""]
    need_days = MIN_DAYS_WITH + MIN_DAYS_WITHOUT
    if found.patterns:
        for pattern in found.patterns[:MAX_PATTERNS_SHOWN]:
            text = explain_pattern(
                pattern, knowledge, water_target_ml=found.water_target_ml, person=who
            )
            lines += [text, ""]
    elif found.answered_days < need_days or found.cramp_days < MIN_CRAMP_DAYS:
        lines += [
            f"Not enough data yet: {found.answered_days} answered days, "
            f"{found.cramp_days} of them with cramps. I need at least {need_days} answered "
            f"days, with at least {MIN_CRAMP_DAYS} cramp days, before I can tell a pattern "
            "from chance. Keep checking in!",
            "",
        ]
    else:
        lines += [
            f"No pattern so far: over {found.answered_days} answered days "
            f"({found.cramp_days} with cramps), cramps came about as often with each factor "
            "as without it. I keep looking as you check in.",
            "",
        ]
    for flag in found.flags:
        lines += [explain_red_flag(flag), ""]
    lines.append(NOT_A_DIAGNOSIS)
    return "\n".join(lines)
