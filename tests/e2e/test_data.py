"""/export and /delete end to end: all of it out, then all of it gone."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from db.models import Base
from db.users import user_owned_tables
from tests.e2e.flows import has, onboard
from tests.e2e.harness import Limber


async def _export(limber: Limber, user) -> dict | None:
    await user.send("/export")
    reply = await user.next_message()
    if reply.document is None:
        return None
    assert reply.document.file_name.endswith(".json")
    return json.loads(reply.document.data)


async def _rows_about(limber: Limber, user_id: int) -> int:
    total = 0
    async with limber.sessions() as session:
        for name in user_owned_tables():
            table = Base.metadata.tables[name]
            key = table.c.id if name == "users" else table.c.user_id
            total += (
                await session.scalar(select(func.count()).select_from(table).where(key == user_id))
                or 0
            )
    return total


async def test_export_delete_export(limber: Limber) -> None:
    alice = limber.user()
    bob = limber.user(2002, "Bob")
    await onboard(alice, zone="Europe/Berlin", weight="64")
    await onboard(bob, zone="UTC")

    document = await _export(limber, alice)
    assert document is not None
    assert document["format"] == "limber-export/1" and document["user_id"] == alice.id
    profile = document["tables"]["users"][0]
    assert (profile["timezone"], profile["wake_time"], profile["weight_kg"]) == (
        "Europe/Berlin",
        "07:00:00",
        64.0,
    )
    assert all(
        row.get("user_id", alice.id) == alice.id
        for rows in document["tables"].values()
        for row in rows
    )
    assert "Bob" not in json.dumps(document) and str(bob.id) not in json.dumps(document["tables"])

    await alice.send("/delete")
    confirm = await alice.wait_for(has("Delete everything?"))
    await alice.press(confirm, "Cancel")
    await alice.wait_for(has("Nothing was deleted"))
    assert await _rows_about(limber, alice.id) > 0

    await alice.send("/delete")
    confirm = await alice.wait_for(has("Delete everything?"))
    await alice.press(confirm, "Yes, delete everything")
    done = await alice.wait_for(has("I deleted all"))
    assert "Nothing is left" in (done.text or "")
    assert await _rows_about(limber, alice.id) == 0
    assert await _rows_about(limber, bob.id) > 0

    await alice.send("/export")
    nothing = await alice.wait_for(has("I hold no data about you"))
    assert nothing.document is None


async def test_old_delete_button_after_deletion_is_harmless(limber: Limber) -> None:
    alice = limber.user()
    await onboard(alice)
    await alice.send("/delete")
    confirm = await alice.wait_for(has("Delete everything?"))
    await alice.press(confirm, "Yes, delete everything")
    await alice.wait_for(has("I deleted all"))
    await alice.forge_press(confirm.message_id, "del:yes")
    await alice.wait_for(has("nothing to delete"))
