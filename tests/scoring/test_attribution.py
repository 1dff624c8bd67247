"""The PolNeAR attribution scorer, with hand-computed expected figures."""

from collections.abc import Callable

import pytest

from presslens.scoring.attribution import (
    AttributionScore,
    PredictedQuote,
    character_set,
    score_attributions,
    score_document,
)
from presslens.scoring.polnear import GoldAttribution

# Letters only, so that no trimming happens and Jaccards are plain interval arithmetic.
LETTERS = "abcdefghijklmnopqrstuvwxyz"

Spans = tuple[tuple[int, int], ...]


def gold(content: Spans, source: Spans = ()) -> GoldAttribution:
    return GoldAttribution("E1", "Attribution", content, source, ())


def pred(content: Spans, speaker: Spans = ()) -> PredictedQuote:
    return PredictedQuote(content, speaker)


G = gold(((0, 8),), ((20, 22),))  # content abcdefgh, source uv


@pytest.mark.parametrize(
    ("golds", "preds", "matched", "speaker_ok"),
    [
        # matched and speaker_ok are (exact, overlap, any) counts
        pytest.param([G], [pred(((0, 8),), ((20, 22),))], (1, 1, 1), (1, 1, 1), id="perfect"),
        pytest.param([G], [pred(((2, 10),), ((20, 22),))], (0, 1, 1), (0, 1, 1), id="J=0.6"),
        pytest.param([G], [pred(((0, 4),), ((20, 22),))], (0, 1, 1), (0, 1, 1), id="J=0.5"),
        pytest.param([G], [pred(((4, 12),), ((20, 22),))], (0, 0, 1), (0, 0, 1), id="J=1/3"),
        pytest.param([G], [pred(((10, 12),), ((20, 22),))], (0, 0, 0), (0, 0, 0), id="disjoint"),
        pytest.param([G], [pred(((0, 8),), ((23, 25),))], (1, 1, 1), (0, 0, 0), id="wrong-spk"),
        pytest.param([G], [pred(((0, 8),))], (1, 1, 1), (0, 0, 0), id="missing-spk"),
        pytest.param([G], [pred(((0, 8),), ((21, 25),))], (1, 1, 1), (1, 1, 1), id="spk-1-char"),
        pytest.param(
            [gold(((0, 8),))], [pred(((0, 8),))], (1, 1, 1), (1, 1, 1), id="both-no-source"
        ),
        pytest.param(
            [gold(((0, 8),))], [pred(((0, 8),), ((20, 22),))], (1, 1, 1), (0, 0, 0), id="no-source"
        ),
        pytest.param(  # two content spans against one: J = (4 + 2) / 8
            [G], [pred(((0, 4), (6, 8)), ((20, 22),))], (0, 1, 1), (0, 1, 1), id="discontinuous"
        ),
        pytest.param(  # P1 is listed first but P2 has the higher Jaccard (0.9 against 0.6)
            [gold(((0, 10),), ((20, 22),))],
            [pred(((0, 6),), ((23, 25),)), pred(((0, 9),), ((20, 22),))],
            (0, 1, 1),
            (0, 1, 1),
            id="highest-first",
        ),
        pytest.param(  # greedy, not maximal: P1-G1 (2/3) blocks P2-G1 (0.6) + P1-G2 (3/7)
            [gold(((0, 10),), ((20, 22),)), gold(((6, 16),), ((23, 25),))],
            [pred(((2, 12),), ((20, 22),)), pred(((0, 6),), ((23, 25),))],
            (0, 1, 1),
            (0, 1, 1),
            id="greedy",
        ),
    ],
)
def test_matching_levels_and_speaker(
    golds: list[GoldAttribution],
    preds: list[PredictedQuote],
    matched: tuple[int, int, int],
    speaker_ok: tuple[int, int, int],
) -> None:
    score = score_document(LETTERS, golds, preds)
    levels = (score.exact, score.overlap, score.any)
    assert tuple(level.quote.true_positives for level in levels) == matched
    assert tuple(level.quote_speaker.true_positives for level in levels) == speaker_ok
    for level in levels:
        assert (level.quote.predicted, level.quote.gold) == (len(preds), len(golds))


def test_perfect_prediction_scores_one_everywhere() -> None:
    score = score_document(LETTERS, [G], [pred(((0, 8),), ((20, 22),))])
    for level in (score.exact, score.overlap, score.any):
        figures = (level.quote.precision, level.quote.recall, level.quote.f1)
        e2e = (level.quote_speaker.precision, level.quote_speaker.recall, level.quote_speaker.f1)
        assert figures == e2e == (1.0, 1.0, 1.0)
        assert level.speaker_accuracy == 1.0
    assert (score.content.precision, score.content.recall, score.content.f1) == (1.0, 1.0, 1.0)


def test_extra_prediction_lowers_precision() -> None:
    score = score_document(LETTERS, [G], [pred(((0, 8),), ((20, 22),)), pred(((10, 14),))])
    quote = score.overlap.quote
    assert (quote.precision, quote.recall) == (0.5, 1.0)
    assert quote.f1 == pytest.approx(2 / 3)
    # characters: 8 shared, 8 + 4 predicted, 8 gold
    assert (score.content.precision, score.content.recall) == (8 / 12, 1.0)


def test_wrong_speaker_halves_end_to_end() -> None:
    golds = [G, gold(((10, 14),), ((23, 25),))]
    preds = [pred(((0, 8),), ((20, 22),)), pred(((10, 14),), ((16, 18),))]
    level = score_document(LETTERS, golds, preds).overlap
    assert level.quote.f1 == 1.0
    assert level.speaker_accuracy == 0.5
    assert (level.quote_speaker.precision, level.quote_speaker.recall) == (0.5, 0.5)


def test_half_overlap_content_characters() -> None:
    score = score_document(LETTERS, [gold(((0, 10),))], [pred(((5, 15),))])
    content = score.content
    assert (content.true_positives, content.predicted, content.gold) == (5, 10, 10)
    assert content.f1 == 0.5
    assert score.overlap.quote.true_positives == 0  # J = 5 / 15
    assert score.any.quote.f1 == 1.0


def test_overlapping_predictions_count_characters_once() -> None:
    score = score_document(LETTERS, [gold(((0, 10),))], [pred(((0, 6),)), pred(((4, 10),))])
    assert (score.content.true_positives, score.content.predicted) == (10, 10)


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        ("“Taxes will fall.”", (0, 18), "Taxes will fall"),
        ('  "Hi, there!"  ', (0, 16), "Hi, there"),
        ("``quoted''", (0, 10), "quoted"),
        ("— he, too —", (0, 11), "he, too"),
        ("'90s", (0, 4), "90s"),
        ("$5 million", (0, 10), "$5 million"),  # symbols are not punctuation
        ("“...”", (0, 5), ""),
        ("abc", (1, 1), ""),
    ],
)
def test_trimming(text: str, span: tuple[int, int], kept: str) -> None:
    chars = character_set(text, [span])
    assert "".join(text[i] for i in sorted(chars)) == kept


def test_trimmed_spans_match_exactly() -> None:
    text = "He said: “Taxes will fall.” Then he left."
    gold_quote = gold(((10, 25),), ((0, 2),))  # Taxes will fall
    loose = pred(((8, 28),), ((0, 3),))  # ' “Taxes will fall.” ' and 'He '
    assert score_document(text, [gold_quote], [loose]).exact.quote_speaker.f1 == 1.0


def test_gold_without_content_is_dropped() -> None:
    text = "“...” abc"
    golds = [gold(()), gold(((0, 5),)), gold(((6, 9),))]
    score = score_document(text, golds, [pred(((6, 9),))])
    assert score.gold_dropped == 2
    assert score.overlap.quote.gold == 1
    assert score.overlap.quote.f1 == 1.0


@pytest.mark.parametrize(
    ("golds", "preds", "p", "r", "f1"),
    [
        pytest.param([G], [], 1.0, 0.0, 0.0, id="empty-prediction"),
        pytest.param([], [pred(((0, 8),))], 0.0, 1.0, 0.0, id="empty-gold"),
        pytest.param([], [], 1.0, 1.0, 1.0, id="both-empty"),
    ],
)
def test_empty_sides(
    golds: list[GoldAttribution], preds: list[PredictedQuote], p: float, r: float, f1: float
) -> None:
    score = score_document(LETTERS, golds, preds)
    for counts in (score.overlap.quote, score.overlap.quote_speaker, score.content):
        assert (counts.precision, counts.recall, counts.f1) == (p, r, f1)


def test_corpus_is_micro_averaged() -> None:
    docs = [
        (LETTERS, [G], [pred(((0, 8),), ((20, 22),))]),
        (LETTERS, [G, G, G], []),
    ]
    score = score_attributions(docs)
    assert score.documents == 2
    # micro: 1 match of 4 gold; a macro average would give (1 + 0) / 2
    assert score.overlap.quote.recall == 0.25
    assert score == score_document(*docs[0]) + score_document(*docs[1])


def test_format_table() -> None:
    score = score_attributions([(LETTERS, [G], [pred(((0, 8),), ((20, 22),))])])
    table = score.format_table()
    assert "1 documents: 1 gold quotes" in table
    overlap_row = next(line for line in table.splitlines() if line.startswith("overlap (main)"))
    assert overlap_row.split()[2:] == ["1", "100.0"] + ["100.0"] * 6


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: score_attributions([]), "no documents"),
        (lambda: score_document("abc", [], [pred(((0, 4),))]), r"span \(0, 4\) outside"),
        (lambda: score_document("abc", [gold(((-1, 2),))], []), r"span \(-1, 2\) outside"),
        (lambda: PredictedQuote(()), "at least one content span"),
        (lambda: PredictedQuote(((3, 1),)), r"invalid span \(3, 1\)"),
        (lambda: PredictedQuote(((0, 1),), ((-2, 1),)), r"invalid span \(-2, 1\)"),
    ],
)
def test_invalid_input(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_score_is_frozen() -> None:
    score = score_document(LETTERS, [], [])
    assert isinstance(score, AttributionScore)
    with pytest.raises(AttributeError):
        score.documents = 2  # type: ignore[misc]
