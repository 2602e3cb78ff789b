"""A calendar event's title read for a workout's kind and intensity, in every shipped
language, with the words users type (``core.words``: kinds, intensities, and the words that
suggest both, such as yoga, a match, intervals or a long session). A title that names
neither keeps the defaults.
"""

from __future__ import annotations

import re

from core.planning import Intensity, WorkoutKind
from core.words import DESCRIPTOR_WORDS, INTENSITY_WORDS, KIND_WORDS, fold

_WORD = re.compile(r"[\w'’-]+")


def title_kind_intensity(title: str) -> tuple[WorkoutKind, Intensity]:
    """The kind and intensity the first words in ``title`` that say them name; the
    workout defaults (other, moderate) otherwise."""
    kind: str | None = None
    intensity: str | None = None
    for raw in _WORD.findall(title):
        word = fold(raw)
        said_kind, said_intensity = DESCRIPTOR_WORDS.get(word, (None, None))
        kind = kind or KIND_WORDS.get(word) or said_kind
        intensity = intensity or INTENSITY_WORDS.get(word) or said_intensity
    return WorkoutKind(kind or WorkoutKind.OTHER), Intensity(intensity or Intensity.MODERATE)
