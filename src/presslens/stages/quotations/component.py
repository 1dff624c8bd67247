"""The quotation stage as a spaCy component, and the bridge from its Doc data to records.

>>> nlp.add_pipe("presslens_quotes")                     # doctest: +SKIP
>>> doc = nlp('"We will win," she said.')                # doctest: +SKIP
>>> quotes_from_doc(doc)[0].kind                         # doctest: +SKIP
'direct'

The component stores plain data on ``doc._.presslens_quotes`` (a list of dicts of ints, strings,
floats and lists), so ``Doc.to_bytes()`` round-trips it and ``nlp.pipe(n_process=2)`` can ship
it between processes. :func:`quotes_from_doc` turns it into :class:`presslens.records.Quote`.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from presslens.records import Quote, QuoteKind, Span
from presslens.stages.quotations.cues import AUTHOR_PRONOUNS
from presslens.stages.quotations.marks import QuoteRun, find_quote_runs, is_title
from presslens.stages.quotations.model import CueModel, load_cue_model
from presslens.stages.quotations.rules import (
    Candidate,
    continue_runs,
    find_candidates,
    tagged,
)
from presslens.stages.quotations.speakers import (
    Mention,
    SpeakerTracker,
    find_speaker,
    mention_of,
)
from presslens.stages.quotations.tags import Tag, find_tags

__all__ = [
    "EXTENSION",
    "QuotationFinder",
    "find_quotes",
    "make_quotation_finder",
    "quotes_from_doc",
]

EXTENSION = "presslens_quotes"
"""Name of the Doc extension that holds the quotes: ``doc._.presslens_quotes``."""

QuoteData = dict[str, Any]
CharSpan = tuple[int, int]

# An unattributed quotation shorter than this (in words) is a scare quote or a title, not speech.
_MIN_STANDALONE_WORDS = 8
# A quotation continues the previous attributed one when no more than this separates them.
_CONTINUATION_GAP = 200
# An uncued quotation inherits the last speaker when it starts within this many characters.
_INHERIT_GAP = 1500
_KINDS: frozenset[str] = frozenset({"direct", "indirect", "mixed"})


def _register_extension() -> None:
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


def _jaccard(a: list[CharSpan], b: list[CharSpan]) -> float:
    if a[-1][1] <= b[0][0] or b[-1][1] <= a[0][0]:
        return 0.0  # disjoint extents: the common case, decided without the sums
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    total = sum(e - s for s, e in a) + sum(e - s for s, e in b) - shared
    return shared / total if total > 0 else 0.0


def _overlaps(content: list[CharSpan], run: QuoteRun) -> bool:
    """Whether ``content`` covers most of ``run``."""
    if content[-1][1] <= run.start or run.end <= content[0][0]:
        return False
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in content for s2, e2 in run.spans)
    return shared * 2 >= sum(e - s for s, e in run.spans)


def _within(cue: CharSpan | None, run: QuoteRun) -> bool:
    return cue is not None and run.start <= cue[0] < run.end


class _Draft:
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
        self.kind = _kind(quoting)
        self.cue = cue
        self.speaker = speaker
        self.confidence = confidence
        self.variant = variant
        self.mention = mention  # the speaker as written, when no parse token leads to it


def _kind(quoting: str) -> str:
    return {"direct": "direct", "mixed": "mixed"}.get(quoting, "indirect")


def _from_candidates(
    doc: Doc, candidates: list[Candidate], model: CueModel, tags: dict[int, Tag]
) -> list[_Draft]:
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
    drafts: list[_Draft] = []
    for p, candidate in ranked:
        clash = [d for d in drafts if _jaccard(candidate.content, d.content) >= 0.5]
        first, last = doc[candidate.cue], doc[candidate.cue_end - 1]
        cue = (first.idx, last.idx + len(last))
        if clash:
            inner = clash[0]
            if not (
                len(clash) == 1
                and inner.cue is not None
                and _covers(candidate.content, inner.cue[0])
                and not _covers(inner.content, cue[0])
            ):
                continue
            # "X said he believes Y": the cue inside the other reading's content is reported
            # within it, and the outer attribution is the one that carries both.
            drafts.remove(inner)
        speaker = find_speaker(doc, candidate.cue, candidate.variant)
        drafts.append(
            _Draft(
                candidate.content,
                candidate.quoting,
                cue,
                speaker.i if speaker is not None else None,
                p,
                candidate.variant,
            )
        )
    return drafts


def _covers(content: list[CharSpan], position: int) -> bool:
    return any(start <= position < end for start, end in content)


def _colon_draft(doc: Doc, text: str, run: QuoteRun) -> _Draft | None:
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
    return _Draft(list(run.spans), "direct", (colon.idx, colon.idx + 1), speaker.i, 0.7, "colon")


def _embedded_draft(doc: Doc, run: QuoteRun) -> _Draft | None:
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
    return _Draft(list(run.spans), "direct", cue, speaker.i, 0.5, "embedded")


def _tag_draft(doc: Doc, run: QuoteRun, tag: Tag) -> _Draft:
    """A quotation attributed by the speech tag beside it."""
    if tag.name is not None:
        # "“…” ― Sonya Herridge", "Said Ellis: “…”": the name is the speaker as written.
        mention = Mention(tag.name, tag.name[1] - 1)
        return _Draft(list(run.spans), "direct", tag.cue, mention.head, 0.85, "named", mention)
    assert tag.verb is not None
    speaker = find_speaker(doc, tag.verb, "tag")
    return _Draft(
        list(run.spans),
        "direct",
        tag.cue,
        speaker.i if speaker is not None else None,
        0.85 if speaker is not None else 0.6,
        "tag",
    )


def _with_runs(
    doc: Doc, text: str, drafts: list[_Draft], runs: list[QuoteRun], tags: dict[int, Tag]
) -> list[_Draft]:
    """Attach quotations no cue claimed: tagged ones, continuations, colon introductions and
    long quotes."""
    drafts.sort(key=lambda d: d.content[0][0])
    for run in runs:
        if is_title(text, run) or any(
            _overlaps(d.content, run) and not _within(d.cue, run) for d in drafts
        ):
            continue
        tag = tags.get(run.start)
        if tag is not None:
            same = [d for d in drafts if d.cue == tag.cue and d.quoting == "direct"]
            if same:
                # "“A,” he said, “B.”": the cue already carries B; A is its first part.
                same[0].content = sorted({*same[0].content, *run.spans})
                continue
            draft = _tag_draft(doc, run, tag)
            draft.content = continue_runs(text, draft.content, runs, tag.cue[0], tags)
            draft.content = _with_lead_in(doc, text, draft.content, None)
            if len(draft.content) > 1 or draft.content[0] != run.spans[0]:
                draft.quoting = "mixed" if draft.content[0][0] < run.start else "direct"
                draft.kind = _kind(draft.quoting)
            drafts.append(draft)
            drafts.sort(key=lambda d: d.content[0][0])
            continue
        previous = None
        for draft in drafts:
            if draft.content[0][0] < run.start and draft.quoting in ("direct", "mixed"):
                previous = draft
        gap_start = previous.content[-1][1] if previous is not None else 0
        if (
            previous is not None
            and 0 <= run.start - gap_start <= _CONTINUATION_GAP
            and not tagged(text, run)
            and not any(gap_start <= r.start < run.start for r in runs if r is not run)
            and (
                not text[gap_start : run.start].strip()
                or (previous.cue is not None and gap_start <= previous.cue[0] < run.start)
            )
        ):
            # A quote right after an attributed one, with nothing but its cue in between.
            previous.content = sorted({*previous.content, *run.spans})
            continue
        found = _colon_draft(doc, text, run)
        if found is None and len(text[run.start : run.end].split()) >= _MIN_STANDALONE_WORDS:
            # Too long for a scare quote: speech, whether or not a verb governs it.
            found = _embedded_draft(doc, run) or _Draft(
                list(run.spans), "direct", None, None, 0.4, "run"
            )
        if found is not None and found.variant == "run" and _fragment(text, run.start):
            found = None  # a fragment of the writer's own sentence, with no one to say it
        if (
            found is not None
            and found.variant == "embedded"
            and found.speaker is not None
            and doc[found.speaker].lower_ in AUTHOR_PRONOUNS
        ):
            found = None  # "we rate it “Mostly True”": the writer's verdict, not a quotation
        if found is not None:
            if found.variant == "embedded" and found.cue is not None:
                found.content = _with_lead_in(doc, text, found.content, found.cue[1])
                if found.content[0][0] < run.start:
                    found.quoting, found.kind = "mixed", "mixed"
            drafts.append(found)
        drafts.sort(key=lambda d: d.content[0][0])
    return drafts


def _mid_clause(text: str, start: int) -> bool:
    """Whether a quotation at ``start`` opens inside a clause: a word right before its mark."""
    before = text[:start].rstrip()
    return bool(before) and before[-1].isalnum()


def _fragment(text: str, start: int) -> bool:
    """Whether a quotation continues the writer's sentence: opened mid-clause, or in lower
    case after a comma or dash (", ''equal to the entire state budgets''")."""
    if _mid_clause(text, start):
        return True
    before = text[:start].rstrip()
    first = next((ch for ch in text[start : start + 12] if ch.isalpha()), "")
    return bool(before) and before[-1] in ",—–-" and first.islower()


def _with_lead_in(
    doc: Doc, text: str, content: list[CharSpan], floor: int | None
) -> list[CharSpan]:
    """Content that starts with a quotation opened mid-clause, widened to the clause.

    "Not paying taxes ''makes me smart,'' Trump said": the attribution is the whole sentence
    before the tag, as far back as ``floor`` (the cue of a governing verb) or the sentence
    start, never across a line break.
    """
    start = content[0][0]
    if not _mid_clause(text, start):
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


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_NAME_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})


def _token_at(doc: Doc, position: int) -> int | None:
    span = doc.char_span(position, position + 1, alignment_mode="expand")
    return span[0].i if span is not None and len(span) else None


def _repaired_speaker(doc: Doc, text: str, draft: _Draft) -> int | None:
    """The draft's speaker, unless the parse put it where no speaker can be.

    A speaker inside the quoted words ("“My reaction, that was outrageous,” X said" read with
    "My reaction" as subject), or in another paragraph or headline than its cue ("5:45 p.m.
    ⏎⏎ Gary Johnson's doctor is calling"), is the parse's mistake: the nominal right beside the
    cue, on its side of the break, speaks instead.
    """
    assert draft.cue is not None
    cue = _token_at(doc, draft.cue[0])
    if cue is None:
        return draft.speaker
    speaker = draft.speaker
    if speaker is not None:
        start = doc[speaker].idx
        inside = draft.quoting == "direct" and _covers(draft.content, start)
        lo, hi = (start, draft.cue[0]) if start < draft.cue[0] else (draft.cue[1], start)
        broken = "\n" in text[lo:hi] or (start < draft.cue[0] and ":" in text[lo:hi])
        if not inside and not broken:
            return speaker
    elif draft.variant != "tag":
        return None
    # The nominal just before the cue, back to a quote mark, break or clause punctuation.
    for i in range(cue - 1, max(-1, cue - 10), -1):
        token = doc[i]
        if (
            "\n" in token.text
            or token.text in (":", ";", ".", ",")
            or _covers(draft.content, token.idx)
        ):
            break
        if token.pos_ in _NOMINAL and token.dep_ not in ("pobj", "poss", "npadvmod"):
            return i
        if token.pos_ not in ("ADV", "AUX", "PART"):
            break
    # "…,” said Rep. Jane Doe of Ohio": the name right after the cue.
    end = cue + 1
    while end < len(doc) and doc[end].pos_ in _NAME_POS and "\n" not in doc[end].text:
        end += 1
    if end > cue + 1 and any(doc[i].pos_ in _NOMINAL for i in range(cue + 1, end)):
        return end - 1
    if (
        speaker is not None
        and draft.quoting == "direct"
        and _covers(draft.content, doc[speaker].idx)
    ):
        return None
    return speaker


def _char_span(doc: Doc, span: tuple[int, int] | None) -> list[int] | None:
    if span is None:
        return None
    start, end = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
    return [start, end]


def _introduced_person(doc: Doc, text: str, start: int) -> int | None:
    """The person named as subject of the sentence right before ``start``, if any."""
    before = text[:start].rstrip()
    if not before or before[-1] not in ".!?:;)":
        return None
    span = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if span is None:
        return None
    root = span[0]
    for _ in range(64):  # up to the sentence root; bounded against malformed heads
        if root.head.i == root.i:
            break
        root = root.head
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.ent_type_ == "PERSON":
            return child.i
    return None


def find_quotes(doc: Doc, model: CueModel) -> list[QuoteData]:
    """Find the quotations in a parsed ``doc``.

    Args:
        doc: A document parsed by a pipeline with a tagger, parser and entity recogniser.
        model: The cue model.

    Returns:
        One dict per quotation, in text order: ``kind``, ``content`` (a list of
        ``[start, end]``), ``cue``, ``speaker``, ``speaker_resolved``, ``role`` (each
        ``[start, end]`` or None) and ``confidence``. Offsets are characters into ``doc.text``.
    """
    text = doc.text  # built once: spaCy joins the tokens on every access
    runs = find_quote_runs(text)
    tags = find_tags(doc, text, runs)
    candidates = find_candidates(doc, runs, text, model.lemmas, tags)
    drafts = _from_candidates(doc, candidates, model, tags)
    drafts = _with_runs(doc, text, drafts, runs, tags)
    tracker = SpeakerTracker(doc)
    quotes: list[QuoteData] = []
    last_speaker: tuple[int, int] | None = None  # (speaker token, where its quote ended)
    for draft in sorted(drafts, key=lambda d: (d.cue or d.content[0])[0]):
        speaker = resolved = role = None
        if draft.speaker is None and draft.variant == "run":
            introduced = _introduced_person(doc, text, draft.content[0][0])
            if introduced is not None:
                # "Rep. Jane Doe was blunt. “...”": the person just introduced speaks.
                draft.speaker = introduced
            elif last_speaker is not None and draft.content[0][0] - last_speaker[1] <= _INHERIT_GAP:
                # A long quotation with no cue in reach: in news it is the last speaker's.
                draft.speaker = last_speaker[0]
                draft.confidence *= 0.8
            else:
                continue  # no cue, no one named or speaking nearby: an epigraph, not a quote
        if draft.cue is not None and draft.mention is None and draft.variant != "according":
            draft.speaker = _repaired_speaker(doc, text, draft)
        if draft.speaker is not None:
            last_speaker = (draft.speaker, draft.content[-1][1])
            mention = draft.mention or mention_of(doc[draft.speaker])
            speaker = _char_span(doc, mention.span)
            role = _char_span(doc, mention.role)
            resolved = _char_span(doc, tracker.resolve(mention))
        quotes.append(
            {
                "kind": draft.kind,
                "content": [[s, e] for s, e in draft.content],
                "cue": list(draft.cue) if draft.cue is not None else None,
                "speaker": speaker,
                "speaker_resolved": resolved,
                "role": role,
                "confidence": round(draft.confidence, 4),
            }
        )
    quotes.sort(key=lambda q: q["content"][0][0])
    return quotes


class QuotationFinder:
    """spaCy component that finds quotations, their cues, speakers and roles.

    Args:
        nlp: The pipeline (unused; spaCy passes it to every factory).
        name: The component's name in the pipeline.
        model_path: A cue model file to use instead of the one shipped with presslens.
    """

    def __init__(self, nlp: Language, name: str = "presslens_quotes", *, model_path: str = ""):
        self.name = name
        self.model = load_cue_model(model_path or None)
        _register_extension()

    def __call__(self, doc: Doc) -> Doc:
        """Find the quotations in ``doc`` and store them on ``doc._.presslens_quotes``."""
        self.set_annotations(doc, find_quotes(doc, self.model))
        return doc

    def set_annotations(self, doc: Doc, quotes: list[QuoteData]) -> None:
        """Store ``quotes`` on the doc."""
        doc._.set(EXTENSION, quotes)


@Language.factory(
    "presslens_quotes",
    assigns=[f"doc._.{EXTENSION}"],
    requires=["token.dep", "token.pos", "token.lemma", "doc.ents"],
    default_config={"model_path": ""},
)
def make_quotation_finder(nlp: Language, name: str, model_path: str) -> QuotationFinder:
    """Build the quotation stage (factory ``presslens_quotes``).

    Args:
        nlp: The pipeline.
        name: The component's name.
        model_path: A cue model file; empty for the model shipped with presslens.
    """
    return QuotationFinder(nlp, name, model_path=model_path)


def _span(text: str, value: Any) -> Span | None:
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    start, end = int(value[0]), int(value[1])
    if not 0 <= start < end <= len(text):
        return None
    return Span(start, end, text[start:end])


def quotes_from_doc(doc: Doc, text: str | None = None) -> tuple[Quote, ...]:
    """Convert ``doc._.presslens_quotes`` to records, offsets into ``doc.text``.

    Args:
        doc: A document the quotation component has processed.
        text: ``doc.text`` if already built (spaCy rebuilds it on every access).

    Returns:
        The quotes, in text order; empty when the component has not run.
    """
    _register_extension()
    data = doc._.get(EXTENSION) or []
    text = doc.text if text is None else text
    quotes: list[Quote] = []
    for item in data:
        content = tuple(s for s in (_span(text, c) for c in item.get("content", [])) if s)
        if not content:
            continue
        kind: QuoteKind = item.get("kind") if item.get("kind") in _KINDS else "indirect"
        quotes.append(
            Quote(
                kind=kind,
                content=content,
                cue=_span(text, item.get("cue")),
                speaker=_span(text, item.get("speaker")),
                speaker_resolved=_span(text, item.get("speaker_resolved")),
                role=_span(text, item.get("role")),
                confidence=min(1.0, max(0.0, float(item.get("confidence", 1.0)))),
            )
        )
    return tuple(quotes)
