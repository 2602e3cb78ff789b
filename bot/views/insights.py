"""The /insights message: patterns with their evidence, what is being watched, red flags, and
what a pattern needs."""

from __future__ import annotations

from html import escape

from core.knowledge import CoreKnowledge
from core.patterns import (
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    WINDOW_DAYS,
    Person,
    explain_pattern,
    explain_red_flag,
    suspicion_line,
)
from services.insights import Findings

MAX_PATTERNS_SHOWN = 3
MAX_WATCHED_SHOWN = 3
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
    elif found.watching:
        lines += [
            f"No clear pattern yet over {found.answered_days} answered days "
            f"({found.cramp_days} with cramps).",
            "",
        ]
    elif found.answered_days < need_days or found.cramp_days < MIN_CRAMP_DAYS:
        lines += [
            f"Not enough data yet: {found.answered_days} answered days, "
            f"{found.cramp_days} of them with cramps. I need at least {need_days} answered "
            f"days, with at least {MIN_CRAMP_DAYS} cramp days, before I can tell a pattern "
            "from chance, and most patterns take a few weeks to show clearly. Keep checking in!",
            "",
        ]
    else:
        lines += [
            f"No pattern so far: over {found.answered_days} answered days "
            f"({found.cramp_days} with cramps), no factor went with your cramps more than "
            "chance would explain. I keep looking as you check in.",
            "",
        ]
    if found.watching:
        lines.append("👀 <b>What I am watching</b>")
        for watched in found.watching[:MAX_WATCHED_SHOWN]:
            line = suspicion_line(watched, knowledge, found.water_target_ml)
            lines.append(escape(line, quote=False))
        lines.append("")
    for flag in found.flags:
        lines += [explain_red_flag(flag), ""]
    lines.append(NOT_A_DIAGNOSIS)
    return "\n".join(lines)
