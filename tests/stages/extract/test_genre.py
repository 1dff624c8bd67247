import pytest

from presslens.stages.extract import GenreSignals, detect_genre, split_title_outlet, split_title_tag


@pytest.mark.parametrize(
    ("title", "clean", "genre"),
    [
        ("Tehran’s Fear Of Diplomacy – OpEd", "Tehran’s Fear Of Diplomacy", "opinion"),
        ("Tehran's Fear - Op-Ed", "Tehran's Fear", "opinion"),
        ("Opinion | The Senate Got It Wrong", "The Senate Got It Wrong", "opinion"),
        ("Opinion: The Senate Got It Wrong", "The Senate Got It Wrong", "opinion"),
        ("Analysis: Why the talks stalled", "Why the talks stalled", "analysis"),
        ("Why the talks stalled (Analysis)", "Why the talks stalled", "analysis"),
        ("Editorial: Fund the libraries", "Fund the libraries", "opinion"),
        ("The opinion polls were wrong", "The opinion polls were wrong", None),
        ("Post-analysis of the vote", "Post-analysis of the vote", None),
        ("Opinion", "Opinion", None),
        (None, None, None),
    ],
)
def test_split_title_tag(title: str | None, clean: str | None, genre: str | None) -> None:
    assert split_title_tag(title)[:2] == (clean, genre)


@pytest.mark.parametrize(
    ("signals", "genre"),
    [
        (GenreSignals(title="Budget passes – OpEd", schema_types=["NewsArticle"]), "opinion"),
        (GenreSignals(schema_types=["OpinionNewsArticle"]), "opinion"),
        (GenreSignals(title="Headline", other_titles=["Opinion | Headline - Site"]), "opinion"),
        (GenreSignals(schema_types=["AnalysisNewsArticle"]), "analysis"),
        (GenreSignals(sections=["Opinion"]), "opinion"),
        (GenreSignals(sections=["World", "Columnists"]), "opinion"),
        (GenreSignals(url="https://example.org/opinion/2024/05/cheap-shipping"), "opinion"),
        (GenreSignals(url="https://example.org/news/analysis/vote-count"), "analysis"),
        (GenreSignals(url="https://example.org/opinion-polls-were-wrong"), "other"),
        (GenreSignals(has_bio_line=True), "opinion"),
        (GenreSignals(schema_types=["NewsArticle"], has_bio_line=False), "news"),
        (GenreSignals(has_dateline=True), "news"),
        (GenreSignals(page_type="article"), "news"),
        (GenreSignals(), "other"),
    ],
)
def test_detect_genre(signals: GenreSignals, genre: str) -> None:
    assert detect_genre(signals)[0] == genre


def test_detect_genre_names_its_evidence() -> None:
    assert detect_genre(GenreSignals(title="X – OpEd"))[1] == "title tag 'OpEd'"
    assert detect_genre(GenreSignals())[1] is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Attorney General investigates WeWork | VentureBeat",
            ("Attorney General investigates WeWork", "VentureBeat"),
        ),
        (
            "Storm hits coast | The Daily Record of Somewhere Far Away",
            ("Storm hits coast | The Daily Record of Somewhere Far Away", None),
        ),
        ("A plain title", ("A plain title", None)),
    ],
)
def test_split_title_outlet(title: str, expected: tuple[str, str | None]) -> None:
    assert split_title_outlet(title) == expected
