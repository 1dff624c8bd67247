"""How person names compare: first name, surname and suffix, across spellings.

>>> person_parts("James P. Kennedy Jr.".split())
('james', 'kennedy', 'jr')
>>> surname_key("Zelenskiy") == surname_key("Zelenskyy") == surname_key("Zelensky")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from presslens.vocabulary import SURNAME_SUFFIXES

__all__ = ["first_name_key", "person_parts", "surname_key"]

_SUFFIXES = frozenset(w.rstrip(".") for w in SURNAME_SUFFIXES)
# Transliterations of a final Cyrillic "-ий"/"-ый"/"-ій": Zelenskiy, Zelenskyy, Zelensky.
_TRANSLITERATED_ENDING = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])(?:iy|yy|yi|ij)$")


def _fold(word: str) -> str:
    """Casefolded, accents away, possessive and dots away: "Peña's" -> "pena"."""
    word = re.sub(r"['’]s$", "", word.strip())
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(".", "")


def surname_key(word: str) -> str:
    """A surname as compared across articles and spellings: folded, and a transliterated
    Cyrillic ending made one ("Zelenskiy", "Zelenskyy" -> "zelensky")."""
    return _TRANSLITERATED_ENDING.sub("y", _fold(word))


def first_name_key(word: str) -> str:
    """A first name as compared ("Matt" -> "matt")."""
    return _fold(word)


def person_parts(words: Sequence[str]) -> tuple[str, str, str] | None:
    """``(first name, surname, suffix)`` of a person's full name, compared forms, or None when
    the words are not first name + surname ("Kennedy", "Jr.").

    Middle names and initials are left out: "Patrick W. Carlineo" and "Patrick Carlineo" give the
    same parts. The surname keeps a hyphenated second part ("Murray-Bruce").
    """
    words = [w for w in words if w.strip(".,")]
    suffix = ""
    if len(words) >= 3 and _fold(words[-1]) in _SUFFIXES:
        suffix = _fold(words[-1])
        words = words[:-1]
    if len(words) < 2:
        return None
    # "Ludwig van Beethoven" is compared by its last word, as a bare "Beethoven" is written
    return first_name_key(words[0]), surname_key(words[-1]), suffix
