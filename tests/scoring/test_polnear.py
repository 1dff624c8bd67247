"""The PolNeAR loader, on a synthetic brat fixture (tests/fixtures/polnear) and inline strings."""

from pathlib import Path

import pytest

from presslens.scoring.polnear import GoldAttribution, load_polnear, parse_ann

POLNEAR = Path(__file__).parent.parent / "fixtures" / "polnear"


@pytest.fixture(scope="module")
def docs() -> dict[str, tuple[str, str, tuple[GoldAttribution, ...]]]:
    return {d.id: (d.text, d.annotator, d.attributions) for d in load_polnear(POLNEAR, "dev")}


def test_documents_sorted_and_first_annotator_chosen() -> None:
    loaded = load_polnear(POLNEAR, "dev")
    assert [(d.id, d.annotator) for d in loaded] == [("article-a", "aaaa"), ("article-b", "cccc")]


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            "article-a",
            (
                # discontinuous content: the two halves of an interrupted quote
                GoldAttribution("E1", "Attribution", ((1, 13), (28, 48)), ((15, 20),), ((21, 25),)),
                # defined before its text-bound annotations; content spills onto the next line
                GoldAttribution("E2", "Attribution", ((68, 88),), ((50, 55),), ((56, 62),)),
                GoldAttribution("E3", "Attribution-no-source", ((105, 124),), (), ((93, 104),)),
                # no content at all: kept by the loader, dropped by the scorer
                GoldAttribution("E4", "Attribution-no-source", (), (), ()),
            ),
        ),
        (
            "article-b",
            (
                GoldAttribution("E1", "Attribution", ((11, 25),), ((0, 5),), ((6, 10),)),
                # Content and Content2 both count as content
                GoldAttribution(
                    "E2", "Attribution", ((27, 39), (51, 60)), ((40, 43),), ((44, 49),)
                ),
            ),
        ),
    ],
)
def test_attributions(
    docs: dict[str, tuple[str, str, tuple[GoldAttribution, ...]]],
    doc: str,
    expected: tuple[GoldAttribution, ...],
) -> None:
    assert docs[doc][2] == expected


@pytest.mark.parametrize(
    ("doc", "event", "role", "covered"),
    [
        ("article-a", 0, "content", ["We will win,", "and we will win big."]),
        ("article-a", 0, "source", ["Smith"]),
        ("article-a", 1, "content", ["taxes\nThey must fall"]),
        ("article-a", 2, "cue", ["is believed"]),
        ("article-b", 1, "content", ["It is cheap,", "and fast."]),
    ],
)
def test_offsets_are_str_offsets(
    docs: dict[str, tuple[str, str, tuple[GoldAttribution, ...]]],
    doc: str,
    event: int,
    role: str,
    covered: list[str],
) -> None:
    text, _, attributions = docs[doc]
    spans = getattr(attributions[event], role)
    assert [text[start:end] for start, end in spans] == covered


TEXT = "Ann said it rained.\nThen it stopped."


@pytest.mark.parametrize(
    ("ann", "expected_content"),
    [
        # no final newline
        ("T1\tContent 9 18\tit rained\nE1\tAttribution:T1 Content:T1", ((9, 18),)),
        # spilled text whose second line starts with "T" but is no record
        ("T1\tContent 9 24\tit rained.\nThen\nE1\tAttribution:T1 Content:T1\n", ((9, 24),)),
        # an empty spilled line (a blank line inside the span)
        ("T1\tContent 0 3\tAnn\nE1\tAttribution:T1 Content:T1\n\n", ((0, 3),)),
        # notes, attributes, relations, normalisations and other events are ignored
        (
            "T1\tContent 0 3\tAnn\n#1\tAnnotatorNotes T1\tnote\nA1\tUncertain E1\n"
            "R1\tLink Arg1:T1 Arg2:T1\nN1\tReference T1 db:1\tAnn\nE2\tOther:T1\n"
            "E1\tAttribution:T1 Content:T1\n",
            ((0, 3),),
        ),
    ],
)
def test_parse_ann_quirks(ann: str, expected_content: tuple[tuple[int, int], ...]) -> None:
    (attribution,) = parse_ann(ann, TEXT)
    assert attribution.content == expected_content


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tContent 9\tit\n", "line 1: malformed text-bound annotation"),
        ("T1\tContent 30 40\tx\n", "line 1: span 30 40 outside the text"),
        ("T1\tContent 0 3\tBob\n", "line 1: recorded text 'Bob' differs"),
        ("T1\tContent 0 3\tAnn\nE1\tAttribution:T1 Speaker:T1\n", "line 2: unknown role 'Speaker'"),
        ("E1\tAttribution:T1 Content:T9\n", "line 1: E1 refers to unknown annotation 'T9'"),
        ("stray\nT1\tContent 0 3\tAnn\n", "line 1: text before the first brat record"),
    ],
)
def test_parse_ann_errors(ann: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_ann(ann, TEXT)


def _split(root: Path, texts: dict[str, str], anns: dict[str, str]) -> Path:
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir()
    for name, content in texts.items():
        (root / "dev" / "text" / name).write_bytes(content.encode())
    for name, content in anns.items():
        # surrogateescape turns "\udcff" into the byte 0xff, which is not UTF-8
        raw = content.encode("utf-8", "surrogateescape")
        (root / "dev" / "attributions" / name).write_bytes(raw)
    return root


def test_crlf_text_keeps_offsets(tmp_path: Path) -> None:
    root = _split(tmp_path, {"a.txt": "x\r\nAnn"}, {"a_x.ann": "T1\tContent 3 6\tAnn\n"})
    (doc,) = load_polnear(root, "dev")
    assert doc.text == "x\r\nAnn"


@pytest.mark.parametrize(
    ("texts", "anns", "split", "error", "message"),
    [
        (
            {},
            {},
            "test",
            FileNotFoundError,
            r"split folder not found: .*test \(splits in .*: dev\)",
        ),
        ({}, {}, "dev", ValueError, r"no PolNeAR articles \(\*\.txt\) in .*text"),
        ({"a.txt": "x", "b.txt": "y"}, {"a_1.ann": ""}, "dev", ValueError, r"no \.ann .* for b"),
        ({"a.txt": "x"}, {"a_1.ann": "", "c_1.ann": ""}, "dev", ValueError, r"no \.txt .* for c"),
        ({"a.txt": "x"}, {"a.ann": ""}, "dev", ValueError, r"a\.ann: expected a name"),
        ({"a.txt": "x"}, {"a_1.ann": "T1\tCue 0 5\tx"}, "dev", ValueError, r"a_1\.ann: line 1"),
        ({"a.txt": "x"}, {"a_1.ann": "\udcff"}, "dev", ValueError, r"a_1\.ann: not UTF-8"),
    ],
)
def test_folder_errors_name_the_path(
    tmp_path: Path,
    texts: dict[str, str],
    anns: dict[str, str],
    split: str,
    error: type[Exception],
    message: str,
) -> None:
    root = _split(tmp_path, texts, anns)
    with pytest.raises(error, match=message):
        load_polnear(root, split)


def test_missing_corpus_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"PolNeAR folder not found: .*nowhere"):
        load_polnear(tmp_path / "nowhere", "dev")


def test_missing_attributions_folder(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match=r"folder not found: .*dev.attributions"):
        load_polnear(tmp_path, "dev")
