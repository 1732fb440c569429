"""A person's grammatical gender and a Russian full name in the case a sentence needs.

Russian sentences about a person need both: a past-tense verb agrees with the person
("открыл" / "открыла"), and a name after a preposition or a noun is declined
("руководитель Волковой Веры Олеговны"). The directory's gender column
(``employees.gender``) decides where it is filled in; where it is not, the patronymic
does, as Russian personnel files write it: -вич/-ич is a man, -вна/-чна a woman, and the
Turkic "оглы" / "кызы" likewise. A name with neither (a foreign specialist, no gender in
the directory) has no known gender: the words then use a phrasing that needs none.

The stored gender travels with the name: the views that hand a person's name to a screen
hand a ``PersonName`` (``person_name(full_name, stored_gender)``), a ``str`` that also
carries the directory's gender, so every sentence that formats the name, declines it or
picks a verb form by it (``gender``, ``declined``, ``name_cases``) uses the stored gender
first. A plain ``str`` falls back to the patronymic.

The declension itself is pytrovich's (a port of the petrovich rules, maintained as a
package), applied only to Cyrillic "Surname Name Patronymic" names whose gender is
known; anything else is returned as it is (foreign names mostly do not decline).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pytrovich.enums import Case as PCase
from pytrovich.enums import Gender as PGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker

__all__ = ["Gender", "PersonName", "person_name", "parse_gender", "gender", "declined",
           "name_cases", "first_name"]

Gender = Literal["m", "f"]
Case = Literal["gen", "dat", "acc", "ins", "pre"]

_MALE_ENDINGS = ("вич", "ьич", "ич")
_FEMALE_ENDINGS = ("вна", "чна")


def _patronymic(words: list[str]) -> str | None:
    if len(words) >= 4 and words[-1].lower() in ("оглы", "кызы", "улы", "гызы"):
        return words[-1]
    return words[2] if len(words) >= 3 else None


class PersonName(str):
    """A person's name that knows the directory's gender ('m', 'f' or None: not given)."""

    gender: Gender | None

    def __new__(cls, text: str, gender: str | None = None) -> PersonName:
        self = super().__new__(cls, text)
        self.gender = gender if gender in ("m", "f") else None  # type: ignore[assignment]
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (and copies) with its gender
        return (PersonName, (str(self), self.gender))


def person_name(full_name: str | None, stored_gender: str | None) -> str:
    """``full_name`` carrying the directory's gender, for the screens' sentences."""
    return PersonName(full_name or "", stored_gender)


# What a directory's gender column may say (HR exports write it in words or one letter).
_GENDER_WORDS: dict[str, Gender] = {
    "m": "m", "male": "m", "man": "m", "м": "m", "муж": "m", "муж.": "m", "мужской": "m",
    "мужчина": "m",
    "f": "f", "female": "f", "woman": "f", "w": "f", "ж": "f", "жен": "f", "жен.": "f",
    "женский": "f", "женщина": "f",
}


def parse_gender(value: str) -> Gender | None:
    """A directory's gender cell as 'm' / 'f'; None when it is not one of the known words
    (the caller tells empty, which means "infer", from wrong)."""
    return _GENDER_WORDS.get(value.strip().casefold())


def gender(full_name: str) -> Gender | None:
    """'m', 'f', or None: the directory's gender when the name carries it
    (``PersonName``), else what the patronymic tells (None when there is none)."""
    stored = getattr(full_name, "gender", None)
    if stored in ("m", "f"):
        return stored  # type: ignore[no-any-return]
    return _inferred_gender(str(full_name))


@lru_cache(maxsize=4096)
def _inferred_gender(full_name: str) -> Gender | None:
    words = full_name.split()
    patronymic = _patronymic(words)
    if not patronymic:
        return None
    low = patronymic.lower()
    if low in ("оглы", "улы"):
        return "m"
    if low in ("кызы", "гызы"):
        return "f"
    if low.endswith(_FEMALE_ENDINGS):
        return "f"
    if low.endswith(_MALE_ENDINGS):
        return "m"
    return None


def _is_cyrillic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("\u0400" <= ch <= "\u04ff" for ch in letters)


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()  # reads its rule file: once, on the first sentence


def declined(full_name: str, case: Case) -> str:
    """``full_name`` ("Surname Name Patronymic") in ``case``; unchanged when it cannot be
    declined with confidence (no known gender, not Cyrillic, not three words)."""
    return _declined(str(full_name), case, gender(full_name))


@lru_cache(maxsize=8192)
def _declined(full_name: str, case: Case, sex: Gender | None) -> str:
    words = full_name.split()
    if sex is None or len(words) != 3 or not _is_cyrillic(full_name):
        return full_name
    p_case = {"gen": PCase.GENITIVE, "dat": PCase.DATIVE, "acc": PCase.ACCUSATIVE,
              "ins": PCase.INSTRUMENTAL, "pre": PCase.PREPOSITIONAL}[case]
    p_gender = PGender.MALE if sex == "m" else PGender.FEMALE
    maker = _maker()
    try:
        parts = [maker.make(part, p_gender, p_case, word) for part, word in
                 zip((NamePart.LASTNAME, NamePart.FIRSTNAME, NamePart.MIDDLENAME), words,
                     strict=True)]
    except Exception:  # noqa: BLE001 - a rule set gap must never break a sentence
        return full_name
    return " ".join(parts)


def name_cases(full_name: str, key: str = "name") -> dict[str, str]:
    """``{key: nominative, key_gen: genitive, key_dat: dative, key_acc: accusative}`` for
    ``str.format``: the English source writes ``{name}``, the Russian translation the case
    it needs."""
    return {key: full_name, f"{key}_gen": declined(full_name, "gen"),
            f"{key}_dat": declined(full_name, "dat"), f"{key}_acc": declined(full_name, "acc")}


# How a patronymic ends once transliterated (Ivanovich, Pavlovna, Ilyinichna, Mamed ogly).
_LATIN_PATRONYMIC = ("vich", "vych", "ich", "vna", "chna", "ogly", "oglu", "kyzy", "gyzy")


def first_name(full_name: str, language: str) -> str:
    """The name a greeting uses: Russian directories write "Surname Name Patronymic",
    English ones "Name Surname" (the kiosk's home and the web page greet alike). An English
    name that is a Russian one transliterated in the directory's order ("Mikheev Ivan
    Petrovich", as HR systems export it) is read in that order: its patronymic shows it."""
    parts = full_name.split()
    if not parts:
        return ""
    if language != "en":
        return parts[1] if len(parts) >= 2 else parts[0]
    if len(parts) >= 3 and parts[-1].lower().endswith(_LATIN_PATRONYMIC):
        return parts[1]
    return parts[0]
