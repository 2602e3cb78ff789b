"""What to do during a cramp: stop, stretch gently, massage; when to get help; sources."""

from __future__ import annotations

from config.knowledge import load_knowledge
from core.cramp import during_a_cramp

HELP = load_knowledge().to_core().cramp_help


def test_during_a_cramp_says_stop_stretch_massage_and_when_to_get_help() -> None:
    assert HELP is not None
    text = during_a_cramp(HELP)
    assert text.startswith("🦵 <b>During a cramp</b>")
    lowered = text.lower()
    for words in ("stop", "stretch", "massage", "10 minutes", "medical help now"):
        assert words in lowered
    assert "Source: NHS, Leg cramps; MSD Manual, Muscle cramps; Miller et al." in text
    assert text.count("<b>") == 1 and "<" not in text.replace("<b>", "").replace("</b>", "")
