import pytest

from presslens.scoring.extraction import score_document, score_extraction, shingle_counts


def test_shingles_are_four_token_windows() -> None:
    assert shingle_counts("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}


def test_short_text_is_one_shingle() -> None:
    assert shingle_counts("Hello, world") == {("Hello", "world"): 1}


def test_unicode_tokens() -> None:
    assert shingle_counts("Straße über München heute") == {
        ("Straße", "über", "München", "heute"): 1
    }


@pytest.mark.parametrize(
    ("truth", "pred", "p", "r"),
    [
        ("a b c d e", "a b c d e", 1.0, 1.0),
        ("", "", 1.0, 1.0),
        ("a b c d e", "", 1.0, 0.0),
        ("", "a b c d", 0.0, 1.0),
        ("a b c d e f", "a b c d", 1.0, 1 / 3),
        ("a b c d", "a b c d x y", 1 / 3, 1.0),
    ],
)
def test_document_precision_recall(truth: str, pred: str, p: float, r: float) -> None:
    score = score_document(truth, pred)
    assert score.precision == pytest.approx(p)
    assert score.recall == pytest.approx(r)


def test_corpus_means_and_f1() -> None:
    truth = {"1": "a b c d e", "2": "a b c d e f"}
    score = score_extraction(truth, {"1": "a b c d e", "2": "a b c d"}, resamples=50)
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx((1 + 1 / 3) / 2)
    assert score.f1 == pytest.approx(
        2 * score.precision * score.recall / (score.precision + score.recall)
    )
    assert score.accuracy == pytest.approx(0.5)
    assert score.documents == 2
    assert score.f1_sd > 0


def test_missing_prediction_counts_as_empty() -> None:
    assert score_extraction({"1": "a b c d"}, {}, resamples=0).recall == 0.0


def test_empty_truth_is_an_error() -> None:
    with pytest.raises(ValueError, match="no ground-truth"):
        score_extraction({}, {})
