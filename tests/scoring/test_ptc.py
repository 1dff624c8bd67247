"""The PTC loader, on a two-article miniature corpus of invented sentences in the real layout.

tests/fixtures/ptc: train article 1001 starts with a byte order mark and has curly quotes and an
"é" (so str offsets differ from byte offsets); 1002 has no labels. The dev template differs from
the v1 gold in every way the real one does: ends one character shorter, a start one character
later, a two-label span kept twice, a two-label span kept once, a span split in two.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Literal

import pytest

from presslens.scoring.ptc import (
    TECHNIQUES,
    LabelledSpan,
    align_to_template,
    dev_alignment,
    load_ptc,
    ptc_splits,
)

PTC = Path(__file__).parent.parent / "fixtures" / "ptc"


@pytest.fixture()
def ptc_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture corpus, for tests that remove or break files."""
    return Path(shutil.copytree(PTC, tmp_path / "ptc"))


def _phrases(
    split: Literal["train", "dev"], article_id: str, folder: Path = PTC
) -> list[tuple[str, str]]:
    article = {a.id: a for a in load_ptc(folder, split)}[article_id]
    return [(article.text[s.start : s.end], s.technique) for s in article.spans]


def test_techniques_are_the_fourteen_labels() -> None:
    assert len(TECHNIQUES) == len(set(TECHNIQUES)) == 14
    assert "Loaded_Language" in TECHNIQUES
    assert "Name_Calling,Labeling" in TECHNIQUES


def test_train_articles_sorted_with_raw_text() -> None:
    articles = load_ptc(PTC, "train")
    assert [a.id for a in articles] == ["1001", "1002"]
    # The byte order mark is kept: the released offsets count it.
    assert articles[0].text.startswith("\ufeffCity Hall")
    assert articles[1].spans == ()


def test_train_spans_land_on_their_phrases() -> None:
    assert _phrases("train", "1001") == [
        ("Catastrophic", "Exaggeration,Minimisation"),
        ("Catastrophic", "Loaded_Language"),
        ("so-called reformers", "Name_Calling,Labeling"),
        ("wrecked the café district", "Loaded_Language"),
        ("Everyone knows the plan is doomed", "Bandwagon,Reductio_ad_hitlerum"),
    ]
    first = load_ptc(PTC, "train")[0].spans[0]
    assert (first.start, first.end) == (25, 37)  # 24 without the BOM


def test_per_article_label_folder_when_no_combined_file(ptc_copy: Path) -> None:
    (ptc_copy / "train-task2-TC.labels").unlink()
    assert load_ptc(ptc_copy, "train") == load_ptc(PTC, "train")


def test_dev_labels_on_template_boundaries() -> None:
    assert _phrases("dev", "2001") == [
        ("daylight robbery", "Loaded_Language"),
        ("disgrace", "Loaded_Language"),  # v1 also had Exaggeration; the template kept one row
        ("Is this really about the harbour, or about votes", "Doubt"),  # v1 took the "?" too
        ("Stand with our harbour, stand with our town!", "Flag-Waving"),
        ("Stand with our harbour, stand with our town!", "Slogans"),
    ]
    assert _phrases("dev", "2002") == [
        ("Trust me, the experts agree,", "Appeal_to_Authority"),  # v1 included the quotes
        ("This is the worst scandal in history", "Exaggeration,Minimisation"),
        ("it is only getting worse", "Appeal_to_fear-prejudice"),  # second half of a v1 span
        # "said the minister" is in the template but no v1 label reaches it: left out
    ]


def test_dev_alignment_counts() -> None:
    alignment = dev_alignment(PTC)
    assert (alignment.exact, alignment.end_moved, alignment.by_overlap) == (4, 2, 2)
    assert alignment.unmatched_template == (("2002", 47, 64),)
    assert alignment.unused_gold == (("2001", LabelledSpan(96, 104, "Exaggeration,Minimisation")),)


def test_dev_without_template_keeps_v1_boundaries(ptc_copy: Path) -> None:
    (ptc_copy / "dev-task-TC-template.out").unlink()
    assert ("“Trust me, the experts agree,”", "Appeal_to_Authority") in _phrases(
        "dev", "2002", ptc_copy
    )
    assert sum(len(a.spans) for a in load_ptc(ptc_copy, "dev")) == 9
    with pytest.raises(FileNotFoundError, match="dev template"):
        dev_alignment(ptc_copy)


@pytest.mark.parametrize(
    ("template", "gold", "expected"),
    [
        # same start: nearest end wins, whatever the file order
        ([(0, 9)], [(0, 12, "Doubt"), (0, 10, "Slogans")], [(0, 9, "Slogans")]),
        # start moved by one: matched on overlap
        ([(1, 10)], [(0, 10, "Doubt")], [(1, 10, "Doubt")]),
        # grazing overlap (under half the template span): no match
        ([(8, 20)], [(0, 10, "Doubt")], []),
        # two template rows on one span take two labels
        (
            [(0, 5), (0, 5)],
            [(0, 5, "Doubt"), (0, 5, "Slogans")],
            [(0, 5, "Doubt"), (0, 5, "Slogans")],
        ),
    ],
)
def test_align_to_template(
    template: list[tuple[int, int]],
    gold: list[tuple[int, int, str]],
    expected: list[tuple[int, int, str]],
) -> None:
    result = align_to_template({"1": template}, {"1": [LabelledSpan(*g) for g in gold]})
    assert result.spans["1"] == tuple(LabelledSpan(*e) for e in expected)


def test_labelled_span_rejects_empty_spans() -> None:
    with pytest.raises(ValueError, match="start < end"):
        LabelledSpan(5, 5, "Doubt")


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere: PTC folder not found"):
        load_ptc(tmp_path / "nowhere", "train")


def test_file_instead_of_folder(tmp_path: Path) -> None:
    (tmp_path / "ptc.zip").write_bytes(b"")
    with pytest.raises(NotADirectoryError, match=r"ptc\.zip: not a folder"):
        load_ptc(tmp_path / "ptc.zip", "train")


def test_wrong_folder_names_the_missing_articles_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="train-articles: PTC train articles folder"):
        load_ptc(tmp_path, "train")


def test_missing_labels(ptc_copy: Path) -> None:
    (ptc_copy / "train-task2-TC.labels").unlink()
    shutil.rmtree(ptc_copy / "train-labels-task2-technique-classification")
    with pytest.raises(FileNotFoundError, match="no PTC train technique labels"):
        load_ptc(ptc_copy, "train")


def test_unknown_split_names_the_splits_present() -> None:
    with pytest.raises(ValueError, match=r"unknown PTC split 'test'.*its splits are dev, train"):
        load_ptc(PTC, "test")


def test_splits_are_the_articles_folders(ptc_copy: Path) -> None:
    assert ptc_splits(ptc_copy) == ["dev", "train"]


def test_another_split_with_the_same_layout_loads(ptc_copy: Path) -> None:
    shutil.copytree(ptc_copy / "train-articles", ptc_copy / "extra-articles")
    shutil.copy(ptc_copy / "train-task2-TC.labels", ptc_copy / "extra-task2-TC.labels")
    assert ptc_splits(ptc_copy) == ["dev", "extra", "train"]
    assert load_ptc(ptc_copy, "extra") == load_ptc(ptc_copy, "train")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1001\tDoubt\t0", "expected ID, technique, start, end"),
        ("1001\tDoubt\tzero\t4", "offsets 'zero', '4' are not integers"),
        ("1001\tPropaganda\t0\t4", "unknown technique 'Propaganda'"),
        ("1001\tDoubt\t4\t4", "span 4-4 is empty or outside article 1001"),
        ("1001\tDoubt\t0\t9999", "span 0-9999 is empty or outside article 1001"),
        ("9999\tDoubt\t0\t4", "no article9999.txt"),
    ],
)
def test_bad_label_rows_name_file_and_line(ptc_copy: Path, row: str, message: str) -> None:
    labels = ptc_copy / "train-task2-TC.labels"
    labels.write_text(labels.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"train-task2-TC.labels:6: {message}"):
        load_ptc(ptc_copy, "train")


def test_article_not_utf8(ptc_copy: Path) -> None:
    (ptc_copy / "train-articles" / "article1002.txt").write_bytes(b"caf\xe9\n")
    with pytest.raises(ValueError, match=r"article1002\.txt: not UTF-8"):
        load_ptc(ptc_copy, "train")
