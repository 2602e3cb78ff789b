"""Any input end to end: every command, free text and every button area, fed arbitrary
text and callback data (hypothesis), gets a friendly reply and raises nothing; media,
far-off coordinates, edited messages and group updates are handled at the edge."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot import texts
from bot.callbacks import Area
from bot.routes import COMMANDS
from config.clock import ManualClock
from fakebot import FakeUser
from tests.e2e.flows import has, messages_sent, onboard, settle
from tests.e2e.harness import Limber, running_limber

NAMES = [name for name, _ in COMMANDS] + ["nonsense", "help@limber_test_bot"]
NASTY = [
    "²",
    "٣",
    "７２",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "nan",
    "until 01.01.0001",
    "until 9999-12-31",
    "until 2999-01-01",
    "until 29/02",
    "9999-12-31 23:30 600",
    "01.01.0001 7:00",
    "mon 25:61",
    "1h99",
    "366d",
    "<b>",
    "</code>",
    "&",
    "&amp;",
    "<a href='x'>x",
    "Europe/Berlin",
    "UTC+99",
]
junk = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=8), max_size=3).map(" ".join),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "ж", "🏃", "<"]), st.integers(4000, 5000)),
)
ODD_DATA = [
    "",
    "x",
    "²",
    "del:²",
    "del:99999999999",
    "1:2:3:4:5",
    "on:on:on",
    "k:²",
    "t:warm_up:²",
    "t:warm_up:-99999999999",
    "set:8",
    "set:0",
    "set:٣",
    "00010101:open",
    "99991231:open",
    "20261123:cramps:yes:1",
    "²²²²²²²²:open",
    "fs:0.o991231.2330.600.rh",
    "fs:0.d127.2330.600.rh",
    "fs:99999999999.d1.1830.60.rh",
    "e:0",
    "sk:2147483648",
    "undo:99999999999",
    "d:1",
    "w:1:²",
    "z:1:10",
    "c:1",
    "agree:1",
    "agree:²",
    "wake:25:00",
    "timezone:Mars/Base",
    "weight:1e309",
    "home:extra",
    "yes",
    "no",
    "b:1.20261123.²",
    "b:².20261123.700",
    "a:1.²²²²²²²².700",
    "a:99999999999.20261123.700",
    "b:1.00010101.700",
    "a:1.20261123.99999999999",
]
callback_data = st.builds(
    lambda area, rest: f"{area}:{rest}"[:64], st.sampled_from(list(Area)), st.text(max_size=50)
) | st.text(min_size=1, max_size=64)
AS_HYPOTHESIS_WANTS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
async def limber(database_url: str, clock: ManualClock) -> AsyncIterator[Limber]:
    async with running_limber(database_url, clock, throttled=False) as running:
        yield running


@pytest.fixture
async def people(limber: Limber) -> AsyncIterator[list[FakeUser]]:
    """One user who never started, one who only agreed, one who is set up."""
    fresh = limber.user(3001)
    agreed = limber.user(3002)
    ready = limber.user(3003)
    await agreed.send("/start")
    await agreed.press(await agreed.wait_for(has("I am not a doctor")), "I agree")
    await agreed.wait_for(has("Which time zone"))
    await onboard(ready)
    await ready.send("/workout mon 18:00 60 run")
    await ready.wait_for(has("Saved"))
    yield [fresh, agreed, ready]


Mark = tuple[int, Counter[int]]


def mark(limber: Limber) -> Mark:
    """Where the chats stand: events so far, and messages sent to each chat."""
    return len(limber.fake.state.events), messages_sent(limber.fake)


async def assert_all_answered(limber: Limber, since: Mark, messages: dict[int, int]) -> None:
    """Every update since the mark was handled without an error: each press answered,
    each user's message followed by a reply, and nothing unfriendly shown."""
    await settle(limber, timeout=60)
    assert limber.errors == []
    assert limber.fake.state.pending_queries == {}
    for _, message in limber.fake.state.events[since[0] :]:
        shown = message.text or message.caption or ""
        assert texts.ERROR not in shown and "Traceback" not in shown
    replies = messages_sent(limber.fake) - since[1]
    assert all(replies[user] >= count for user, count in messages.items()), (replies, messages)


@pytest.mark.slow
async def test_every_command_with_every_odd_argument(
    limber: Limber, people: list[FakeUser]
) -> None:
    since = mark(limber)
    sent = Counter[int]()
    for user in people:
        for name in NAMES:
            # Charts take a tenth of a second each, and these commands take no arguments.
            odd = NASTY if user is people[-1] and name not in ("summary", "stats") else NASTY[:2]
            for text in odd:
                await user.send(f"/{name} {text}")
                sent[user.id] += 1
    await assert_all_answered(limber, since, sent)


@pytest.mark.slow
async def test_every_button_area_with_odd_data(limber: Limber, people: list[FakeUser]) -> None:
    since = mark(limber)
    for user in people:
        last = user.last_message.message_id if user.last_message else 1
        for area in Area:
            for rest in ODD_DATA if user is people[-1] else ODD_DATA[:5]:
                for message_id in (last, 10_000):  # a message, and an inaccessible one
                    await user.forge_press(message_id, f"{area}:{rest}"[:64])
    await assert_all_answered(limber, since, {})


@AS_HYPOTHESIS_WANTS
@given(who=st.integers(0, 2), name=st.sampled_from([*NAMES, None]), text=junk)
async def test_any_command_or_text_gets_a_friendly_reply(
    limber: Limber, people: list[FakeUser], who: int, name: str | None, text: str
) -> None:
    since = mark(limber)
    user = people[who]
    await user.send(f"/{name} {text}" if name else text or ".")
    await assert_all_answered(limber, since, {user.id: 1})


@AS_HYPOTHESIS_WANTS
@given(who=st.integers(0, 2), data=callback_data, on_last=st.booleans())
async def test_any_button_data_gets_a_friendly_answer(
    limber: Limber, people: list[FakeUser], who: int, data: str, on_last: bool
) -> None:
    since = mark(limber)
    user = people[who]
    last = user.last_message
    message_id = last.message_id if on_last and last else 10_000  # else: an inaccessible one
    await user.forge_press(message_id, data)
    await assert_all_answered(limber, since, {})


async def test_media_and_far_off_places_get_a_friendly_reply(
    limber: Limber, people: list[FakeUser]
) -> None:
    ready = people[2]
    photo = [{"file_id": "AgAD", "file_unique_id": "AQAD", "width": 90, "height": 90}]
    await ready.send_content({"photo": photo, "caption": "/water 300"})
    assert (await ready.next_message()).text == texts.MEDIA
    await ready.send_content(
        {"voice": {"file_id": "AwAD", "file_unique_id": "AgAD", "duration": 3}}
    )
    assert (await ready.next_message()).text == texts.MEDIA
    for latitude, longitude in ((91, 0), (0, 181), (-90.5, 10), (1e308, -1e308)):
        await ready.share_location(latitude, longitude)
        await ready.wait_for(has("couldn't find a time zone"))
    assert limber.errors == []


async def test_edited_messages_and_group_updates_reach_no_handler(
    limber: Limber, people: list[FakeUser]
) -> None:
    ready = people[2]
    chat = ready.chat.json
    sender = ready.json
    group = {"id": -100_123, "type": "supergroup", "title": "Runners"}
    command = [{"type": "bot_command", "offset": 0, "length": 6}]
    message = {
        "message_id": 1,
        "date": 0,
        "from": sender,
        "text": "/water 300",
        "entities": command,
    }
    messages_before = len(limber.fake.calls("sendMessage"))
    for update in (
        {"edited_message": {**message, "chat": chat, "edit_date": 1}},
        {"message": {**message, "chat": group}},
        {"channel_post": {**message, "chat": {**group, "type": "channel"}}},
    ):
        # Telegram sends none of these with Limber's allowed_updates; a webhook set up by
        # hand could. They go straight into the application's queue.
        await limber.app.update_queue.put(
            Update.de_json({"update_id": 1, **update}, limber.app.bot)
        )
    await settle(limber)
    assert len(limber.fake.calls("sendMessage")) == messages_before + 1  # settle's /help
    assert limber.errors == []
