"""A calendar event's title read for a workout's kind and intensity, in every shipped
language: the kind and intensity words users type (``core.words``), and the words club
calendars use for sessions Limber has no kind of its own for (yoga, a match, intervals,
a long session). A title that names neither keeps the defaults.
"""

from __future__ import annotations

import re

from core.planning import Intensity, WorkoutKind
from core.words import INTENSITY_WORDS, KIND_WORDS, fold

SESSION_WORDS: dict[str, tuple[WorkoutKind | None, Intensity | None]] = {
    # yoga, pilates, stretching: gentle, no kind of its own
    "yoga": (WorkoutKind.OTHER, Intensity.LIGHT), "pilates": (WorkoutKind.OTHER, Intensity.LIGHT),
    "йога": (WorkoutKind.OTHER, Intensity.LIGHT), "пилатес": (WorkoutKind.OTHER, Intensity.LIGHT),
    "пілатес": (WorkoutKind.OTHER, Intensity.LIGHT), "ioga": (WorkoutKind.OTHER, Intensity.LIGHT),
    # a match or a game: hard
    "match": (WorkoutKind.OTHER, Intensity.HARD), "game": (WorkoutKind.OTHER, Intensity.HARD),
    "матч": (WorkoutKind.OTHER, Intensity.HARD), "игра": (WorkoutKind.OTHER, Intensity.HARD),
    "гра": (WorkoutKind.OTHER, Intensity.HARD), "partido": (WorkoutKind.OTHER, Intensity.HARD),
    "partida": (WorkoutKind.OTHER, Intensity.HARD), "jogo": (WorkoutKind.OTHER, Intensity.HARD),
    "pertandingan": (WorkoutKind.OTHER, Intensity.HARD),
    "tanding": (WorkoutKind.OTHER, Intensity.HARD),
    # intervals, tempo: hard, whatever the sport
    "interval": (None, Intensity.HARD), "intervals": (None, Intensity.HARD),
    "tempo": (None, Intensity.HARD), "интервалы": (None, Intensity.HARD),
    "интервальная": (None, Intensity.HARD),
    "інтервали": (None, Intensity.HARD), "інтервальне": (None, Intensity.HARD),
    "intervalos": (None, Intensity.HARD), "series": (None, Intensity.HARD),
    "intervalado": (None, Intensity.HARD), "tiros": (None, Intensity.HARD),
    # long: a steady, moderate session
    "long": (None, Intensity.MODERATE), "длинная": (None, Intensity.MODERATE),
    "длительная": (None, Intensity.MODERATE), "длинный": (None, Intensity.MODERATE),
    "довга": (None, Intensity.MODERATE), "тривала": (None, Intensity.MODERATE),
    "largo": (None, Intensity.MODERATE), "larga": (None, Intensity.MODERATE),
    "fondo": (None, Intensity.MODERATE), "longo": (None, Intensity.MODERATE),
    "longao": (None, Intensity.MODERATE), "panjang": (None, Intensity.MODERATE),
    "jauh": (None, Intensity.MODERATE),
    # easy, recovery: light
    "recovery": (None, Intensity.LIGHT), "восстановительная": (None, Intensity.LIGHT),
    "відновлювальна": (None, Intensity.LIGHT), "recuperacion": (None, Intensity.LIGHT),
    "regenerativo": (None, Intensity.LIGHT), "pemulihan": (None, Intensity.LIGHT),
    "pool": (WorkoutKind.SWIM, None), "piscina": (WorkoutKind.SWIM, None),
    "kolam": (WorkoutKind.SWIM, None),
}  # fmt: skip
"""Words of session titles beyond ``core.words``: the kind and intensity each says (None:
says nothing of it), as :func:`core.words.fold` leaves them."""

_WORD = re.compile(r"[\w'’-]+")


def title_kind_intensity(title: str) -> tuple[WorkoutKind, Intensity]:
    """The kind and intensity the first words in ``title`` that say them name; the
    workout defaults (other, moderate) otherwise."""
    kind: WorkoutKind | None = None
    intensity: Intensity | None = None
    for raw in _WORD.findall(title):
        word = fold(raw)
        said_kind, said_intensity = SESSION_WORDS.get(word, (None, None))
        if word in KIND_WORDS:
            said_kind = WorkoutKind(KIND_WORDS[word])
        if word in INTENSITY_WORDS:
            said_intensity = Intensity(INTENSITY_WORDS[word])
        kind = kind or said_kind
        intensity = intensity or said_intensity
    return kind or WorkoutKind.OTHER, intensity or Intensity.MODERATE
