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


# --- Plain words: the sentence form of /workout (``core.workout_parse``) -------------------

WEEKDAY_FORMS: dict[str, int] = {
    # en
    "mondays": 1, "tuesdays": 2, "wednesdays": 3, "thursdays": 4, "fridays": 5,
    "saturdays": 6, "sundays": 7,
    # ru: по вторникам; с понедельника
    "понедельникам": 1, "вторникам": 2, "средам": 3, "четвергам": 4, "пятницам": 5,
    "субботам": 6, "воскресеньям": 7, "понедельника": 1, "вторника": 2, "среды": 3,
    "четверга": 4, "пятницы": 5, "субботы": 6, "воскресенья": 7,
    # uk: по вівторках; щовівторка; з понеділка
    "понеділках": 1, "вівторках": 2, "середах": 3, "четвергах": 4, "п'ятницях": 5,
    "суботах": 6, "неділях": 7, "щопонеділка": 1, "щовівторка": 2, "щосереди": 3,
    "щочетверга": 4, "щоп'ятниці": 5, "щосуботи": 6, "щонеділі": 7, "понеділка": 1,
    "вівторка": 2, "середи": 3, "п'ятниці": 5, "суботи": 6, "неділі": 7,
    # es, pt
    "sabados": 6, "domingos": 7, "segundas": 1, "tercas": 2, "quartas": 3, "quintas": 4,
    "sextas": 5,
}  # fmt: skip
"""Plural and case forms of weekdays (``every tuesday``'s kin), as :func:`fold` leaves them."""

DAY_GROUP_WORDS: dict[str, str] = {
    "weekdays": "weekdays", "будни": "weekdays", "будням": "weekdays", "будні": "weekdays",
    "буднях": "weekdays", "laborables": "weekdays",
    "weekend": "weekend", "weekends": "weekend", "выходные": "weekend", "выходным": "weekend",
    "вихідні": "weekend", "вихідних": "weekend",
    "daily": "daily", "everyday": "daily", "ежедневно": "daily", "щодня": "daily",
    "diario": "daily", "diariamente": "daily", "harian": "daily",
}  # fmt: skip
"""Words for several days at once: ``weekdays`` (Mon-Fri), ``weekend``, ``daily``."""

FILLER_WORDS = frozenset(
    {
        # en
        "every",
        "each",
        "and",
        "at",
        "on",
        "for",
        "a",
        "an",
        "the",
        "in",
        "of",
        "o'clock",
        "&",
        "+",
        "-",
        "starting",
        "from",
        "with",
        "session",
        "workout",
        "training",
        "about",
        "around",
        "approximately",
        "i",
        "my",
        # ru
        "каждый",
        "каждую",
        "каждое",
        "каждые",
        "и",
        "в",
        "во",
        "на",
        "по",
        "с",
        "со",
        "тренировка",
        "тренировку",
        "около",
        "примерно",
        "я",
        "моя",
        "мой",
        # uk
        "кожен",
        "кожного",
        "кожну",
        "кожний",
        "кожне",
        "кожної",
        "і",
        "й",
        "та",
        "у",
        "о",
        "об",
        "з",
        "тренування",
        "близько",
        "приблизно",
        "моє",
        "мій",
        # es
        "cada",
        "todos",
        "todas",
        "los",
        "las",
        "el",
        "la",
        "un",
        "una",
        "y",
        "e",
        "en",
        "por",
        "durante",
        "de",
        "del",
        "con",
        "entrenamiento",
        "sobre",
        "cerca",
        "alrededor",
        "aproximadamente",
        "yo",
        "mi",
        # pt
        "toda",
        "todo",
        "os",
        "as",
        "o",
        "um",
        "uma",
        "em",
        "na",
        "no",
        "nas",
        "nos",
        "da",
        "do",
        "dos",
        "pela",
        "pelo",
        "com",
        "ao",
        "aos",
        "à",
        "treino",
        "eu",
        "meu",
        # id
        "setiap",
        "tiap",
        "dan",
        "jam",
        "pukul",
        "pada",
        "hari",
        "selama",
        "untuk",
        "di",
        "dengan",
        "latihan",
        "sekitar",
        "saya",
        "aku",
    }
)
"""Words that join a sentence and mean nothing alone (``every``, ``and``, ``about``); one
between ``at`` or ``for`` and its number leaves the number read as a time or a duration."""

AND_WORDS = frozenset({"and", "и", "і", "та", "y", "e", "dan"})
"""The ``and`` of ``1 hour and 30 minutes``."""

ONE_DAY_WORDS: dict[str, str] = {
    "next": "next", "coming": "next", "this": "this",
    "следующий": "next", "следующую": "next", "следующее": "next", "ближайший": "next",
    "ближайшую": "next", "ближайшее": "next", "этот": "this", "эту": "this", "это": "this",
    "наступний": "next", "наступного": "next", "наступну": "next", "наступної": "next",
    "найближчий": "next", "найближчу": "next", "цей": "this", "цю": "this", "цього": "this",
    "цієї": "this", "proximo": "next", "proxima": "next", "este": "this", "esta": "this",
    "neste": "this", "nesta": "this", "depan": "next", "ini": "this",
}  # fmt: skip
"""Words that make a weekday one day rather than every week: ``next tuesday`` (the first
after today), ``this saturday`` (today when it is Saturday); Indonesian puts them after
the day (``selasa depan``)."""

TIME_MARKERS = frozenset({"at", "@", "в", "во", "о", "об", "las", "la", "as", "jam", "pukul"})
"""Words after which a bare number is the start time (``at 7``, ``a las 7``, ``jam 7``)."""

DURATION_MARKERS = frozenset({"for", "на", "durante", "por", "selama"})
"""Words after which a bare number is the duration in minutes (``for 45``)."""

RANGE_WORDS = frozenset(
    {
        "to",
        "till",
        "until",
        "through",
        "thru",
        "-",
        "по",
        "до",
        "a",
        "al",
        "ate",
        "sampai",
        "hingga",
    }
)
"""Words between two weekdays that mean every day from one to the other (``mon to fri``)."""

DURATION_UNITS: dict[str, int] = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "h": 60, "hr": 60, "hrs": 60,
    "hour": 60, "hours": 60,
    "мин": 1, "минута": 1, "минуту": 1, "минуты": 1, "минут": 1, "ч": 60, "час": 60,
    "часа": 60, "часов": 60,
    "хв": 1, "хвилина": 1, "хвилину": 1, "хвилини": 1, "хвилин": 1, "год": 60,
    "година": 60, "годину": 60, "години": 60, "годин": 60,
    "minuto": 1, "minutos": 1, "hora": 60, "horas": 60,
    "menit": 1, "mnt": 1, "jam": 60,
}  # fmt: skip
"""Units a number of minutes or hours may be given in (``45 minutes``, ``1,5 часа``)."""

ONE_HOUR_WORDS = frozenset({"hour", "час", "година", "годину", "hora"})
"""A unit that alone means one of it (``for an hour``, ``на час``, ``una hora``)."""

NUMBER_WORDS: dict[str, str] = {
    "one": "1", "two": "2", "three": "3", "half": "0.5",
    "один": "1", "одна": "1", "два": "2", "две": "2", "три": "3", "полтора": "1.5",
    "полторы": "1.5", "дві": "2", "пів": "0.5", "півтори": "1.5",
    "un": "1", "uno": "1", "una": "1", "dos": "2", "tres": "3", "media": "0.5",
    "um": "1", "uma": "1", "dois": "2", "duas": "2", "meia": "0.5",
    "satu": "1", "dua": "2", "tiga": "3", "setengah": "0.5",
}  # fmt: skip
"""Numbers in words, read only before a unit (``two hours``, ``полтора часа``)."""

PHRASES: dict[tuple[str, ...], str] = {
    ("half", "an", "hour"): "30min", ("an", "hour", "and", "a", "half"): "90min",
    ("hour", "and", "a", "half"): "90min", ("полчаса",): "30min", ("півгодини",): "30min",
    ("una", "hora", "y", "media"): "90min", ("hora", "y", "media"): "90min",
    ("uma", "hora", "e", "meia"): "90min", ("hora", "e", "meia"): "90min",
    ("sejam",): "60min", ("satu", "setengah", "jam"): "90min",
    ("satu", "jam", "setengah"): "90min",
    ("every", "day"): "daily", ("each", "day"): "daily", ("каждый", "день"): "daily",
    ("кожного", "дня"): "daily", ("кожен", "день"): "daily", ("todos", "los", "dias"): "daily",
    ("todos", "os", "dias"): "daily", ("setiap", "hari"): "daily", ("tiap", "hari"): "daily",
    ("entre", "semana"): "weekdays", ("dias", "uteis"): "weekdays",
    ("dias", "de", "semana"): "weekdays", ("hari", "kerja"): "weekdays",
    ("fin", "de", "semana"): "weekend", ("fines", "de", "semana"): "weekend",
    ("fim", "de", "semana"): "weekend", ("fins", "de", "semana"): "weekend",
    ("akhir", "pekan"): "weekend", ("akhir", "minggu"): "weekend",
    ("la", "manana"): "morning",
    ("tonight",): "today evening", ("esta", "noche"): "today night",
    ("esta", "noite"): "today night", ("malam", "ini"): "today night",
    ("nanti", "malam"): "today night", ("tengah", "hari"): "noon",
}  # fmt: skip
"""Several words read as one (``half an hour``, ``fin de semana``), folded; and ``tonight``."""

DAY_PARTS: dict[str, str] = {
    "morning": "morning", "утром": "morning", "утра": "morning", "вранці": "morning",
    "уранці": "morning", "зранку": "morning", "ранку": "morning", "manha": "morning",
    "pagi": "morning", "утренняя": "morning", "утренний": "morning",
    "ранкова": "morning", "ранковий": "morning", "matutino": "morning", "matutina": "morning",
    "matinal": "morning",
    "afternoon": "afternoon", "днем": "afternoon", "дня": "afternoon", "вдень": "afternoon",
    "удень": "afternoon", "tarde": "afternoon", "sore": "afternoon",
    "noon": "noon", "midday": "noon", "полдень": "noon", "полудня": "noon",
    "опівдні": "noon", "полудень": "noon", "mediodia": "noon", "meio-dia": "noon",
    "siang": "noon",
    "evening": "evening", "вечером": "evening", "вечера": "evening", "ввечері": "evening",
    "увечері": "evening", "вечора": "evening", "вечерняя": "evening", "вечерний": "evening",
    "вечірня": "evening", "вечірній": "evening", "vespertino": "evening",
    "night": "night", "ночью": "night", "ночи": "night", "вночі": "night", "уночі": "night",
    "ночі": "night", "noche": "night", "noite": "night", "malam": "night", "ночная": "night",
    "нічна": "night", "nocturno": "night", "noturno": "night", "noturna": "night",
}  # fmt: skip
"""Parts of the day, which settle a start time's am or pm (``7 in the evening`` is 19:00)."""

DESCRIPTOR_WORDS: dict[str, tuple[str | None, str | None]] = {
    "long": (None, "moderate"), "длинная": (None, "moderate"), "длительная": (None, "moderate"),
    "длинный": (None, "moderate"), "довга": (None, "moderate"), "довгий": (None, "moderate"),
    "тривала": (None, "moderate"), "largo": (None, "moderate"), "larga": (None, "moderate"),
    "longo": (None, "moderate"), "longa": (None, "moderate"), "panjang": (None, "moderate"),
    "interval": (None, "hard"), "intervals": (None, "hard"), "интервалы": (None, "hard"),
    "интервальная": (None, "hard"), "інтервали": (None, "hard"),
    "інтервальна": (None, "hard"), "intervalos": (None, "hard"),
    "tempo": (None, "hard"), "темповая": (None, "hard"), "темп": (None, "hard"),
    "темпова": (None, "hard"), "race": (None, "hard"), "забег": (None, "hard"),
    "забіг": (None, "hard"), "prova": (None, "hard"),
    "lomba": (None, "hard"),
    "recovery": (None, "light"), "восстановительная": (None, "light"),
    "восстановление": (None, "light"), "відновлювальна": (None, "light"),
    "відновлення": (None, "light"), "recuperacion": (None, "light"),
    "regenerativo": (None, "light"), "recuperacao": (None, "light"),
    "regenerativa": (None, "light"), "pemulihan": (None, "light"),
    "yoga": ("other", "light"), "йога": ("other", "light"), "ioga": ("other", "light"),
    "pilates": ("other", "light"), "пилатес": ("other", "light"), "пілатес": ("other", "light"),
    "stretching": ("other", "light"), "растяжка": ("other", "light"),
    "розтяжка": ("other", "light"), "estiramiento": ("other", "light"),
    "alongamento": ("other", "light"), "peregangan": ("other", "light"),
    "walk": ("other", "light"), "hike": ("other", None), "поход": ("other", None),
    "похід": ("other", None), "caminata": ("other", None), "trilha": ("other", None),
    "mendaki": ("other", None),
    "match": ("other", "hard"), "game": ("other", "hard"), "матч": ("other", "hard"),
    "partido": ("other", "hard"), "jogo": ("other", "hard"), "pertandingan": ("other", "hard"),
    "игра": ("other", "hard"), "гра": ("other", "hard"), "partida": ("other", "hard"),
    "tanding": ("other", "hard"),
    "інтервальне": (None, "hard"), "series": (None, "hard"), "intervalado": (None, "hard"),
    "tiros": (None, "hard"),
    "fondo": (None, "moderate"), "longao": (None, "moderate"), "jauh": (None, "moderate"),
    "pool": ("swim", None), "piscina": ("swim", None), "kolam": ("swim", None),
}  # fmt: skip
"""Words that suggest a kind and an intensity (``core.planning`` values) that a plain kind or
intensity word overrides: ``long easy run`` is light, ``yoga`` other and light."""
