"""The /insights message: patterns with their evidence, what is being watched, red flags, and
what a pattern still needs. Without a pattern it says where the evidence stands, never an
all-clear: "not enough answered days to tell yet" until the detector's minimums are met."""

from __future__ import annotations

from html import escape

from core.i18n import N_, _
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
NOT_A_DIAGNOSIS = N_(
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
        return " " + _("of the last {count} weeks").format(count=days // 7)
    return " " + _("of the last {days}").format(days=plural(days, "day"))


def needs(found: Findings) -> list[str]:
    """What the detector's minimums still lack (``core.patterns``), each with how far along."""
    need_days = MIN_DAYS_WITH + MIN_DAYS_WITHOUT
    missing = []
    if found.cramp_days < MIN_CRAMP_DAYS:
        missing.append(_("at least {days} with cramps").format(days=plural(MIN_CRAMP_DAYS, "day")))
    if found.answered_days < need_days:
        missing.append(
            _(
                "at least {count} answered days, with at least {with_factor} days with a "
                "factor and {without} without it"
            ).format(count=need_days, with_factor=MIN_DAYS_WITH, without=MIN_DAYS_WITHOUT)
        )
    return missing


def evidence_text(found: Findings) -> str:
    """Where the evidence stands when there is no pattern: never an all-clear."""
    so_far = _("{days}, {count} of them with cramps").format(
        days=plural(found.answered_days, "answered day"), count=found.cramp_days
    )
    missing = needs(found)
    if missing:
        wanted = _(" and ").join(missing)
        return _(
            "Not enough answered days to tell yet: so far {so_far}. Before I can tell a "
            "pattern from chance I need {missing}. Keep checking in!"
        ).format(so_far=so_far, missing=wanted)
    if found.watching:
        return _("No clear pattern yet over {so_far}.").format(so_far=so_far)
    return _(
        "No clear pattern yet over {so_far}. That is not an all-clear: with few cramp days "
        "even a real link takes weeks to show, so I keep looking as you check in."
    ).format(so_far=so_far)


def insights_text(found: Findings, knowledge: CoreKnowledge, who: Person) -> str:
    lines = [_("🔎 <b>What I see in your check-ins{period}</b>").format(period=period(found)), ""]
    if found.patterns:
        for pattern in found.patterns[:MAX_PATTERNS_SHOWN]:
            text = explain_pattern(
                pattern, knowledge, water_target_ml=found.water_target_ml, person=who
            )
            lines += [text, ""]
    else:
        lines += [evidence_text(found), ""]
    if found.watching:
        lines.append(_("👀 <b>What I am watching</b>"))
        for watched in found.watching[:MAX_WATCHED_SHOWN]:
            line = suspicion_line(watched, knowledge, found.water_target_ml)
            lines.append(escape(line, quote=False))
        lines.append("")
    for flag in found.flags:
        lines += [explain_red_flag(flag), ""]
    lines.append(_(NOT_A_DIAGNOSIS))
    return "\n".join(lines)
