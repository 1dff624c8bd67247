"""What a cue reports: speech, writing, a belief, an intention, a perception, or other.

PolNeAR, and the cue model trained on it, count every attribution — "X believes", "X plans to"
as well as "X said" — so the stage finds them all; the cue type lets a reader keep to what people
said and wrote. The type comes from the cue's lemma (``cues.CUE_LEMMAS``); a light verb takes its
object's ("expressed concern" is a belief, "issued a statement" speech); "according to" is speech,
or writing when its source is a document; a colon or dash before or after quote marks, and any
other cue of a direct quotation, is speech.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from presslens.records import CueType
from presslens.stages.quotations.cues import CUE_LEMMAS, DOCUMENT_NOUNS

__all__ = ["cue_type", "lemma_type"]

_LIGHT_VERBS = frozenset(
    {"express", "voice", "raise", "make", "issue", "give", "offer", "share", "deliver", "have"}
)
_ORDER: tuple[CueType, ...] = ("speech", "writing", "belief", "intention", "perception")


def lemma_type(lemma: str) -> CueType | None:
    """The cue type of a lemma, or None when the lexicon does not list it."""
    for kind in _ORDER:
        if lemma in CUE_LEMMAS[kind]:
            return kind
    return None


def _forms(token: Token) -> list[str]:
    """The token's lemma, then base forms guessed from its spelling: the statistical
    lemmatiser slips on some verbs ("hopes" -> "hop")."""
    word = token.lower_
    forms = [token.lemma_.lower(), word]
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("d", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.append(word[: -len(suffix)] + replacement)
    if word.endswith("ing") and len(word) > 5:
        forms += [word[:-3], word[:-3] + "e"]
    return forms


def _type_of(token: Token) -> CueType | None:
    for form in _forms(token):
        found = lemma_type(form)
        if found is not None:
            return found
    return None


def _token_type(token: Token) -> CueType | None:
    if token.lemma_.lower() in _LIGHT_VERBS:
        for child in token.children:
            if child.dep_ == "dobj":
                found = _type_of(child)
                if found is not None:
                    return found
    return _type_of(token)


def cue_type(doc: Doc, cue: tuple[int, int] | None, *, direct: bool) -> CueType:
    """The cue type of the cue at characters ``cue`` (None: no cue).

    Args:
        doc: the parsed document.
        cue: the cue's character span.
        direct: the content is (or starts with) a quotation in marks.
    """
    if cue is None:
        return "speech" if direct else "other"
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    if span is None or not len(span) or not any(c.isalpha() for c in span.text):
        return "speech"  # a colon or a dash introducing a quotation
    first = span[0]
    if first.lower_ in ("according", "as") and len(span) > 1:
        for token in span[-1].subtree:
            if token.dep_ == "pobj":
                return "writing" if token.lemma_.lower() in DOCUMENT_NOUNS else "speech"
        return "speech"
    found = _token_type(span.root)
    if found is not None:
        return found
    return "speech" if direct else "other"
