"""/insights, and the findings behind it and behind a completed check-in.

Findings are computed on demand from the last ``WINDOW_DAYS`` of check-in rows (plus
the day before, for "the day before" factors): patterns by ``core.patterns.detect``, red
flags by ``core.patterns.flags``, every figure from the knowledge base. The water
target is the user's plain daily target (weight-based, no training extra).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import texts
from bot.context import LimberContext
from core.knowledge import CoreKnowledge, Sex
from core.patterns import (
    LAGS,
    MIN_CRAMP_DAYS,
    MIN_DAYS_WITH,
    MIN_DAYS_WITHOUT,
    WINDOW_DAYS,
    Pattern,
    Person,
    RedFlag,
    detect_patterns,
    explain_pattern,
    explain_red_flag,
    red_flags,
)
from core.planning import HydrationFigures, daily_target_ml
from db.checkins import day_records
from db.models import User
from db.users import get_user
from jobs.checkin_compose import today_for

MAX_PATTERNS_SHOWN = 3
NOT_A_DIAGNOSIS = (
    "<i>These are patterns in your own answers, not a diagnosis. "
    "Check anything that worries you with your doctor.</i>"
)


@dataclass(frozen=True)
class Findings:
    answered_days: int
    cramp_days: int
    patterns: list[Pattern]
    flags: list[RedFlag]
    water_target_ml: int


def person(user: User) -> Person:
    """Sex and age as far as the user said (the age band's lower bound stands for it)."""
    sex: Sex | None = "male" if user.sex == "male" else "female" if user.sex == "female" else None
    age = None
    if user.age_band:
        lower = user.age_band.split("-")[0].rstrip("+")
        age = int(lower) if lower.isdigit() else None
    return Person(sex=sex, age=age)


def water_target(user: User, figures: HydrationFigures) -> int:
    return daily_target_ml(user.weight_kg, 0, figures)


async def findings(
    session: AsyncSession,
    user: User,
    knowledge: CoreKnowledge,
    figures: HydrationFigures,
    until: date,
) -> Findings:
    """Patterns and red flags in the window ending ``until`` (a local date, inclusive)."""
    first = until - timedelta(days=WINDOW_DAYS - 1 + max(LAGS))
    records = await day_records(session, user_id=user.id, first=first, last=until)
    target = water_target(user, figures)
    window = [
        r
        for r in records
        if r.day > until - timedelta(days=WINDOW_DAYS) and r.had_cramp is not None
    ]
    return Findings(
        answered_days=len(window),
        cramp_days=sum(1 for r in window if r.had_cramp),
        patterns=detect_patterns(
            records, water_target_ml=target, window_end=until, figures=knowledge.patterns
        ),
        flags=red_flags(records, until, knowledge.red_flags),
        water_target_ml=target,
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


async def insights(update: Update, context: LimberContext) -> None:
    assert update.effective_message and update.effective_user
    knowledge = context.knowledge.to_core()
    async with context.sessions.begin() as session:
        user = await get_user(session, update.effective_user.id)
        if user is None or user.onboarded_at is None:
            await update.effective_message.reply_text(texts.START_FIRST)
            return
        today = today_for(user, context.clock.now())
        found = await findings(session, user, knowledge, context.figures, today)
        text = insights_text(found, knowledge, person(user))
    await update.effective_message.reply_text(text)
