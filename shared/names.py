"""A person's grammatical gender and a Russian full name in the case a sentence needs.

Russian sentences about a person need both: a past-tense verb agrees with the person
("открыл" / "открыла"), and a name after a preposition or a noun is declined
("руководитель Волковой Веры Олеговны"). The directory has no gender column, so the
patronymic decides, as Russian personnel files write it: -вич/-ич is a man, -вна/-чна
a woman, and the Turkic "оглы" / "кызы" likewise. A name with no patronymic (a
foreign specialist) has no known gender: the words then use a phrasing that needs none.

The declension itself is pytrovich's (a port of the petrovich rules, maintained as a
package), applied only to Cyrillic "Surname Name Patronymic" names whose gender is
known; anything else is returned as it is (foreign names mostly do not decline).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pytrovich.enums import Case as PCase
from pytrovich.enums import Gender as PGender
from pytrovich.enums import NamePart
from pytrovich.maker import PetrovichDeclinationMaker

__all__ = ["Gender", "gender", "declined", "name_cases", "first_name"]

Gender = Literal["m", "f"]
Case = Literal["gen", "dat", "acc", "ins", "pre"]

_MALE_ENDINGS = ("вич", "ьич", "ич")
_FEMALE_ENDINGS = ("вна", "чна")


def _patronymic(words: list[str]) -> str | None:
    if len(words) >= 4 and words[-1].lower() in ("оглы", "кызы", "улы", "гызы"):
        return words[-1]
    return words[2] if len(words) >= 3 else None


@lru_cache(maxsize=4096)
def gender(full_name: str) -> Gender | None:
    """'m', 'f', or None when the name carries no patronymic to tell."""
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


@lru_cache(maxsize=8192)
def declined(full_name: str, case: Case) -> str:
    """``full_name`` ("Surname Name Patronymic") in ``case``; unchanged when it cannot be
    declined with confidence (no known gender, not Cyrillic, not three words)."""
    words = full_name.split()
    sex = gender(full_name)
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
