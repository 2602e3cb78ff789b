"""The /insights message: patterns with their evidence, what is being watched, red flags, and
what a pattern still needs. Without a pattern it says where the evidence stands, never an
all-clear: "not enough answered days to tell yet" until the detector's minimums are met."""

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
from core.summary.format import plural
from services.insights import Findings

MAX_PATTERNS_SHOWN = 3
MAX_WATCHED_SHOWN = 3
NOT_A_DIAGNOSIS = (
    "<i>These are patterns in your own answers, not a diagnosis. "
    "Check anything that worries you with your doctor.</i>"
)


def period(found: Findings) -> str:
    """What the answers cover, in words that match the data ("of the last 4 weeks", "of
    the last 10 days"); empty before the first answer."""
    days = min(found.span_days, WINDOW_DAYS)
    if days <= 0:
        return ""
    if days >= 14 and days % 7 <= 1:  # whole weeks (and the day the last one ended on)
        return f" of the last {days // 7} weeks"
    return f" of the last {plural(days, 'day')}"


def needs(found: Findings) -> list[str]:
    """What the detector's minimums still lack (``core.patterns``), each with how far along."""
    need_days = MIN_DAYS_WITH + MIN_DAYS_WITHOUT
    missing = []
    if found.cramp_days < MIN_CRAMP_DAYS:
        missing.append(f"at least {plural(MIN_CRAMP_DAYS, 'day')} with cramps")
    if found.answered_days < need_days:
        missing.append(
            f"at least {need_days} answered days, with at least {MIN_DAYS_WITH} days with a "
            f"factor and {MIN_DAYS_WITHOUT} without it"
        )
    return missing


def evidence_text(found: Findings) -> str:
    """Where the evidence stands when there is no pattern: never an all-clear."""
    so_far = (
        f"{plural(found.answered_days, 'answered day')}, {found.cramp_days} of them with cramps"
    )
    missing = needs(found)
    if missing:
        return (
            f"Not enough answered days to tell yet: so far {so_far}. Before I can tell a "
            f"pattern from chance I need {' and '.join(missing)}. Keep checking in!"
        )
    if found.watching:
        return f"No clear pattern yet over {so_far}."
    return (
        f"No clear pattern yet over {so_far}. That is not an all-clear: with few cramp days "
        "even a real link takes weeks to show, so I keep looking as you check in."
    )


def insights_text(found: Findings, knowledge: CoreKnowledge, who: Person) -> str:
    lines = [f"🔎 <b>What I see in your check-ins{period(found)}</b>", ""]
    if found.patterns:
        for pattern in found.patterns[:MAX_PATTERNS_SHOWN]:
            text = explain_pattern(
                pattern, knowledge, water_target_ml=found.water_target_ml, person=who
            )
            lines += [text, ""]
    else:
        lines += [evidence_text(found), ""]
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
