"""Red flags: answers that call for seeing a doctor rather than for a tip.

Thresholds come from the knowledge base (``RedFlagRule``); missing days are unknown and
never count towards a flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from core.knowledge import RedFlagKind, RedFlagRule
from core.patterns.detect import DayRecord

YES = "y"


@dataclass(frozen=True)
class RedFlag:
    rule_id: str
    kind: RedFlagKind
    reason: str
    source: str
    days: int
    """Days in the window that met the rule (cramp days, or "yes" answers)."""
    answered_days: int
    """Days in the window with a check-in."""
    window_days: int
    latest: date
    """The most recent day that met the rule."""


def _hits(rule: RedFlagRule, record: DayRecord) -> bool:
    if rule.kind == "cramp_days":
        return record.had_cramp is True
    return rule.question is not None and record.rotating.get(rule.question) == YES


def red_flags(
    records: Sequence[DayRecord], today: date, rules: Sequence[RedFlagRule]
) -> list[RedFlag]:
    """Every rule met within its window ending ``today`` (inclusive), in rule order."""
    flags = []
    for rule in rules:
        start = today - timedelta(days=rule.window_days - 1)
        window = [r for r in records if start <= r.day <= today]
        hits = sorted(r.day for r in window if _hits(rule, r))
        if len(hits) >= rule.min_days:
            flags.append(
                RedFlag(
                    rule_id=rule.id,
                    kind=rule.kind,
                    reason=rule.reason,
                    source=rule.source,
                    days=len(hits),
                    answered_days=len({r.day for r in window}),
                    window_days=rule.window_days,
                    latest=hits[-1],
                )
            )
    return flags
