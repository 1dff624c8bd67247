"""Candidate attributions from the dependency parse: a cue word and the content it governs.

Every verb (and every reporting noun, and "according to") proposes one candidate per way its
content can be read off the parse: its clausal complement, its infinitive complement, its object
with what follows, its prepositional object, the clause it interrupts ("..., he said, ..."), or
the clause an "according to" phrase hangs on. The cue model scores these; the best reading of
each cue wins if it scores high enough. Each candidate carries the features the model reads.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from spacy.tokens import Doc, Token

from presslens.quotemarks import QuoteRun, is_title
from presslens.stages.quotations.cues import (
    ACCORDING_TO,
    MODAL_LEMMAS,
    REPORTING_NOUNS,
    REPORTING_VERBS,
    SPEAKER_DEPS,
)
from presslens.stages.quotations.tags import Tag

__all__ = ["Candidate", "continue_runs", "find_candidates", "tagged", "token_span"]

CharSpan = tuple[int, int]

# What may follow the object inside reported content: "called him a liar", "urged them to
# leave", "described it as a failure", "accused X of Y". Other prepositional phrases and adverbial
# clauses after the object are the reporter's (time, place, reasons), not the speaker's.
_OBJECT_TAIL = frozenset({"oprd", "xcomp", "ccomp", "dative", "acomp"})
_OBJECT_TAIL_PREPS = frozenset({"as", "of", "for", "to", "into", "with", "against"})
_CLAUSE_PREPS = frozenset({"for", "about", "to", "on", "of", "against", "that", "as", "over"})
_HOST_DEPS = frozenset({"parataxis", "ccomp", "advcl"})
# A quote continues the previous one across at most this many characters (the cue's sentence).
_CONTINUATION_GAP = 200
# A sentence end followed by more text: the gap holds a sentence that is not the cue's.
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']*\s+(?=[^\s\"“”'‘])")
_ACCORDING_FIRST = frozenset(first for first, _ in ACCORDING_TO)


@dataclass(slots=True)
class Candidate:
    """One reading of one cue: where the cue is and which stretch it attributes.

    Attributes:
        cue: index of the cue's head token.
        variant: how the content was read off the parse ("ccomp", "dobj", ...).
        content: character spans of the content, in text order.
        features: the model's input.
        cue_end: index past the cue's last token ("according to" spans two).
        quoting: "direct", "mixed", "nested" (the cue is inside a quotation) or "none".
    """

    cue: int
    variant: str
    content: list[CharSpan]
    features: list[str] = field(default_factory=list)
    cue_end: int = 0
    quoting: str = "none"


def token_span(token: Token) -> CharSpan:
    """Character range of a token's subtree."""
    right = token.right_edge
    return token.left_edge.idx, right.idx + len(right)


def _trim(text: str, span: CharSpan) -> CharSpan | None:
    start, end = span
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return (start, end) if end - start > 1 else None


def _minus(text: str, outer: CharSpan, hole: CharSpan) -> list[CharSpan]:
    """``outer`` without ``hole``: up to two spans, trimmed of the commas around the hole."""
    pieces = (_trim(text, (outer[0], hole[0])), _trim(text, (hole[1], outer[1])))
    return [p for p in pieces if p is not None]


def _children(token: Token) -> dict[str, list[Token]]:
    by_dep: dict[str, list[Token]] = {}
    for child in token.children:
        by_dep.setdefault(child.dep_, []).append(child)
    return by_dep


def _readings(
    token: Token, by_dep: dict[str, list[Token]], text: str
) -> list[tuple[str, list[CharSpan]]]:
    """Every way ``token``'s content can be read off the parse."""
    readings: list[tuple[str, list[CharSpan]]] = []
    if "ccomp" in by_dep:
        spans = [token_span(c) for c in by_dep["ccomp"]]
        readings.append(("ccomp", [(min(s for s, _ in spans), max(e for _, e in spans))]))
    if "xcomp" in by_dep:
        readings.append(("xcomp", [token_span(by_dep["xcomp"][-1])]))
    if "dobj" in by_dep:
        obj = by_dep["dobj"][0]
        obj_span = token_span(obj)
        readings.append(("dobj", [obj_span]))
        tail = [
            c
            for c in token.rights
            if c.i > obj.i
            and (c.dep_ in _OBJECT_TAIL or (c.dep_ == "prep" and c.lower_ in _OBJECT_TAIL_PREPS))
        ]
        if tail:
            readings.append(("dobj+", [(obj_span[0], token_span(tail[-1])[1])]))
    elif "prep" in by_dep:
        for prep in by_dep["prep"]:
            if prep.i > token.i and prep.lower_ in _CLAUSE_PREPS:
                objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    readings.append(("prep", [token_span(objects[0])]))
                    break
    if token.pos_ == "NOUN" and ("acl" in by_dep or "relcl" in by_dep):
        clause = (by_dep.get("acl") or by_dep["relcl"])[0]
        if clause.i > token.i:
            readings.append(("acl", [token_span(clause)]))
    head = token.head
    if token.dep_ in _HOST_DEPS and head.i != token.i and token.pos_ in ("VERB", "AUX"):
        # "The answer, he said, is no": the cue clause hangs on the content's verb.
        spans = _minus(text, token_span(head), token_span(token))
        if spans:
            readings.append(("host", spans))
    return readings


def _according(text: str, token: Token) -> list[tuple[str, list[CharSpan]]]:
    """ "According to X, ...": the content is the sentence without the phrase."""
    sent = token.sent
    phrase = token_span(token)
    spans = _minus(text, (sent.start_char, sent.end_char), phrase)
    return [("according", spans)] if spans else []


def _is_according(doc: Doc, token: Token) -> bool:
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    return any(token.lower_ == a and nxt == b for a, b in ACCORDING_TO)


def _subject_kind(token: Token) -> tuple[str, str, str]:
    """The cue's subject (following xcomp/conj up): its kind, entity label and common noun."""
    verb = token
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in SPEAKER_DEPS:
                if child.tag_ in ("WP", "WDT"):
                    return "rel", "", ""
                noun = child.lemma_.lower() if child.pos_ == "NOUN" else ""
                return child.pos_, child.ent_type_, noun
            if child.dep_ == "agent":
                return "agent", "", ""
        if verb.dep_ in ("xcomp", "conj", "advcl", "relcl", "acl") and verb.head.i != verb.i:
            if verb.dep_ in ("relcl", "acl"):
                head = verb.head
                noun = head.lemma_.lower() if head.pos_ == "NOUN" else ""
                return "head-" + head.pos_, head.ent_type_, noun
            verb = verb.head
        else:
            break
    return "none", "", ""


_WORD = re.compile(r"[\w']+")


def _first_word(text: str, start: int) -> str:
    match = _WORD.search(text, start, start + 40)
    return match.group().lower() if match else "<none>"


class _RunIndex:
    """The document's quotations, sorted and disjoint, with bisect look-ups."""

    __slots__ = ("ends", "runs", "span_ends", "span_starts", "starts")

    def __init__(self, runs: list[QuoteRun]) -> None:
        self.runs = runs
        self.starts = [r.start for r in runs]
        self.ends = [r.end for r in runs]
        spans = [span for r in runs for span in r.spans]
        self.span_starts = [s for s, _ in spans]
        self.span_ends = [e for _, e in spans]

    def touching(self, lo: int, hi: int) -> list[QuoteRun]:
        """The quotations that overlap ``[lo, hi)``."""
        return self.runs[bisect_right(self.ends, lo) : bisect_left(self.starts, hi)]

    def inside(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies within one quotation span."""
        i = bisect_right(self.span_starts, start) - 1
        return i >= 0 and end <= self.span_ends[i]


def _extend_to_runs(
    content: list[CharSpan], runs: _RunIndex, cue: int, text: str
) -> tuple[list[CharSpan], str]:
    """Widen content to the quotations it overlaps; say whether it is direct, mixed or neither.

    A cue inside a quotation is reported speech within speech: its content is left as parsed.
    A quotation that starts inside the reported clause ("claimed that voting fraud is “a big
    problem”") keeps the clause's own words before it: the attribution is the clause, mixed.
    """
    lo, hi = content[0][0], content[-1][1]
    touched = runs.touching(lo, hi)
    if any(r.start <= cue < r.end for r in touched):
        return content, "nested"
    touched = [r for r in touched if not is_title(text, r)]  # a title is not quoted speech
    if not touched:
        return content, "none"
    first = touched[0].start
    lead = text[lo:first].rstrip()
    if lo < first and cue >= touched[-1].end and lead.endswith((":", "—", "–", " -")):
        # "Rhimes declared the need for drive: “Change the world,” she said": a tag after the
        # quotation claims the quotation; the clause before the colon or dash introduces it
        # (the writer's words, or another cue's) and is no part of what was said.
        return sorted({span for r in touched for span in r.spans}), "direct"
    quoted = sum(min(e, hi) - max(s, lo) for r in touched for s, e in r.spans if s < hi and lo < e)
    covered = sum(e - s for s, e in content)
    if quoted < 0.6 * covered:
        return content, "mixed"
    # The content is mostly quoted: the quotations themselves are the content. A quote the parse
    # cut (several sentences, "he said" inside) is taken whole.
    spans = sorted({span for r in touched for span in r.spans})
    if lo < spans[0][0] and _has_word(text, lo, spans[0][0]):
        return _union(content, spans), "mixed"
    return spans, "direct"


_LINKS = frozenset({"that", "as", "saying"})


def _has_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a word besides a linking "that" or "as"."""
    return any(w.lower() not in _LINKS for w in _WORD.findall(text, start, end))


def _union(a: list[CharSpan], b: list[CharSpan]) -> list[CharSpan]:
    """Both span lists as one, overlapping or touching spans merged."""
    merged: list[CharSpan] = []
    for start, end in sorted([*a, *b]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


_TAG_COMMA = re.compile(r"[,—–-][\"”’'`]+$")


def tagged(text: str, run: QuoteRun) -> bool:
    """Whether a quotation ends on a comma or dash inside its marks ("B," she said).

    Such a quotation is followed by its own speech tag, so it starts a new attribution rather
    than continuing the one before it.
    """
    end = run.spans[-1][1]
    return _TAG_COMMA.search(text, max(run.spans[-1][0], end - 4), end) is not None


def continue_runs(
    text: str,
    content: list[CharSpan],
    runs: list[QuoteRun],
    cue: int,
    tags: dict[int, Tag] | None = None,
) -> list[CharSpan]:
    """Append the quotations that carry on a direct quote with no cue of their own.

    ``"A," she said. "B."`` and a quote whose next paragraph opens with a new quote are one
    attribution: the next quotation belongs to it when only whitespace, or only the cue's own
    sentence, separates them. A quotation with a speech tag of its own (another cue) never
    continues.
    """
    end = content[-1][1]
    spans = list(content)
    for run in runs:
        if run.start < end:
            continue
        gap = text[end : run.start]
        if len(gap) > _CONTINUATION_GAP:
            break
        if gap.strip():
            if not end <= cue < run.start or _SENTENCE_BREAK.search(text, end, cue):
                break
            if _SENTENCE_BREAK.search(text, cue, run.start):
                break
        if tagged(text, run):
            break
        own = tags.get(run.start) if tags else None
        if own is not None and own.cue[0] != cue:
            break
        spans.extend(run.spans)
        end = run.end
    return spans


@dataclass(frozen=True, slots=True)
class _CueInfo:
    """What the features need to know about a cue token, computed once for all its readings."""

    lemma: str
    dep: str
    subject: str
    features: tuple[str, ...]


def _cue_info(token: Token, children: dict[str, list[Token]], runs: _RunIndex) -> _CueInfo:
    doc = token.doc
    lemma = token.lemma_.lower()
    dep = token.dep_
    subj, subj_ent, subj_lemma = _subject_kind(token)
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "<end>"
    lexical = lemma in REPORTING_VERBS or lemma in REPORTING_NOUNS
    in_quote = runs.inside(token.idx, token.idx + len(token))
    feats = [
        "bias",
        f"l={lemma}",
        f"p={token.pos_}",
        f"t={token.tag_}",
        f"d={dep}",
        f"ld={lemma}|{dep}",
        f"lexd={lexical}|{dep}",
        f"s={subj}",
        f"se={subj}|{subj_ent}",
        f"ls={lemma}|{subj}",
        f"n={nxt}",
        f"ln={lemma}|{nxt}",
        f"in={in_quote}",
        f"hp={token.head.pos_}|{dep}",
        f"lt={lemma}|{token.tag_}",
    ]
    if subj_lemma:
        feats += [f"sl={subj_lemma}", f"lsl={lemma}|{subj_lemma}"]
    if "neg" in children:
        feats.append("neg")
    modal = any(c.lemma_ in MODAL_LEMMAS for c in children.get("aux", ()))
    return _CueInfo(lemma, dep, subj if not modal else subj + "|modal", tuple(feats))


def _features(
    cue: _CueInfo, token_idx: int, variant: str, content: list[CharSpan], quoting: str, text: str
) -> list[str]:
    lemma = cue.lemma
    words = min(sum(e - s for s, e in content) // 30, 8)
    first = _first_word(text, content[0][0])
    after = content[0][0] > token_idx
    return [
        *cue.features,
        f"v={variant}",
        f"lv={lemma}|{variant}",
        f"vd={variant}|{cue.dep}",
        f"vs={variant}|{cue.subject}",
        f"q={quoting}",
        f"qv={quoting}|{variant}",
        f"lq={lemma}|{quoting}",
        f"len={words}",
        f"vlen={variant}|{words}",
        f"after={after}|{variant}",
        f"cw={first}",
        f"lcw={lemma}|{first}",
        f"vcw={variant}|{first}",
    ]


_HASHES: dict[frozenset[str], npt.NDArray[np.uint64]] = {}


def _hashes(doc: Doc, words: frozenset[str]) -> npt.NDArray[np.uint64]:
    """The string-store hashes of ``words``, sorted; cached (hashes are the same in every vocab)."""
    found = _HASHES.get(words)
    if found is None:
        strings = doc.vocab.strings
        found = np.unique(np.asarray([strings.add(w) for w in words], dtype=np.uint64))
        if len(_HASHES) < 16:
            _HASHES[words] = found
    return found


def _cue_indices(doc: Doc, lemmas: frozenset[str] | None) -> list[int]:
    """Indices of the tokens worth reading as cues, picked with array operations."""
    array = doc.to_array(["POS", "LEMMA", "LOWER"])
    pos, lemma, lower = array[:, 0], array[:, 1], array[:, 2]
    strings = doc.vocab.strings
    verb, noun = strings["VERB"], strings["NOUN"]  # symbol ids, fixed across models
    according = np.isin(lower, _hashes(doc, _ACCORDING_FIRST))
    if lemmas is None:
        nouns = np.isin(lemma, _hashes(doc, REPORTING_NOUNS))
        mask = (pos == verb) | ((pos == noun) & nouns) | according
    else:
        known = np.isin(lemma, _hashes(doc, lemmas))
        mask = (((pos == verb) | (pos == noun)) & known) | according
    return [int(i) for i in np.flatnonzero(mask)]


def find_candidates(
    doc: Doc,
    runs: list[QuoteRun],
    text: str | None = None,
    lemmas: frozenset[str] | None = None,
    tags: dict[int, Tag] | None = None,
) -> list[Candidate]:
    """All candidate attributions in ``doc``.

    Args:
        doc: A parsed document.
        runs: The document's direct quotations (:func:`marks.find_quote_runs`).
        text: ``doc.text``, when the caller has it (spaCy rebuilds it on every access).
        lemmas: The verb and noun lemmas that can be cues (the model's list); None for every
            verb and the reporting nouns.
        tags: The quotations' speech tags (:func:`tags.find_tags`), keyed by start.

    Returns:
        Candidates with features, several per cue token when the parse allows several readings.
    """
    if text is None:
        text = doc.text
    candidates: list[Candidate] = []
    index = _RunIndex(runs)
    for i in _cue_indices(doc, lemmas):
        token = doc[i]
        if token.is_upper and len(token) > 2:
            continue  # a headline in capitals ("CONGRESS INVESTIGATED"), not reporting
        children = _children(token)
        if token.lower_ in _ACCORDING_FIRST:
            if not _is_according(doc, token):
                continue
            readings = _according(text, token)
            cue_end = token.i + 2
        else:
            readings = _readings(token, children, text)
            cue_end = token.i + 1
        if not readings:
            continue
        info = _cue_info(token, children, index)
        for variant, spans in readings:
            content, quoting = _extend_to_runs(spans, index, token.idx, text)
            if quoting == "direct":
                content = continue_runs(text, content, runs, token.idx, tags)
            feats = _features(info, token.idx, variant, content, quoting, text)
            candidates.append(Candidate(token.i, variant, content, feats, cue_end, quoting))
    return candidates
