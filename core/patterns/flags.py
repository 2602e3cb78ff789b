"""Red flags: answers that call for medical help rather than for a tip.

Thresholds, levels and words come from the knowledge base (``RedFlagRule``); missing days
are unknown and never count towards a flag. The check-in's warning-signs answers come in
beside the day records (``signs``: local date -> the sign ids ticked that day). Four levels,
from the most pressing: call the emergency number, get medical help now, see a doctor soon,
tell the midwife.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from core.i18n import N_, _
from core.knowledge import SENT_AT_ONCE, RedFlagKind, RedFlagLevel, RedFlagRule
from core.patterns.factors import DayRecord

YES = "y"
PREGNANT_SIGN = "preg"
"""The sign a pregnancy in the profile stands for on a day with cramps."""
LEVEL_ORDER: tuple[RedFlagLevel, ...] = ("emergency", "urgent", "doctor", "midwife")
EMERGENCY_NUMBERS = N_("999 in the UK, 112 across the EU, 911 in the US and Canada")
HEADS: dict[RedFlagLevel, tuple[str, str]] = {
    "emergency": (
        N_("🚑 <b>Call your emergency number now</b>"),
        N_("Call your local emergency number ({numbers}), or ask someone to call for you."),
    ),
    "urgent": (
        N_("🚨 <b>Get medical help now</b>"),
        N_(
            "Contact a doctor or an urgent care service now (in the UK, 111); call your local "
            "emergency number ({numbers}) if you are short of breath, have chest pain, "
            "are confused or feel very unwell."
        ),
    ),
    "doctor": (
        N_("🩺 <b>Please see a doctor soon</b>"),
        N_("Limber cannot assess this; a doctor can check what is behind it."),
    ),
    "midwife": (
        N_("🤰 <b>Tell your midwife or doctor</b>"),
        N_("Mention it at your next appointment, or sooner if it worries you."),
    ),
}


@dataclass(frozen=True)
class RedFlag:
    rule_id: str
    kind: RedFlagKind
    reason: str
    source: str
    days: int
    """Days in the window that met the rule (cramp days, answers or signs)."""
    answered_days: int
    """Days in the window with a check-in."""
    window_days: int
    latest: date
    """The most recent day that met the rule."""
    level: RedFlagLevel = "doctor"

    @property
    def urgent(self) -> bool:
        """Sent as soon as its sign is ticked: the emergency and urgent levels."""
        return self.level in SENT_AT_ONCE


def _answered(rule: RedFlagRule, record: DayRecord | None, ticked: frozenset[str]) -> bool:
    if ticked & set(rule.signs):
        return True
    if rule.kind == "answer_yes" and record is not None and rule.question is not None:
        return record.rotating.get(rule.question) == YES
    return False


def _hits(
    rule: RedFlagRule,
    days: Sequence[date],
    records: Mapping[date, DayRecord],
    signs: Mapping[date, frozenset[str]],
) -> list[date]:
    if rule.kind == "cramp_days":
        return [d for d in days if d in records and records[d].had_cramp is True]
    answered = [d for d in days if _answered(rule, records.get(d), signs.get(d, frozenset()))]
    if not rule.with_cramp or not answered:
        return answered
    first = answered[0]
    return [d for d in days if d >= first and d in records and records[d].had_cramp is True]


def red_flags(
    records: Sequence[DayRecord],
    today: date,
    rules: Sequence[RedFlagRule],
    signs: Mapping[date, frozenset[str]] | None = None,
    *,
    pregnant: bool = False,
) -> list[RedFlag]:
    """Every rule met within its window ending ``today`` (inclusive): the most pressing
    level first, then in rule order. ``pregnant`` (from the profile) counts each cramp day
    as if "I'm pregnant" had been ticked."""
    signs = dict(signs or {})
    by_day = {r.day: r for r in records}
    if pregnant:
        for day, record in by_day.items():
            if record.had_cramp is True:
                signs[day] = signs.get(day, frozenset()) | {PREGNANT_SIGN}
    flags = []
    for rule in rules:
        start = today - timedelta(days=rule.window_days - 1)
        days = sorted(d for d in set(by_day) | set(signs) if start <= d <= today)
        hits = _hits(rule, days, by_day, signs)
        if hits and len(hits) >= rule.min_days:
            flags.append(
                RedFlag(
                    rule_id=rule.id,
                    kind=rule.kind,
                    reason=rule.reason,
                    source=rule.source,
                    days=len(hits),
                    answered_days=len([d for d in days if d in by_day]),
                    window_days=rule.window_days,
                    latest=hits[-1],
                    level=rule.level,
                )
            )
    return sorted(flags, key=lambda f: LEVEL_ORDER.index(f.level))


def explain_red_flag(flag: RedFlag) -> str:
    """Advice to get help, with the reason and its sources, as Telegram HTML: the emergency
    number, medical help now, a doctor soon, or the midwife, by the flag's level."""
    head, action = HEADS[flag.level]
    lines = [_(head), escape(_(flag.reason), quote=False)]
    if flag.kind == "cramp_days":
        reported = _("You reported cramps on {count} of the last {window} days.")
        lines.append(escape(reported.format(count=flag.days, window=flag.window_days), quote=False))
    lines.append(_(action).format(numbers=_(EMERGENCY_NUMBERS)))
    lines.append(escape(_("Source: {source}.").format(source=flag.source), quote=False))
    return "\n".join(lines)
