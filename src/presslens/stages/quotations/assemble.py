"""Assembly: the drafts of every strategy combined into the document's quotations.

Drafts from the cue model come first; quotations no cue claimed are then attached (their speech
tag, a continuation of the quote before, a colon introduction, a governing verb, or a long
quotation on its own). Each speaker is repaired where the parse put it inside the quoted words
or across a break, then resolved by the actors stage (``resolve_mention``). Each quotation gets
its cue type and a calibrated confidence.
"""

from __future__ import annotations

from spacy.tokens import Doc

from presslens.quotemarks import QuoteRun, find_quote_runs, is_title
from presslens.stages.actors.coref import Referents, resolve_mention
from presslens.stages.actors.payload import ActorsPayload
from presslens.stages.quotations.calibration import Calibration, strategy_of
from presslens.stages.quotations.cues import SHOWN_CUE_TYPES
from presslens.stages.quotations.cuetypes import cue_type
from presslens.stages.quotations.drafts import (
    CharSpan,
    Draft,
    colon_draft,
    covers,
    embedded_draft,
    fragment,
    kind_of,
    label_drafts,
    model_drafts,
    overlaps,
    tag_draft,
    with_lead_in,
    within,
)
from presslens.stages.quotations.model import CueModel
from presslens.stages.quotations.payload import QuoteData
from presslens.stages.quotations.rules import continue_runs, find_candidates, tagged
from presslens.stages.quotations.speakers import mention_of
from presslens.stages.quotations.tags import Tag, find_tags
from presslens.vocabulary import AUTHOR_PRONOUNS, DEMONSTRATIVES, PRONOUNS, RELATIVE_PRONOUNS

__all__ = ["find_quotes"]

# An unattributed quotation shorter than this (in words) is a scare quote or a title, not speech.
_MIN_STANDALONE_WORDS = 8
# A quotation continues the previous attributed one when no more than this separates them.
_CONTINUATION_GAP = 200
# An uncued quotation inherits the last speaker when it starts within this many characters.
_INHERIT_GAP = 1500
# Speakers that are the writer: "we" and "I" outside quotation marks.
_WRITER = frozenset({"we", "i", "us"})


def with_runs(
    doc: Doc, text: str, drafts: list[Draft], runs: list[QuoteRun], tags: dict[int, Tag]
) -> list[Draft]:
    """Attach quotations no cue claimed: tagged ones, continuations, colon introductions and
    long quotes."""
    drafts.sort(key=lambda d: d.content[0][0])
    for run in runs:
        if is_title(text, run) or any(
            overlaps(d.content, run) and not within(d.cue, run) for d in drafts
        ):
            continue
        tag = tags.get(run.start)
        if tag is not None:
            same = [d for d in drafts if d.cue == tag.cue and d.quoting == "direct"]
            if same:
                # "“A,” he said, “B.”": the cue already carries B; A is its first part.
                same[0].content = sorted({*same[0].content, *run.spans})
                continue
            draft = tag_draft(doc, run, tag)
            draft.content = continue_runs(text, draft.content, runs, tag.cue[0], tags)
            draft.content = with_lead_in(doc, text, draft.content, None)
            if len(draft.content) > 1 or draft.content[0] != run.spans[0]:
                draft.quoting = "mixed" if draft.content[0][0] < run.start else "direct"
                draft.kind = kind_of(draft.quoting)
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
        found = colon_draft(doc, text, run)
        if found is None and len(text[run.start : run.end].split()) >= _MIN_STANDALONE_WORDS:
            # Too long for a scare quote: speech, whether or not a verb governs it.
            found = embedded_draft(doc, run) or Draft(
                list(run.spans), "direct", None, None, 0.4, "run"
            )
        if found is not None and found.variant == "run" and fragment(text, run.start):
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
                found.content = with_lead_in(doc, text, found.content, found.cue[1])
                if found.content[0][0] < run.start:
                    found.quoting, found.kind = "mixed", "mixed"
            drafts.append(found)
        drafts.sort(key=lambda d: d.content[0][0])
    return drafts


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_NAME_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})


def _token_at(doc: Doc, position: int) -> int | None:
    span = doc.char_span(position, position + 1, alignment_mode="expand")
    return span[0].i if span is not None and len(span) else None


def _repaired_speaker(doc: Doc, text: str, draft: Draft) -> int | None:
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
        inside = draft.quoting == "direct" and covers(draft.content, start)
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
            or covers(draft.content, token.idx)
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
        and covers(draft.content, doc[speaker].idx)
    ):
        return None
    return speaker


def _char_span(doc: Doc, span: tuple[int, int] | None) -> CharSpan | None:
    if span is None:
        return None
    return doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])


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


def _they(doc: Doc, head: int, quoted: list[CharSpan]) -> tuple[int, int] | None:
    """ "they" with no organisation in reach: the nearest plural noun phrase before it, in its
    sentence or the one before, outside quotation marks; else None."""
    sent = doc[head].sent
    start = sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    best = None
    for chunk in doc[start:head].noun_chunks:
        root = chunk.root
        if root.tag_ in ("NNS", "NNPS") and chunk.end <= head and not covers(quoted, root.idx):
            best = (chunk.start_char, chunk.end_char)
    return best


def _resolve(
    doc: Doc,
    payload: ActorsPayload,
    refs: Referents,
    head: int,
    span: CharSpan,
    quoted: list[CharSpan],
) -> tuple[CharSpan | None, str | None]:
    """The speaker's name as the actors stage resolves it, and its actor id.

    A mention that refers back (a pronoun, "who", "the minister") and is not resolved stays
    unresolved; a mention that names someone new ("the economists", "a Times report") is its own
    name.
    """
    token = doc[head]
    found = resolve_mention(doc, payload, token, span, refs=refs)
    if found.actor is not None:
        name = found.name
        if name is not None and name[0] < span[0] < name[1]:
            name = (span[0], name[1])  # "Said Ellis" tagged as one name: never wider on the left
        return name, found.actor.id
    low = token.lower_
    if low in ("they", "them"):
        return _they(doc, head, quoted), None
    if low in PRONOUNS or low in AUTHOR_PRONOUNS:
        return None, None
    if low in RELATIVE_PRONOUNS:
        clause = token.head
        noun = clause.head if clause.dep_ in ("relcl", "acl") else None
        if noun is None or noun.i == clause.i:
            return None, None
        return _char_span(doc, mention_of(noun).span), None
    first = doc.char_span(*span, alignment_mode="expand")
    if (
        first is not None
        and len(first)
        and first[0].lower_ in DEMONSTRATIVES
        and token.tag_ == "NN"
    ):
        return None, None  # "this expert" with no one in view: someone, but not known
    return span, None


def find_quotes(
    doc: Doc,
    model: CueModel,
    payload: ActorsPayload,
    calibration: Calibration | None = None,
) -> list[QuoteData]:
    """Find the quotations in a parsed ``doc``.

    Args:
        doc: A document parsed by a pipeline with a tagger, parser and entity recogniser.
        model: The cue model.
        payload: The actors stage's results for ``doc``: who each speaker is.
        calibration: Maps raw scores to probabilities; None keeps the raw scores.

    Returns:
        The quotations in text order, offsets in characters of ``doc.text``.
    """
    text = doc.text  # built once: spaCy joins the tokens on every access
    runs = find_quote_runs(text)
    tags = find_tags(doc, text, runs)
    candidates = find_candidates(doc, runs, text, model.lemmas, tags)
    drafts = model_drafts(doc, candidates, model, tags)
    drafts = with_runs(doc, text, drafts, runs, tags)
    drafts += label_drafts(doc, text, drafts)
    quoted = sorted(span for run in runs for span in run.spans)
    refs: Referents | None = None
    quotes: list[QuoteData] = []
    last_speaker: tuple[int, int] | None = None  # (speaker token, where its quote ended)
    for draft in sorted(drafts, key=lambda d: (d.cue or d.content[0])[0]):
        speaker = resolved = role = actor = None
        direct = draft.quoting in ("direct", "mixed")
        kind_of_cue = cue_type(doc, draft.cue, direct=direct)
        if draft.speaker is None and draft.variant == "run":
            introduced = _introduced_person(doc, text, draft.content[0][0])
            if introduced is not None:
                # "Rep. Jane Doe was blunt. “...”": the person just introduced speaks.
                draft.speaker = introduced
            elif last_speaker is not None and draft.content[0][0] - last_speaker[1] <= _INHERIT_GAP:
                # A long quotation with no cue in reach: in news it is the last speaker's.
                draft.speaker = last_speaker[0]
                draft.variant = "inherited"
            else:
                continue  # no cue, no one named or speaking nearby: an epigraph, not a quote
        if draft.cue is not None and draft.mention is None and draft.variant != "according":
            draft.speaker = _repaired_speaker(doc, text, draft)
        if draft.speaker is not None:
            head = doc[draft.speaker]
            if head.lower_ in _WRITER and not covers(quoted, head.idx):
                continue  # the writer's own "we" or "I": no quoted source
            last_speaker = (draft.speaker, draft.content[-1][1])
            mention = draft.mention or mention_of(head)
            speaker = _char_span(doc, mention.span)
            role = _char_span(doc, mention.role)
            if speaker is not None:
                refs = refs if refs is not None else Referents.from_payload(doc, payload, quoted)
                resolved, actor = _resolve(doc, payload, refs, mention.head, speaker, quoted)
                if head.lower_ == "it" and actor is None and kind_of_cue not in SHOWN_CUE_TYPES:
                    # "it established ...": a thing, or the writer's argument; "it says" and
                    # "it wrote" stay: a report, a suit or a paper speaking.
                    continue
        score = draft.confidence
        strategy = strategy_of(draft.variant, draft.kind, speaker=speaker is not None)
        confidence = calibration(strategy, score) if calibration is not None else score
        quotes.append(
            QuoteData(
                kind=kind_of(draft.quoting),
                content=tuple(draft.content),
                cue=draft.cue,
                cue_type=kind_of_cue,
                speaker=speaker,
                speaker_resolved=resolved,
                role=role,
                actor=actor,
                confidence=round(confidence, 4),
                strategy=strategy,
                score=round(score, 4),
            )
        )
    quotes.sort(key=lambda q: q.content[0][0])
    return quotes
