"""Quote drafts, one strategy each: the cue model's readings, speech tags, colon introductions,
quotations governed by a verb outside them, and long quotations with no cue.

A :class:`Draft` is a quotation being assembled: content, cue, the speaker's head token and a
raw score. ``assemble`` combines the strategies, repairs speakers and writes the payload.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from presslens.quotemarks import QuoteRun
from presslens.records import QuoteKind
from presslens.stages.quotations.cues import DOCUMENT_NOUNS
from presslens.stages.quotations.model import CueModel
from presslens.stages.quotations.rules import Candidate
from presslens.stages.quotations.speakers import Mention, find_speaker
from presslens.stages.quotations.tags import Tag

__all__ = [
    "CharSpan",
    "Draft",
    "colon_draft",
    "covers",
    "embedded_draft",
    "fragment",
    "jaccard",
    "kind_of",
    "label_drafts",
    "mid_clause",
    "model_drafts",
    "overlaps",
    "tag_draft",
    "with_lead_in",
    "within",
]

CharSpan = tuple[int, int]


def jaccard(a: list[CharSpan], b: list[CharSpan]) -> float:
    if a[-1][1] <= b[0][0] or b[-1][1] <= a[0][0]:
        return 0.0  # disjoint extents: the common case, decided without the sums
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    total = sum(e - s for s, e in a) + sum(e - s for s, e in b) - shared
    return shared / total if total > 0 else 0.0


def overlaps(content: list[CharSpan], run: QuoteRun) -> bool:
    """Whether ``content`` covers most of ``run``."""
    if content[-1][1] <= run.start or run.end <= content[0][0]:
        return False
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in content for s2, e2 in run.spans)
    return shared * 2 >= sum(e - s for s, e in run.spans)


def within(cue: CharSpan | None, run: QuoteRun) -> bool:
    return cue is not None and run.start <= cue[0] < run.end


class Draft:
    """A quote being assembled: content, cue and speaker head, confidence."""

    __slots__ = (
        "confidence",
        "content",
        "cue",
        "kind",
        "mention",
        "quoting",
        "speaker",
        "variant",
    )

    def __init__(
        self,
        content: list[CharSpan],
        quoting: str,
        cue: CharSpan | None,
        speaker: int | None,
        confidence: float,
        variant: str,
        mention: Mention | None = None,
    ) -> None:
        self.content = content
        self.quoting = quoting
        self.kind = kind_of(quoting)
        self.cue = cue
        self.speaker = speaker
        self.confidence = confidence
        self.variant = variant
        self.mention = mention  # the speaker as written, when no parse token leads to it


def kind_of(quoting: str) -> QuoteKind:
    """The quotation's kind from how its content was quoted."""
    if quoting == "direct":
        return "direct"
    return "mixed" if quoting == "mixed" else "indirect"


def model_drafts(
    doc: Doc, candidates: list[Candidate], model: CueModel, tags: dict[int, Tag]
) -> list[Draft]:
    """The best reading of each cue, kept when the model is confident enough, deduplicated.

    A direct quotation whose speech tag is another word than the cue is left to its tag.
    """
    best: dict[int, tuple[float, Candidate]] = {}
    for candidate in candidates:
        if candidate.quoting == "direct":
            tag = tags.get(candidate.content[0][0])
            if tag is not None and tag.cue[0] != doc[candidate.cue].idx:
                continue
        p = model.probability(candidate.features)
        if candidate.cue not in best or p > best[candidate.cue][0]:
            best[candidate.cue] = (p, candidate)
    ranked = sorted((pc for pc in best.values() if pc[0] >= model.threshold), key=lambda pc: -pc[0])
    drafts: list[Draft] = []
    for p, candidate in ranked:
        clash = [d for d in drafts if jaccard(candidate.content, d.content) >= 0.5]
        first, last = doc[candidate.cue], doc[candidate.cue_end - 1]
        cue = (first.idx, last.idx + len(last))
        if clash:
            inner = clash[0]
            if not (
                len(clash) == 1
                and inner.cue is not None
                and covers(candidate.content, inner.cue[0])
                and not covers(inner.content, cue[0])
            ):
                continue
            # "X said he believes Y": the cue inside the other reading's content is reported
            # within it, and the outer attribution is the one that carries both.
            drafts.remove(inner)
        speaker = find_speaker(doc, candidate.cue, candidate.variant)
        drafts.append(
            Draft(
                candidate.content,
                candidate.quoting,
                cue,
                speaker.i if speaker is not None else None,
                p,
                candidate.variant,
            )
        )
    return drafts


def covers(content: list[CharSpan], position: int) -> bool:
    return any(start <= position < end for start, end in content)


def colon_draft(doc: Doc, text: str, run: QuoteRun) -> Draft | None:
    """A quote introduced by a colon ("X expresses with concern: “...”"): X speaks."""
    before = text[: run.start].rstrip()
    if not before.endswith(":"):
        return None
    span = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if span is None:
        return None
    colon = span[0]
    verb = colon.head
    speaker = find_speaker(doc, verb.i, "colon") if verb.i != colon.i else None
    if speaker is None:
        return None
    return Draft(list(run.spans), "direct", (colon.idx, colon.idx + 1), speaker.i, 0.7, "colon")


def embedded_draft(doc: Doc, run: QuoteRun) -> Draft | None:
    """A quotation governed by a verb outside it ("X goes so far as to advocate “...”")."""
    span = doc.char_span(run.start, run.spans[0][1], alignment_mode="contract")
    words = [t for t in span or () if not t.is_punct and not t.is_space]
    if not words:
        return None
    token = words[0]
    for _ in range(12):  # the parse is a tree; the bound only guards against odd heads
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ == "VERB" and not run.start <= token.idx < run.end:
            break
    else:
        return None
    speaker = find_speaker(doc, token.i, "run")
    if speaker is None:
        return None
    cue = (token.idx, token.idx + len(token))
    return Draft(list(run.spans), "direct", cue, speaker.i, 0.5, "embedded")


def tag_draft(doc: Doc, run: QuoteRun, tag: Tag) -> Draft:
    """A quotation attributed by the speech tag beside it."""
    if tag.name is not None:
        # "“…” ― Sonya Herridge", "Said Ellis: “…”": the name is the speaker as written.
        mention = Mention(tag.name, tag.name[1] - 1)
        return Draft(list(run.spans), "direct", tag.cue, mention.head, 0.85, "named", mention)
    assert tag.verb is not None
    speaker = find_speaker(doc, tag.verb, "tag")
    return Draft(
        list(run.spans),
        "direct",
        tag.cue,
        speaker.i if speaker is not None else None,
        0.85 if speaker is not None else 0.6,
        "tag",
    )


def mid_clause(text: str, start: int) -> bool:
    """Whether a quotation at ``start`` opens inside a clause: a word right before its mark."""
    before = text[:start].rstrip()
    return bool(before) and before[-1].isalnum()


def fragment(text: str, start: int) -> bool:
    """Whether a quotation continues the writer's sentence: opened mid-clause, or in lower
    case after a comma or dash (", ''equal to the entire state budgets''")."""
    if mid_clause(text, start):
        return True
    before = text[:start].rstrip()
    first = next((ch for ch in text[start : start + 12] if ch.isalpha()), "")
    return bool(before) and before[-1] in ",—–-" and first.islower()


def with_lead_in(doc: Doc, text: str, content: list[CharSpan], floor: int | None) -> list[CharSpan]:
    """Content that starts with a quotation opened mid-clause, widened to the clause.

    "Not paying taxes ''makes me smart,'' Trump said": the attribution is the whole sentence
    before the tag, as far back as ``floor`` (the cue of a governing verb) or the sentence
    start, never across a line break.
    """
    start = content[0][0]
    if not mid_clause(text, start):
        return content
    span = doc.char_span(start, content[0][1], alignment_mode="expand")
    if span is None or not len(span):
        return content
    lead = span[0].sent.start_char if floor is None else floor
    lead = max(lead, text.rfind("\n", 0, start) + 1)
    while lead < start and (text[lead].isspace() or text[lead] in ",;:—–-"):
        lead += 1
    if lead >= start:
        return content
    return [(lead, content[0][1]), *content[1:]]


_LABELLED_LINE = re.compile(
    r"^[ \t]*(?P<label>[^\n:]{1,40}?)[ \t]*(?P<colon>:)[ \t]+(?P<said>\S[^\n]*?)[ \t\r]*$", re.M
)
_INTERVIEW_LABELS = frozenset({"q", "a"})
_SOURCE_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_MIN_LABELLED_WORDS = 3


def label_drafts(doc: Doc, text: str, taken: list[Draft]) -> list[Draft]:
    """Lines that open with who speaks and a colon: "Poll: Trump leads in Ohio", an interview's
    "Q: ..." and "A: ..." lines, "Issa: ‘Honesty is in question.’".

    The label must be a name (a person, organisation, group or place entity), a document noun
    ("Poll", "Report"), or Q and A in a text that has lines of both; the rest of the line is
    what was said, and lines another draft already covers are left to it.
    """
    lines = list(_LABELLED_LINE.finditer(text))
    labels = {m["label"].strip().rstrip(".").lower() for m in lines}
    interview = labels >= _INTERVIEW_LABELS
    drafts: list[Draft] = []
    for match in lines:
        start, end = match.span("label")
        said = match.span("said")
        if len(text[said[0] : said[1]].split()) < _MIN_LABELLED_WORDS or any(
            overlaps_span(d.content, said) for d in taken
        ):
            continue
        label = doc.char_span(start, end, alignment_mode="contract")
        if label is None or not len(label) or not label.text[:1].isupper():
            continue
        name = label.text.rstrip(".").lower()
        entity = all(t.ent_type_ in _SOURCE_ENTITIES for t in label)
        document = len(label) <= 3 and label[-1].lemma_.lower() in DOCUMENT_NOUNS
        if not ((interview and name in _INTERVIEW_LABELS) or entity or document):
            continue
        quoted = interview or text[said[0]] in "\"“‘'«"
        colon = match.start("colon")
        mention = Mention((label.start, label.end), label.root.i)
        drafts.append(
            Draft(
                [said],
                "direct" if quoted else "none",
                (colon, colon + 1),
                label.root.i,
                0.7,
                "label",
                mention,
            )
        )
    return drafts


def overlaps_span(content: list[CharSpan], span: CharSpan) -> bool:
    """Whether any part of ``content`` overlaps ``span``."""
    return any(s < span[1] and span[0] < e for s, e in content)
