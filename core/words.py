"""Words a user may type, in every shipped language, read as the English ones Limber's
parsers know: weekdays, "today" and "tomorrow", workout kinds and intensities, and the
yes, no and skip of typed answers.

Every language's words are accepted whatever the user's language, so a Spanish speaker
with an English app still gets ``mañana`` read. A word that would mean something else
here is left out (Indonesian ``min`` for Sunday reads as minutes).
"""

from __future__ import annotations

import unicodedata

WEEKDAY_WORDS: dict[str, int] = {
    # en
    "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2, "wed": 3, "wednesday": 3,
    "thu": 4, "thur": 4, "thurs": 4, "thursday": 4, "fri": 5, "friday": 5,
    "sat": 6, "saturday": 6, "sun": 7, "sunday": 7,
    # ru
    "пн": 1, "пон": 1, "понедельник": 1, "вт": 2, "вторник": 2, "ср": 3, "среда": 3,
    "среду": 3, "чт": 4, "четверг": 4, "пт": 5, "пятница": 5, "пятницу": 5,
    "сб": 6, "суббота": 6, "субботу": 6, "вс": 7, "воскресенье": 7,
    # uk
    "понеділок": 1, "вівторок": 2, "середа": 3, "середу": 3, "чет": 4, "четвер": 4,
    "п'ятниця": 5, "п'ятницю": 5, "субота": 6, "суботу": 6, "нд": 7, "неділя": 7,
    "неділю": 7,
    # es
    "lun": 1, "lunes": 1, "mar": 2, "martes": 2, "mie": 3, "miercoles": 3, "jue": 4,
    "jueves": 4, "vie": 5, "viernes": 5, "sab": 6, "sabado": 6, "dom": 7, "domingo": 7,
    # pt
    "seg": 1, "segunda": 1, "segunda-feira": 1, "ter": 2, "terca": 2, "terca-feira": 2,
    "qua": 3, "quarta": 3, "quarta-feira": 3, "qui": 4, "quinta": 4, "quinta-feira": 4,
    "sex": 5, "sexta": 5, "sexta-feira": 5,
    # id
    "sen": 1, "senin": 1, "sel": 2, "selasa": 2, "rab": 3, "rabu": 3, "kam": 4,
    "kamis": 4, "jum": 5, "jumat": 5, "sabtu": 6, "minggu": 7,
}  # fmt: skip
"""Weekday words (ISO numbers, 1 is Monday), as :func:`fold` leaves them."""

TODAY_WORDS = frozenset({"today", "сегодня", "сьогодні", "hoy", "hoje", "hari-ini"})
TOMORROW_WORDS = frozenset({"tomorrow", "завтра", "manana", "amanha", "besok"})

KIND_WORDS: dict[str, str] = {
    "run": "run", "running": "run", "jog": "run", "бег": "run", "пробежка": "run",
    "біг": "run", "пробіжка": "run", "correr": "run", "carrera": "run", "corrida": "run",
    "lari": "run",
    "gym": "gym", "weights": "gym", "strength": "gym", "зал": "gym", "силовая": "gym",
    "тренажерный": "gym", "силова": "gym", "gimnasio": "gym", "pesas": "gym",
    "academia": "gym", "musculacao": "gym", "gim": "gym", "beban": "gym",
    "ride": "ride", "bike": "ride", "cycle": "ride", "cycling": "ride", "вело": "ride",
    "велосипед": "ride", "bici": "ride", "bicicleta": "ride", "ciclismo": "ride",
    "sepeda": "ride", "bersepeda": "ride",
    "swim": "swim", "swimming": "swim", "плавание": "swim", "бассейн": "swim",
    "плавання": "swim", "басейн": "swim", "nadar": "swim", "natacion": "swim",
    "natacao": "swim", "renang": "swim", "berenang": "swim",
    "other": "other", "другое": "other", "інше": "other", "otro": "other",
    "outro": "other", "lainnya": "other",
}  # fmt: skip
"""Workout kinds (``core.planning.WorkoutKind`` values)."""

INTENSITY_WORDS: dict[str, str] = {
    "light": "light", "easy": "light", "легко": "light", "легкая": "light",
    "лёгкая": "light", "легка": "light", "suave": "light", "ligero": "light",
    "ligera": "light", "leve": "light", "ringan": "light", "santai": "light",
    "moderate": "moderate", "medium": "moderate", "средне": "moderate",
    "умеренно": "moderate", "середньо": "moderate", "помірно": "moderate",
    "moderado": "moderate", "moderada": "moderate", "medio": "moderate", "sedang": "moderate",
    "hard": "hard", "intense": "hard", "тяжело": "hard", "интенсивно": "hard",
    "жестко": "hard", "важко": "hard", "інтенсивно": "hard", "duro": "hard", "dura": "hard",
    "intenso": "hard", "intensa": "hard", "forte": "hard", "pesado": "hard",
    "berat": "hard", "keras": "hard",
}  # fmt: skip
"""Intensities (``core.planning.Intensity`` values)."""

ANSWER_WORDS: dict[str, str] = {
    "skip": "skip", "пропустить": "skip", "пропуск": "skip", "пропустити": "skip",
    "omitir": "skip", "saltar": "skip", "pular": "skip", "lewati": "skip",
    "no": "no", "нет": "no", "ні": "no", "não": "no", "nao": "no", "tidak": "no",
    "yes": "yes", "да": "yes", "так": "yes", "sí": "yes", "si": "yes", "sim": "yes",
    "ya": "yes",
    "male": "male", "мужчина": "male", "мужской": "male", "чоловік": "male",
    "hombre": "male", "homem": "male", "masculino": "male", "pria": "male",
    "laki-laki": "male",
    "female": "female", "женщина": "female", "женский": "female", "жінка": "female",
    "mujer": "female", "mulher": "female", "feminino": "female", "femenino": "female",
    "wanita": "female", "perempuan": "female",
    "pregnant": "pregnant", "беременна": "pregnant", "вагітна": "pregnant",
    "embarazada": "pregnant", "gravida": "pregnant", "hamil": "pregnant",
    "breastfeeding": "breastfeeding", "кормлю": "breastfeeding", "годую": "breastfeeding",
    "lactancia": "breastfeeding", "amamantando": "breastfeeding",
    "amamentando": "breastfeeding", "menyusui": "breastfeeding",
}  # fmt: skip
"""Typed answers to the profile's questions, as the English values they stand for."""

_PHRASES = {"hari ini": "hari-ini"}
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def fold(word: str) -> str:
    """A typed word as the tables above hold it: lower case, ``ё`` as ``е``, one
    apostrophe, and Latin letters without accents (``mañana``: ``manana``)."""
    lowered = word.strip().lower().translate(_APOSTROPHES).replace("ё", "е").rstrip(".")
    if lowered.isascii() or not any("a" <= c <= "z" for c in lowered):
        return lowered
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def join_phrases(text: str) -> str:
    """Several-word phrases made one token (``hari ini``: ``hari-ini``)."""
    lowered = text.lower()
    for phrase, token in _PHRASES.items():
        lowered = lowered.replace(phrase, token)
    return lowered


def answer_word(text: str) -> str:
    """A typed answer as the English value it stands for (itself when unknown)."""
    return ANSWER_WORDS.get(fold(text), ANSWER_WORDS.get(text.strip().lower(), text))
