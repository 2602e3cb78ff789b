"""Limber in the user's language, end to end: chosen from Telegram's ``language_code`` at
first contact, changed with /language, and every outgoing word translated (the pseudo-locale
run fails on any text or button that skipped its catalog)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from config.locales import LANGUAGES, PSEUDO, PSEUDO_CLOSE, PSEUDO_OPEN
from db.models import Delivery, ReminderRule, User, Workout
from db.timing import count
from fakebot import FakeUser, RecordedMessage
from tests.e2e.flows import has
from tests.e2e.harness import Limber
from tests.e2e.reminders_setup import add_workout, berlin_runner, utc
from tests.e2e.test_reminder_prefs import choose


async def _row(limber: Limber, user_id: int) -> User | None:
    async with limber.sessions() as session:
        return await session.get(User, user_id)


async def _onboard_in_russian(ivan: FakeUser) -> None:
    await ivan.send("/start")
    notice = await ivan.wait_for(has("Прежде чем начать"))
    await ivan.press(notice, "Согласен(на)")
    await ivan.wait_for(has("В каком вы часовом поясе"))
    for answer, next_question in (
        ("Москва", "Когда вы обычно просыпаетесь"),
        ("7:00", "Когда вы обычно ложитесь спать"),
        ("23:00", "Дневные нормы минералов"),
        ("мужчина", "зависят от возраста"),
        ("пропустить", "Ваш вес"),
        ("80", "Всё готово"),
    ):
        await ivan.send(answer)
        await ivan.wait_for(has(next_question))


async def test_a_russian_speaker_is_answered_in_russian_and_can_switch(limber: Limber) -> None:
    ivan = limber.fake.user(3001, "Иван", language_code="ru")
    await _onboard_in_russian(ivan)
    user = await _row(limber, ivan.id)
    assert user is not None
    assert (user.language, user.timezone, user.sex) == ("ru", "Europe/Moscow", "male")

    await ivan.send("/help")
    await ivan.wait_for(has("Что я умею"))
    await ivan.send("/workout завтра 18:00 45 бег тяжело")
    saved = await ivan.wait_for(has("Сохранено"))
    assert "бег" in (saved.text or "") and "тяжёлая" in (saved.text or "")
    async with limber.sessions() as session:
        workout = await session.get(Workout, 1)
    assert workout is not None and workout.kind == "run" and workout.duration_min == 45

    # Tomorrow 17:50 in Moscow (14:50 UTC): the warm-up comes in Russian, buttons too.
    now = limber.clock.now()
    warm_up_at = datetime(now.year, now.month, now.day, 14, 50, tzinfo=UTC) + timedelta(days=1)
    await limber.advance_to(warm_up_at)
    warm_up = await ivan.wait_for(has("Разминка"))
    assert {"✅ Готово", "⏰ Отложить", "Пропустить"} <= {b.text for b in warm_up.inline_buttons}

    await ivan.send("/language")
    choice = await ivan.wait_for(has("На каком языке"))
    assert [b.text for b in choice.inline_buttons] == list(LANGUAGES.values())
    await ivan.press(choice, "English")
    await ivan.wait_for(has("From now on I speak English"))
    await ivan.send("/help")
    await ivan.wait_for(has("What I can do"))
    await ivan.send("/settings")
    settings = await ivan.wait_for(has("Your settings"))
    assert "Language: English" in (settings.text or "")

    await ivan.send("/language")
    choice = await ivan.wait_for(has("Which language"))
    await ivan.press(choice, "Русский")
    await ivan.wait_for(has("Теперь я говорю на языке: Русский"))
    user = await _row(limber, ivan.id)
    assert user is not None and user.language == "ru"


async def test_each_language_is_chosen_at_first_contact_and_unknown_ones_get_english(
    limber: Limber,
) -> None:
    greetings = {
        "ru": "Привет, я Limber",
        "uk": "Привіт, я Limber",
        "es": "Hola, soy Limber",
        "pt-br": "Oi, eu sou o Limber",
        "id": "Hai, saya Limber",
        "fr": "Hi, I'm Limber",
        None: "Hi, I'm Limber",
    }
    for number, (code, greeting) in enumerate(greetings.items()):
        person = limber.fake.user(3100 + number, "Someone", language_code=code)
        await person.send("/start")
        await person.wait_for(has(greeting))
    spanish = limber.fake.user(3102, "Someone", language_code="es")
    await spanish.send("/workout mañana 7:00 45")
    await spanish.wait_for(has("Primero vamos a configurarlo"))  # not set up yet, in Spanish


async def test_the_menu_and_descriptions_are_published_per_language(limber: Limber) -> None:
    fake = limber.fake
    english = {c["command"]: c["description"] for c in fake.commands()}
    assert english["language"] == "Change the language I speak"
    assert fake.description().startswith("Limber helps people who train")
    for code, word in (("ru", "Сменить язык"), ("uk", "Змінити мову"), ("pt", "Mudar o idioma")):
        published = {c["command"]: c["description"] for c in fake.commands(language_code=code)}
        assert published.keys() == english.keys() and published["language"].startswith(word)
        assert fake.description(code) and fake.description(code) != fake.description()
        assert 0 < len(fake.description(code, short=True)) <= 120
    for code in ("es", "id"):
        assert fake.commands(language_code=code) and fake.description(code)


_MARKED = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
_ALLOWED = re.compile(  # commands, zones, units, and each language named in itself
    r"/[a-z_]+|[A-Z][a-z]+/[A-Za-z_]+|Limber|UTC|ml|kg|lb|pm|am|"
    + "|".join(re.escape(name) for name in LANGUAGES.values())
)


def _untranslated(text: str) -> str | None:
    """The words left once every marked message (innermost first) and every allowed
    token is taken out; None when nothing is left."""
    while (stripped := _MARKED.sub("", text)) != text:
        text = stripped
    words = re.findall(r"[A-Za-z]{3,}", _ALLOWED.sub("", text))
    return " ".join(words) or None


def _every_word(message: RecordedMessage) -> list[str]:
    shown = [v.text or "" for v in message.edits] + [message.text or message.caption or ""]
    buttons = [b.text for b in message.inline_buttons]
    return shown + buttons + [b["text"] for b in message.keyboard_buttons]


@pytest.mark.slow
async def test_the_pseudo_locale_leaves_no_word_untranslated(limber: Limber) -> None:
    """Onboarding by buttons, /help, /settings, a workout in the guided flow, /workouts, a
    check-in and the errors: every text, button and answer is a marked message."""
    tester = limber.fake.user(3200, "Tester", language_code="qps-ploc")
    await tester.send("/start")
    notice = await tester.wait_for(lambda m: bool(m.inline_buttons))
    await tester.press(notice, f"{PSEUDO_OPEN}I agree{PSEUDO_CLOSE}")
    await tester.wait_for(lambda m: bool(m.keyboard_buttons))
    await tester.send("Europe/Berlin")
    for _question in range(5):  # wake, sleep, sex, age, weight: the first button each
        question = await tester.wait_for(lambda m: bool(m.inline_buttons) and not m.edits)
        await tester.press(question, question.inline_buttons[0].text)
    commands = ("/help", "/settings", "/workouts", "/insights", "/cramp", "/nonsense")
    for command in (*commands, "/water x", "/water 300", "/timezone Nowhere", "/pause"):
        await tester.send(command)
        await tester.next_message()
    await tester.send("/checkin")
    for _step in range(6):  # answer the check-in with each question's first button
        question = await tester.wait_for(lambda m: bool(m.inline_buttons))
        if "(" not in (question.text or ""):
            break
        await tester.press(question, question.inline_buttons[0].text)
    await tester.send("/summary")
    await tester.wait_for(lambda m: m.photo is not None, timeout=15)
    await limber.live_until(limber.clock.now() + timedelta(hours=13))  # to the evening check-in
    await tester.send("/workout")
    flow = await tester.wait_for(lambda m: bool(m.inline_buttons))
    await tester.press(flow, flow.inline_buttons[0].text)  # Monday
    await tester.send("/workout zzz")
    await tester.next_message()
    left = {
        text: found
        for message in tester.messages
        for text in _every_word(message)
        if (found := _untranslated(text))
    }
    answers = [a.text for a in tester.callback_answers if a.text]
    left |= {text: found for text in answers if (found := _untranslated(text))}
    assert not left, "\n".join(f"{found!r} in {text!r}" for text, found in left.items())


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_pseudo_locale_covers_repeats_nudges_that_back_off_and_learned_timing(
    limber: Limber,
) -> None:
    """/settings' reminder view with its repeat and learned-timing controls, a copy of a
    drink-before and the "repeated below" it leaves, a folded nudge and the back-off's note,
    a time that moved with its Undo, and Undo's answer: every word a marked message."""
    alice = await berlin_runner(limber)  # Monday's run at 18:30 Berlin (17:30 UTC)
    await add_workout(limber, alice.id, weekdays="2")  # and Tuesday's
    ignored = [utc(hour, day=22) for hour in (9, 11, 13, 15)]  # yesterday's, unanswered
    async with limber.sessions.begin() as session:
        user = await session.get(User, alice.id)
        assert user is not None
        user.language = PSEUDO
        session.add_all(
            Delivery(
                user_id=alice.id,
                key=f"hydration_nudge:2026-11-22#{at.hour}",
                kind="hydration_nudge",
                local_date=at.date(),
                due_at=at,
                deadline=at + timedelta(hours=1),
                priority=0,
                payload={},
                status="sent",
                attempts=1,
                created_at=at,
                sent_at=at,
            )
            for at in ignored
        )
        for offset, (sent, acted) in {-240: (3, 0), -180: (3, 3), -120: (3, 0)}.items():
            await count(session, alice.id, "drink_before", offset, sent=sent, acted=acted)
    first = len(alice.messages)

    await alice.send("/settings")
    home = await alice.wait_for(lambda m: bool(m.inline_buttons))
    reminders = f"{PSEUDO_OPEN}🔔 Reminders{PSEUDO_CLOSE}"
    learn_off = f"{PSEUDO_OPEN}🧠 Turn learned timing off{PSEUDO_CLOSE}"
    learn_on = f"{PSEUDO_OPEN}🧠 Turn learned timing on{PSEUDO_CLOSE}"
    drink = f"{PSEUDO_OPEN}Drink before{PSEUDO_CLOSE}"
    view = await choose(alice, home, reminders, learn_off, learn_on, drink, "1×", "2×")
    assert {"✓ 2×", f"{PSEUDO_OPEN}No repeat{PSEUDO_CLOSE}"} <= set(view.button_texts)

    async with limber.sessions() as session:
        nudge = await session.scalar(
            select(ReminderRule.next_due_at).where(ReminderRule.kind == "hydration_nudge")
        )
    assert nudge is not None and nudge.replace(tzinfo=UTC) < utc(13, 30)
    for moment in (
        nudge.replace(tzinfo=UTC),
        utc(13, 30),
        utc(13, 40),
    ):  # a nudge, the drink-before, its copy
        await limber.advance_to(moment)
    assert any(PSEUDO_OPEN + "🔁 Repeated below." in (m.text or "") for m in alice.messages)
    assert any("less often" in (m.text or "") for m in alice.messages)  # nudges back off
    await limber.advance_to(utc(14, 30, day=24))  # Tuesday's, at the learned 3 h before
    assert any("💧 Water check: missed." in (m.text or "") for m in alice.messages)
    moved = next(m for m in reversed(alice.messages) if "I'll now remind" in (m.text or ""))
    await alice.answer_to(await alice.press(moved, f"{PSEUDO_OPEN}↩️ Undo{PSEUDO_CLOSE}"))

    left = {
        text: found
        for message in alice.messages[first:]
        for text in _every_word(message)
        if (found := _untranslated(text))
    }
    answers = [a.text for a in alice.callback_answers if a.text]
    assert any("Back to" in text for text in answers)
    left |= {text: found for text in answers if (found := _untranslated(text))}
    assert not left, "\n".join(f"{found!r} in {text!r}" for text, found in left.items())


TOMORROW = {"ru": "завтра", "uk": "завтра", "es": "mañana", "pt-br": "amanhã", "id": "besok"}
_ENGLISH = re.compile(r"\b(?:the|your|you|Tap|Done|Skip|Snooze|Saved|Water|drink|today)\b")


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("code", list(TOMORROW))
async def test_a_newcomer_lives_a_day_in_their_language(limber: Limber, code: str) -> None:
    """Onboarding by buttons, /help, a workout for tomorrow in that language's word, the
    day's reminders and check-in, and /summary with its chart: no English word anywhere."""
    person = limber.fake.user(3300, "Someone", language_code=code)
    await person.send("/start")
    notice = await person.wait_for(lambda m: bool(m.inline_buttons))
    await person.press(notice, notice.inline_buttons[0].text)
    await person.wait_for(lambda m: bool(m.keyboard_buttons))
    await person.send("Europe/Madrid")
    for choice in (0, 0, 0, 2, 0):  # wake, sleep, sex, age (19-30, not under 14), weight
        question = await person.wait_for(lambda m: bool(m.inline_buttons) and not m.edits)
        await person.press(question, question.inline_buttons[choice].text)
    await person.send("/help")
    await person.wait_for(lambda m: "/language" in (m.text or ""))
    await person.send(f"/workout {TOMORROW[code]} 18:00 60")
    await person.wait_for(lambda m: "18:00" in (m.text or ""))
    async with limber.sessions() as session:
        assert await session.get(Workout, 1) is not None
    await limber.live_until(limber.clock.now() + timedelta(hours=13))  # to the check-in
    checkin = await person.wait_for(lambda m: "(1/" in (m.text or "") and bool(m.inline_buttons))
    await person.press(checkin, checkin.inline_buttons[0].text)
    await person.send("/summary")
    await person.wait_for(lambda m: m.photo is not None, timeout=15)
    kinds = {m.text.split()[0] for m in person.messages if m.text}
    assert len(person.messages) > 15 and len(kinds) > 5  # reminders and the check-in came
    english = {
        text: found.group()
        for message in person.messages
        for text in _every_word(message)
        if (found := _ENGLISH.search(_ALLOWED.sub("", text)))
    }
    assert not english, "\n".join(f"{word!r} in {text!r}" for text, word in english.items())
