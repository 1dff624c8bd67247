"""Features for the techniques model, computed from the ``Doc`` the foundation pipeline made.

Nothing here runs a model of its own: the features reuse the tokens, lemmas, POS tags,
dependencies and entities the spaCy pipeline already set, and ``doc.tensor`` from its
``tok2vec``. That keeps the stage cheap (a few milliseconds per article).

Sparse features are 64-bit keys: a template id mixed with spaCy's own 64-bit hash of the value
(``LOWER``, ``LEMMA`` ... are already hashes), so no vocabulary ships with the model; a key the
model never saw simply has no weight. The same code builds the training matrices
(``training/techniques/train.py``), so training and inference cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in the stub
from spacy.tokens import Doc

__all__ = [
    "FEATURE_VERSION",
    "TENSOR_WIDTH",
    "DocContext",
    "Features",
    "doc_context",
    "sentence_features",
    "sentence_spans",
    "span_features",
    "token_features",
]

#: Bumped whenever a feature changes meaning; the model records the version it was trained on.
FEATURE_VERSION = 2

#: Width of ``doc.tensor`` from en_core_web_sm's tok2vec; zeros stand in when it is missing.
TENSOR_WIDTH = 96

U64 = npt.NDArray[np.uint64]
F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

_ATTRS: list[int | str] = [
    "LOWER",
    "LEMMA",
    "SHAPE",
    "POS",
    "TAG",
    "DEP",
    "ENT_TYPE",
    "ENT_IOB",
    "PREFIX",
    "SUFFIX",
]
_LOWER, _LEMMA, _SHAPE, _POS, _TAG, _DEP, _ENT, _IOB, _PREFIX, _SUFFIX = range(len(_ATTRS))

_PAD = np.uint64(hash_string("<pad>"))
_QUOTES = np.array([hash_string(q) for q in ('"', "“", "”", "``", "''")], dtype=np.uint64)
_QUESTION = np.uint64(hash_string("?"))
_EXCLAIM = np.uint64(hash_string("!"))

_MIX_A = np.uint64(0x9E3779B97F4A7C15)
_MIX_B = np.uint64(0xBF58476D1CE4E5B9)
_MIX_C = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True, slots=True)
class Features:
    """Rows of sparse binary features plus a dense block.

    Attributes:
        rows: for each sparse entry, the row it belongs to.
        keys: for each sparse entry, its 64-bit feature key (same length as ``rows``).
        dense: ``(n_rows, n_dense)`` real-valued features.
    """

    rows: I64
    keys: U64
    dense: F32

    @property
    def n_rows(self) -> int:
        """The number of rows (tokens or spans)."""
        return int(self.dense.shape[0])


@dataclass(frozen=True, slots=True)
class DocContext:
    """Per-token arrays shared by the token and span features of one ``Doc``.

    Attributes:
        attrs: ``(n, len(_ATTRS))`` spaCy attribute hashes.
        sent: sentence index of every token.
        sent_start: token index where each sentence starts.
        sent_len: token count of each sentence.
        lemma_count: how often the token's lemma occurs in the document.
        is_stop, is_punct, is_space: token flags.
        head: index of the token's syntactic head.
        tensor: ``(n, TENSOR_WIDTH)`` contextual vectors.
        sent_tensor: ``(n_sentences, TENSOR_WIDTH)`` mean vector of each sentence.
        in_quote: whether the token sits between quotation marks within its sentence.
    """

    attrs: U64
    sent: I64
    sent_start: I64
    sent_len: I64
    lemma_count: I64
    is_stop: npt.NDArray[np.bool_]
    is_punct: npt.NDArray[np.bool_]
    is_space: npt.NDArray[np.bool_]
    head: I64
    tensor: F32
    sent_tensor: F32
    in_quote: npt.NDArray[np.bool_]


def _mix(template: int, values: U64) -> U64:
    """Combine a template id with value hashes into feature keys (wrapping uint64 arithmetic)."""
    salt = np.full(values.shape, template, dtype=np.uint64) * _MIX_A
    mixed = (values ^ salt) * _MIX_B
    return np.asarray(mixed ^ (mixed >> np.uint64(31)), dtype=np.uint64)


def _pair(a: U64, b: U64) -> U64:
    """Hash two value columns into one."""
    return np.asarray((a * _MIX_C) ^ (b + _MIX_A), dtype=np.uint64)


def _small(values: npt.ArrayLike) -> U64:
    """Small non-negative integers (buckets, flags) as uint64 values."""
    return np.asarray(values, dtype=np.int64).astype(np.uint64)


def _bucket(counts: I64, edges: Sequence[int]) -> I64:
    """Bucket counts: the index of the first edge a count does not exceed."""
    return np.searchsorted(np.asarray(edges), counts, side="left").astype(np.int64)


def doc_context(doc: Doc) -> DocContext:
    """Compute the per-token arrays of ``doc`` once, for tokens and spans alike."""
    n = len(doc)
    attrs = doc.to_array(_ATTRS).astype(np.uint64).reshape(n, len(_ATTRS))
    flags = doc.to_array(["IS_STOP", "IS_PUNCT", "IS_SPACE", "SENT_START", "HEAD"]).reshape(n, 5)
    is_stop = flags[:, 0].astype(bool)
    is_punct = flags[:, 1].astype(bool)
    is_space = flags[:, 2].astype(bool)
    starts = flags[:, 3].view(np.int64) == 1
    if n:
        starts[0] = True
    sent = np.cumsum(starts).astype(np.int64) - 1
    sent_start = np.flatnonzero(starts).astype(np.int64)
    sent_len = np.diff(np.append(sent_start, n)).astype(np.int64)
    head = np.arange(n, dtype=np.int64) + flags[:, 4].view(np.int64)

    _, inverse, counts = np.unique(attrs[:, _LEMMA], return_inverse=True, return_counts=True)
    lemma_count = counts[inverse].astype(np.int64)

    tensor = doc.tensor if doc.tensor is not None else None
    if tensor is None or getattr(tensor, "shape", (0,))[0] != n or tensor.shape[1] != TENSOR_WIDTH:
        tensor_arr = np.zeros((n, TENSOR_WIDTH), dtype=np.float32)
    else:
        tensor_arr = np.asarray(tensor, dtype=np.float32)
    if n:
        sent_tensor = np.add.reduceat(tensor_arr, sent_start, axis=0) / sent_len[:, None]
    else:
        sent_tensor = np.zeros((0, TENSOR_WIDTH), dtype=np.float32)

    # Quote parity within the sentence: odd number of quote marks before the token.
    is_quote = np.isin(attrs[:, _LOWER], _QUOTES)
    cum: I64 = np.cumsum(is_quote).astype(np.int64) - is_quote
    before_sentence: I64 = cum[sent_start][sent] if n else cum
    in_quote = ((cum - before_sentence) % 2 == 1) & ~is_quote

    return DocContext(
        attrs=attrs,
        sent=sent,
        sent_start=sent_start,
        sent_len=sent_len,
        lemma_count=lemma_count,
        is_stop=is_stop,
        is_punct=is_punct,
        is_space=is_space,
        head=head,
        tensor=tensor_arr,
        sent_tensor=sent_tensor.astype(np.float32),
        in_quote=in_quote,
    )


def _shifted(column: U64, offset: int) -> U64:
    """``column[i + offset]`` for every i, padded at the document edges."""
    out = np.full(column.shape, _PAD, dtype=np.uint64)
    n = column.shape[0]
    if abs(offset) >= n:
        return out
    if offset > 0:
        out[: n - offset] = column[offset:]
    elif offset < 0:
        out[-offset:] = column[: n + offset]
    else:
        out[:] = column
    return out


def _sentence_flags(ctx: DocContext) -> U64:
    """Per sentence: has a question mark, has an exclamation mark, has a quote, is the first."""
    lower = ctx.attrs[:, _LOWER]
    n_sent = len(ctx.sent_start)
    q = np.bincount(ctx.sent, weights=lower == _QUESTION, minlength=n_sent) > 0
    e = np.bincount(ctx.sent, weights=lower == _EXCLAIM, minlength=n_sent) > 0
    quote = np.bincount(ctx.sent, weights=np.isin(lower, _QUOTES), minlength=n_sent) > 0
    first = np.arange(n_sent) == 0
    return _small(q * 1 + e * 2 + quote * 4 + first * 8)


def token_features(ctx: DocContext) -> Features:
    """Features of every token, for the span tagger (is this token inside a technique span?)."""
    a = ctx.attrs
    n = a.shape[0]
    lower, lemma, pos = a[:, _LOWER], a[:, _LEMMA], a[:, _POS]
    idx = np.arange(n, dtype=np.int64)
    pos_in_sent = idx - ctx.sent_start[ctx.sent] if n else idx
    to_end = ctx.sent_len[ctx.sent] - pos_in_sent - 1 if n else idx

    bigram = _pair(_shifted(lower, -1), lower)
    _, inv, bcounts = np.unique(bigram, return_inverse=True, return_counts=True)
    bigram_count = bcounts[inv].astype(np.int64)
    rep_edges = (1, 2, 4, 8)
    stop_punct = ctx.is_stop * 1 + ctx.is_punct * 2

    columns: list[U64] = [
        _mix(0, np.zeros(n, dtype=np.uint64)),  # bias
        _mix(1, lower),
        _mix(2, lemma),
        _mix(3, a[:, _SHAPE]),
        _mix(4, a[:, _TAG]),
        _mix(5, a[:, _DEP]),
        _mix(6, _pair(a[:, _ENT], a[:, _IOB])),
        _mix(7, a[:, _SUFFIX]),
        _mix(8, a[:, _PREFIX]),
        _mix(9, _pair(a[:, _DEP], lemma[ctx.head])),
        _mix(10, _pair(pos, pos[ctx.head])),
        _mix(11, bigram),
        _mix(12, _pair(lower, _shifted(lower, 1))),
        _mix(13, _small(_bucket(ctx.lemma_count, rep_edges) * 4 + stop_punct)),
        _mix(14, _small(_bucket(bigram_count, rep_edges) * 4 + stop_punct)),
        _mix(15, _small(np.minimum(pos_in_sent, 12))),
        _mix(16, _small(np.minimum(to_end, 12))),
        _mix(17, _small(_bucket(ctx.sent_len[ctx.sent], (5, 10, 20, 30, 45)))),
        _mix(18, _sentence_flags(ctx)[ctx.sent]),
        _mix(19, _small(ctx.in_quote)),
        _mix(20, _pair(lemma, _small(ctx.in_quote))),
        _mix(21, a[:, _LEMMA][ctx.sent_start[ctx.sent]] if n else lemma),
    ]
    for t, off in enumerate((-3, -2, -1, 1, 2, 3)):
        columns.append(_mix(30 + t, _shifted(lower, off)))
        columns.append(_mix(40 + t, _shifted(pos, off)))
    for t, off in enumerate((-1, 1)):
        columns.append(_mix(50 + t, _shifted(a[:, _SHAPE], off)))
    keys = np.stack(columns, axis=1).reshape(-1)
    rows = np.repeat(idx, len(columns))

    prev_t = np.vstack([np.zeros((1, TENSOR_WIDTH), np.float32), ctx.tensor[:-1]])
    next_t = np.vstack([ctx.tensor[1:], np.zeros((1, TENSOR_WIDTH), np.float32)])
    extra = np.stack(
        [np.log1p(ctx.lemma_count) * (1 - ctx.is_stop), np.log1p(bigram_count)], axis=1
    )
    dense = np.hstack(
        [ctx.tensor, prev_t[:n], next_t[:n], ctx.sent_tensor[ctx.sent], extra]
    ).astype(np.float32)
    return Features(rows, keys, dense)


def _char_ngrams(text: str, sizes: tuple[int, ...] = (3, 4, 5), limit: int = 80) -> U64:
    """Hashes of the character n-grams of a (lowercased) span, word boundaries marked.

    Long spans are cut to ``limit`` characters: their n-grams add little beyond the words.
    """
    padded = f" {' '.join(text[:limit].split())} "
    grams = {padded[i : i + k] for k in sizes for i in range(len(padded) - k + 1)}
    return np.fromiter((hash_string(g) for g in sorted(grams)), dtype=np.uint64)


def span_features(doc: Doc, ctx: DocContext, spans: Sequence[tuple[int, int]]) -> Features:
    """Features of token spans ``[start, end)``, for the technique classifier.

    Args:
        doc: the document the spans belong to.
        ctx: its :func:`doc_context`.
        spans: token offsets of the spans to classify.
    """
    a = ctx.attrs
    n = a.shape[0]
    text_lower = doc.text.lower()
    row_list: list[int] = []
    key_chunks: list[U64] = []
    dense_rows: list[F32] = []
    length_edges = (1, 2, 3, 5, 8, 13, 20, 30)
    for row, (start, end) in enumerate(spans):
        tok = slice(start, end)
        lower, lemma, pos = a[tok, _LOWER], a[tok, _LEMMA], a[tok, _POS]
        length = end - start
        span_text = doc[start:end].text.lower()
        repeats = text_lower.count(span_text) if span_text.strip() else 0
        sent = int(ctx.sent[start])
        sent_cover = length / max(int(ctx.sent_len[sent]), 1)
        flags = _small(
            [
                int(np.isin(lower, _QUOTES).any()),
                int((lower == _QUESTION).any()),
                int((lower == _EXCLAIM).any()),
                int(sent == 0),
                int(ctx.in_quote[start]),
                int(doc[start].is_title),
                int(doc[start:end].text.isupper()),
            ]
        )
        before = [a[i, _LOWER] if i >= 0 else _PAD for i in (start - 1, start - 2, start - 3)]
        after = [a[i, _LOWER] if i < n else _PAD for i in (end, end + 1, end + 2)]
        ents = a[tok, _ENT]
        chunks = [
            _mix(100, np.zeros(1, dtype=np.uint64)),  # bias
            _mix(101, lower),
            _mix(102, lemma),
            _mix(103, _pair(lower[:-1], lower[1:])),
            _mix(104, pos),
            _mix(105, lower[:1]),
            _mix(106, lower[-1:]),
            _mix(107, pos[:1]),
            _mix(108, pos[-1:]),
            _mix(109, _small([_bucket(np.array([length]), length_edges)[0]])),
            _mix(110, _small([min(repeats, 5)])),
            _mix(111, _small([min(int(sent_cover * 5), 5)])),
            _mix(112, flags * np.uint64(2) + np.arange(len(flags), dtype=np.uint64) * 16),
            _mix(113, np.asarray(before, dtype=np.uint64)),
            _mix(114, np.asarray(after, dtype=np.uint64)),
            _mix(115, ents[ents != 0]),
            _mix(116, a[tok, _SHAPE]),
            _mix(117, _small([min(int(ctx.lemma_count[start:end].max(initial=1)), 6)])),
            _mix(118, np.asarray([a[ctx.sent_start[sent], _LEMMA]], dtype=np.uint64)),
            _mix(119, _pair(lemma, _small(np.minimum(ctx.lemma_count[tok], 4)))),
        ]
        chunks.append(_mix(120, _char_ngrams(span_text)))
        root = doc[start:end].root
        chunks.append(_mix(121, np.asarray([root.lemma, root.dep], dtype=np.uint64)))
        # Repetition: how often the span's words occur before this one in the article, and
        # whether an earlier copy exists (PTC marks the later occurrences).
        if span_text.strip():
            char_start = doc[start].idx
            prior = text_lower.count(span_text, 0, char_start)
            first = text_lower.find(span_text)
        else:
            prior, first = 0, -1
        chunks.append(_mix(125, _small([min(prior, 3) * 8 + min(repeats, 5)])))
        chunks.append(_mix(126, _small([int(0 <= first < doc[start].idx)])))
        # Quote cues: a quotation mark right before and/or right after the span.
        quote_before = start > 0 and bool(np.isin(a[start - 1, _LOWER], _QUOTES))
        quote_after = end < n and bool(np.isin(a[end, _LOWER], _QUOTES))
        chunks.append(_mix(129, _small([int(quote_before) + 2 * int(quote_after)])))
        keys = np.concatenate(chunks)
        key_chunks.append(keys)
        row_list.extend([row] * len(keys))
        content = ~(ctx.is_stop[tok] | ctx.is_punct[tok])
        rep_content = ctx.lemma_count[tok][content] if content.any() else np.ones(1, np.int64)
        dense_rows.append(
            np.concatenate(
                [
                    ctx.tensor[tok].mean(axis=0),
                    ctx.sent_tensor[sent],
                    np.array(
                        [
                            np.log1p(length),
                            np.log1p(repeats),
                            sent_cover,
                            np.log1p(rep_content.max()),
                            np.log1p(rep_content.mean()),
                        ],
                        dtype=np.float32,
                    ),
                ]
            ).astype(np.float32)
        )
    width = 2 * TENSOR_WIDTH + 5
    dense = np.vstack(dense_rows) if dense_rows else np.zeros((0, width), dtype=np.float32)
    keys_all = np.concatenate(key_chunks) if key_chunks else np.zeros(0, dtype=np.uint64)
    return Features(np.asarray(row_list, dtype=np.int64), keys_all, dense.astype(np.float32))


def sentence_features(ctx: DocContext) -> Features:
    """Features of every sentence, for the sentence classifiers (clause-level techniques)."""
    a = ctx.attrs
    n = a.shape[0]
    lower = a[:, _LOWER]
    keys = np.concatenate(
        [
            _mix(200, a[:, _LEMMA]),
            _mix(201, _pair(_shifted(lower, -1), lower)),
            _mix(202, _sentence_flags(ctx)[ctx.sent]),
            _mix(203, _small(np.minimum(ctx.sent_len[ctx.sent], 60) // 5)),
        ]
    )
    rows = np.tile(ctx.sent, 4) if n else np.zeros(0, dtype=np.int64)
    dense = np.hstack([ctx.sent_tensor, np.log1p(ctx.sent_len)[:, None]]).astype(np.float32)
    return Features(rows, keys, dense)


def sentence_spans(ctx: DocContext) -> list[tuple[int, int] | None]:
    """Token offsets ``[start, end)`` of each sentence without surrounding space and end marks.

    ``None`` for a sentence with nothing left (a blank line).
    """
    out: list[tuple[int, int] | None] = []
    skip = ctx.is_space | ctx.is_punct
    for start, length in zip(ctx.sent_start.tolist(), ctx.sent_len.tolist(), strict=True):
        end = start + length
        while start < end and ctx.is_space[start]:
            start += 1
        while end > start and skip[end - 1]:
            end -= 1
        out.append((start, end) if end > start else None)
    return out
