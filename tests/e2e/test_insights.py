"""Two weeks of check-ins by button presses: a planted pattern is announced once, then
/insights names it with its evidence, foods and the daily amount; a red flag gets the
doctor advice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import PatternNotice, User
from fakebot import FakeUser
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber
from tests.e2e.test_checkin import checkins, tap

pytestmark = pytest.mark.slow

FIRST_EVENING = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # 21:00 in Berlin
DAYS = 14
ANNOUNCED = "A pattern: cramps and no potassium-rich food"


def announcements(user: FakeUser) -> list[str]:
    return [m.text or "" for m in user.messages if ANNOUNCED in (m.text or "") and not m.edits]


async def answer_day(
    limber: Limber, alice: FakeUser, *, cramp: bool, potassium: bool, tingling: bool
) -> str:
    """One check-in by presses; the completion text if a red-flag "Yes" was given."""
    message = checkins(alice)[-1]
    _, message = await tap(limber, alice, message, "Mild" if cramp else "None")
    if cramp:  # where, then the warning signs, come right after a cramp
        _, message = await tap(limber, alice, message, "Calf")
        assert "Did you notice any of these today?" in (message.text or "")
        _, message = await tap(limber, alice, message, "None of these")
    _, message = await tap(limber, alice, message, "2–2.5 L")
    food = "Bananas, potatoes, beans" if potassium else "Nuts, seeds, whole grains"
    _, message = await tap(limber, alice, message, food)
    _, message = await tap(limber, alice, message, "Done")  # no training planned: not asked
    text = message.text or ""
    if "tingling" in text and tingling:
        choice = "Yes"
    else:
        choice = next(label for label in ("No", "OK") if label in message.button_texts)
    _, message = await tap(limber, alice, message, choice)
    assert "Thank you" in (message.text or "")
    return message.text or "" if choice == "Yes" else ""


# SQLite only: its database work (check-ins, notices) runs on both backends in test_checkin
# and tests/db; the shorter test below takes the /insights report through PostgreSQL.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_two_weeks_of_check_ins_find_the_planted_pattern_once(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice, weight="70")
    async with limber.sessions.begin() as session:
        user = await session.get(User, alice.id)
        assert user is not None
        user.sex = "female"
        user.age_band = "31-50"

    await alice.send("/insights")
    early = await alice.wait_for(has("Not enough answered days to tell yet"))
    assert "so far 0 answered days" in (early.text or "")
    assert "at least 6 answered days" in (early.text or "")

    seen: list[int] = []
    doctor = ""
    for day in range(DAYS):
        await limber.advance_to(FIRST_EVENING + timedelta(days=day))
        # The planted pattern: cramps exactly on the days without potassium-rich food.
        cramp = day % 2 == 1
        flagged = await answer_day(
            limber, alice, cramp=cramp, potassium=not cramp, tingling=not doctor
        )
        doctor = doctor or flagged
        seen.append(len(announcements(alice)))

    # Announced once, on the day the evidence first crossed the threshold, never again.
    first = seen.index(1)
    assert seen == [0] * first + [1] * (DAYS - first), seen
    assert 5 <= first < DAYS - 1
    async with limber.sessions() as session:
        notices = (await session.scalars(select(PatternNotice))).all()
        # Alternating days make "no magnesium-rich food the day before" the same series:
        # one announcement for the group, both keys remembered.
        patterns = [n for n in notices if not n.pattern_key.startswith("watch:")]
        assert {(n.user_id, n.pattern_key) for n in patterns} == {
            (alice.id, "no_potassium_food@0"),
            (alice.id, "no_magnesium_food@1"),
        }

    # Tingling or numbness: see a doctor, with the reason, in that day's completion message.
    assert "Please see a doctor soon" in doctor and "numbness or tingling" in doctor

    await alice.send("/insights")
    report = await alice.wait_for(has("What I see"))
    text = report.text or ""
    assert ANNOUNCED in text
    assert (
        "7 of your 7 days with cramps were days without bananas, potatoes or beans; "
        "0 of your 7 other days were." in text
    )
    assert "banana, 1 medium: about 422 mg" in text  # foods and amounts from the knowledge base
    assert "cannot be told apart" in text
    assert "2,600 mg" in text  # potassium for a woman aged 31-50, from the knowledge base
    assert "Please see a doctor soon" in text  # the tingling answer is within two weeks
    assert "not a diagnosis" in text


async def test_no_pattern_without_evidence(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    for day in range(7):
        await limber.advance_to(FIRST_EVENING + timedelta(days=day))
        # Cramp days 1, 4, 5; potassium-rich food on even days: 2 of 3 against 1 of 4.
        await answer_day(
            limber, alice, cramp=day in (1, 4, 5), potassium=day % 2 == 0, tingling=False
        )
    assert not [m for m in alice.messages if "A pattern:" in (m.text or "")]
    await alice.send("/insights")
    report = await alice.wait_for(has("What I see"))
    text = report.text or ""
    assert "A pattern" not in text and "of the last 7 days" in text
    assert "No clear pattern yet over 7 answered days, 3 of them with cramps" in text
    assert "more than chance" not in text  # never an all-clear
