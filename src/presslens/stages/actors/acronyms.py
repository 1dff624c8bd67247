"""Acronyms: defined in brackets after a long form ("(NCRI)", "(PMOI/MEK)", the malformed "(NCR("),
then every later use; and whether an acronym spells a long form's initials.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from presslens.stages.actors.patterns import ACRONYM_DEF, ACRONYM_STOPWORDS

if TYPE_CHECKING:
    from presslens.stages.actors.table import MentionTable

__all__ = ["acronym_fits", "define_acronyms"]


def _initial_parts(words: Sequence[str]) -> list[tuple[str, bool]]:
    """(initial, optional) for each word part; stopwords are optional, hyphens split words."""
    parts: list[tuple[str, bool]] = []
    for word in words:
        optional = word.lower() in ACRONYM_STOPWORDS
        for piece in re.split(r"[-‐]", word):
            piece = piece.strip("'’.")
            if piece:
                parts.append((piece[0].upper(), optional))
    return parts


def acronym_fits(acronym: str, words: Sequence[str], *, strict: bool = False) -> bool:
    """True if ``acronym`` spells the initials of ``words`` (a long form).

    Function words may be skipped or used; one trailing content word may be left out
    ("National Council of Resistance of Iran" fits "NCR"), unless ``strict``.

    Args:
        acronym: "NCRI", "PMOI", "U.N." (non-letters are ignored).
        words: the long form's words.
        strict: require every content word to give a letter.
    """
    letters = [c for c in acronym.upper() if c.isalpha()]
    parts = _initial_parts(words)
    if not 2 <= len(letters) <= 12 or not parts or len(parts) > 16:
        return False
    if letters[0] != parts[0][0]:
        return False

    # Small recursive search; the sizes above bound it.
    def fit(li: int, pi: int, skipped: int) -> bool:
        if li == len(letters):
            rest = [p for p in parts[pi:] if not p[1]]
            return not rest or (not strict and skipped == 0 and len(rest) == 1 and pi > 0)
        if pi == len(parts):
            return False
        initial, optional = parts[pi]
        if initial == letters[li] and fit(li + 1, pi + 1, skipped):
            return True
        return optional and fit(li, pi + 1, skipped)

    return fit(0, 0, 0)


def define_acronyms(table: MentionTable) -> None:
    """Join each bracketed acronym to the name before it, then every later use of it."""
    for index in range(len(table.mentions)):
        m = table.mentions[index]
        if m.kind != "name":
            continue
        match = ACRONYM_DEF.match(table.text, m.end_char)
        if match is None:
            continue
        words = table.words(m)
        group = match.group("acr")
        alternatives = [a.strip() for a in group.split("/")]
        if not any(a.isupper() and acronym_fits(a, words) for a in alternatives):
            continue
        pos = match.start("acr")
        for alt in alternatives:
            begin = table.text.find(alt, pos) if alt else -1
            if begin < 0:
                continue
            pos = begin + len(alt)
            existing = table.mention_at(begin, pos)
            new = existing if existing is not None else table.add_chars(begin, pos, "", "acronym")
            table.mentions[new].kind = "acronym"
            table.mentions[new].type = m.type
            table.uf.union(index, new)
            table.acronyms.setdefault(alt.replace(".", ""), index)
    # later uses of a defined acronym, tagged by the model or not
    if not table.acronyms:
        return
    taken = {(m.start_char, m.end_char) for m in table.mentions}
    for token in table.doc:
        target = table.acronyms.get(token.text.replace(".", ""))
        if target is None:
            continue
        span = (token.idx, token.idx + len(token))
        existing = table.mention_at(*span) if span in taken else None
        new = existing if existing is not None else table.add(token.i, token.i + 1, "", "acronym")
        table.mentions[new].kind = "acronym"
        table.uf.union(target, new)


def mention_at(table: MentionTable, start_char: int, end_char: int) -> int | None:
    for i, m in enumerate(table.mentions):
        if m.start_char == start_char and m.end_char == end_char:
            return i
    return None
