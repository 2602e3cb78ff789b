"""A workout read from typed words rides whole in the confirm view's buttons."""

from __future__ import annotations

import pytest

from bot.callbacks import MAX_BYTES, decode
from bot.views.workout_drafts import Draft, decode_draft
from bot.views.workout_flow import confirm_view
from core.workout_parse import WorkoutSpec
from tests.core.test_plain_words import CORPUS

SPECS = [spec for rows in CORPUS.values() for _text, spec in rows]


@pytest.mark.parametrize("spec", SPECS)
def test_a_read_workout_survives_the_buttons(spec: WorkoutSpec) -> None:
    _text, keyboard = confirm_view(Draft.of_spec(spec), spec)
    [save, _change], _cancel = keyboard.rows
    data = save.callback_data
    assert data is not None and len(data.encode()) <= MAX_BYTES
    parsed = decode(data)
    assert parsed is not None
    draft = decode_draft(parsed.value)
    assert draft is not None and draft.spec() == spec
