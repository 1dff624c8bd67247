"""Search, quotations and filters on the store, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest
from sample_corpus import FULL, add_sample_corpus

from presslens.errors import QueryError
from presslens.store import Filters, Store
from presslens.store.queries import MARK_END, MARK_START, mark


@pytest.fixture
def corpus(store: Store) -> Store:
    add_sample_corpus(store)
    return store


def _sources(store: Store, **filters: object) -> list[str]:
    return [hit.source for hit in store.search(Filters(**filters))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("sanctions", ["a1.txt", "a2.txt"]),  # stemmed: "Sanctioned"; the title hit ranks first
        ("SANCTIONS iran", ["a1.txt"]),
        ('"maximum pressure"', ["a3.txt"]),
        ('"pressure analysts"', []),
        ("embargo OR umbrella", ["a2.txt", "a4.txt"]),
        ("sanction* -oil", ["a2.txt"]),
        ("sanction* NOT (oil OR banks)", []),
        ("pressur*", ["a3.txt"]),
        ("(embargo OR pressure) AND works", ["a3.txt"]),
        ("nothing-here-at-all", []),
    ],
)
def test_search(corpus: Store, query: str, found: list[str]) -> None:
    assert sorted(_sources(corpus, query=query)) == sorted(found)


def test_best_match_first_with_a_marked_passage(corpus: Store) -> None:
    hits = corpus.search(Filters(query="sanctions"))
    assert [(h.rank, h.source) for h in hits] == [(1, "a1.txt"), (2, "a2.txt")]
    assert hits[0].score >= hits[1].score
    assert MARK_START in hits[0].snippet and MARK_END in hits[0].snippet
    assert "«sanctions»" in mark(hits[0].snippet, "«", "»")
    first = hits[0]
    assert (first.title, first.outlet, first.date, first.genre) == (
        "Sanctions on Iran stay",
        "Daily A",
        "2024-03-01",
        "news",
    )


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        ({"outlet": "Daily A"}, ["a1.txt", "a3.txt"]),
        ({"outlet": "daily a"}, []),
        ({"genre": "opinion"}, ["a2.txt"]),
        ({"since": date(2024, 4, 1)}, ["a2.txt"]),
        ({"until": date(2024, 3, 31)}, ["a1.txt", "a4.txt"]),
        ({"until": date(2024, 4, 15)}, ["a1.txt", "a2.txt", "a4.txt"]),  # a time that day counts
        ({"since": date(2024, 1, 1), "until": date(2024, 3, 1)}, ["a1.txt"]),
        ({"outlet": "Daily A", "genre": "analysis"}, ["a3.txt"]),
        ({"speaker": "NCRI"}, ["a1.txt", "a2.txt"]),
        ({"speaker": f"the {FULL}’s"}, ["a1.txt", "a2.txt"]),
        ({"speaker": "Ali Sadr"}, ["a2.txt", "a3.txt"]),  # quoted as "Sadr" in a3
        ({"speaker": "Nobody"}, []),
        ({"technique": "Loaded_Language"}, ["a1.txt"]),
        ({"technique": "loaded language"}, ["a1.txt"]),
        ({"technique": "FLAG-WAVING"}, ["a2.txt"]),
        ({"technique": "Doubt"}, []),
    ],
)
def test_search_filters(corpus: Store, filters: dict[str, object], found: list[str]) -> None:
    query = "sanction* OR pressure OR umbrella"
    assert sorted(_sources(corpus, query=query, **filters)) == found


def test_pages(corpus: Store) -> None:
    query = Filters(query="sanction* OR pressure OR umbrella")
    everything = [h.source for h in corpus.search(query)]
    assert len(everything) == 4
    first = corpus.search(query, limit=2)
    rest = corpus.search(query, limit=2, offset=2)
    assert [h.source for h in first + rest] == everything
    assert [h.rank for h in rest] == [3, 4]
    assert corpus.search(query, offset=4) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NOT",
        "NOT sanctions",
        "'); DROP TABLE articles; --",
        "x'; DROP TABLE articles; --",
        'sanctions" OR 1=1 --',
        "sanctions ) OR ( 1",
        "a" * 2000,
        " ".join(["sanctions"] * 60),
        "\x00\ue000\ud800",
        "NEAR(sanctions iran) title:iran ^sanctions {title}: iran",
    ],
)
def test_hostile_queries_refused_or_answered(corpus: Store, query: str) -> None:
    try:
        hits = corpus.search(Filters(query=query))
    except QueryError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(h.source in {"a1.txt", "a2.txt", "a3.txt", "a4.txt"} for h in hits)
    assert corpus.count() == 4  # the tables are all still there
    assert len(corpus.quotes()) == 5


def test_search_needs_a_query(corpus: Store) -> None:
    with pytest.raises(QueryError, match="nothing to search for"):
        corpus.search(Filters(outlet="Daily A"))


def test_quotes_of_a_speaker_under_any_name(corpus: Store) -> None:
    by_acronym = corpus.quotes(Filters(speaker="NCRI"))
    assert [(q.source, q.speaker, q.actor) for q in by_acronym] == [
        ("a1.txt", FULL, FULL),
        ("a2.txt", "NCRI", FULL),
    ]
    assert corpus.quotes(Filters(speaker=FULL)) == by_acronym
    sadr = corpus.quotes(Filters(speaker="Ali Sadr"))
    assert [(q.source, q.speaker, q.role) for q in sadr] == [
        ("a2.txt", "Ali Sadr", "the foreign minister"),
        ("a3.txt", "Sadr", None),  # undated: last
    ]
    assert sadr[0].cue == "said" and sadr[0].kind == "direct" and sadr[0].confidence == 0.9


def test_quotes_in_date_order_undated_last(corpus: Store) -> None:
    rows = corpus.quotes()
    assert [q.source for q in rows] == ["a4.txt", "a1.txt", "a2.txt", "a2.txt", "a3.txt"]
    assert rows[0].actor is None and rows[0].speaker == "someone"
    assert [q.content for q in rows[2:4]] == [
        "“Again the embargo hurts families,”",
        "“No deal without inspections,”",
    ]
    assert all(q.snippet is None and q.score is None for q in rows)


@pytest.mark.parametrize(
    ("filters", "about", "found"),
    [
        ({}, "embargo", ["“Again the embargo hurts families,”"]),
        ({}, "sanctions", ["“The sanctions must stay in place.”"]),  # quotes only, not bodies
        ({}, "banks", []),
        ({"speaker": "Ali Sadr"}, "pressure OR inspections", None),
        ({"outlet": "Daily A"}, "pressure OR inspections", ["“Pressure works when it is shared,”"]),
        (
            {"since": date(2024, 1, 1)},
            "pressure OR inspections",
            ["“No deal without inspections,”"],
        ),
    ],
)
def test_quotes_about(
    corpus: Store, filters: dict[str, object], about: str, found: list[str] | None
) -> None:
    rows = corpus.quotes(Filters(**filters), about=about)  # type: ignore[arg-type]
    if found is None:
        assert len(rows) == 2
        return
    assert [q.content for q in rows] == found
    for row in rows:
        assert row.snippet is not None and MARK_START in row.snippet
        assert row.score is not None


def test_quotes_about_within_a_search(corpus: Store) -> None:
    rows = corpus.quotes(Filters(query="banks"), about="embargo OR inspections")
    assert [q.source for q in rows] == ["a2.txt", "a2.txt"]
    assert corpus.quotes(Filters(query="umbrella"), about="embargo") == []


def test_quote_pages(corpus: Store) -> None:
    everything = corpus.quotes()
    assert corpus.quotes(limit=2) + corpus.quotes(limit=2, offset=2) == everything[:4]
    assert corpus.quotes(offset=5) == []


def test_technique_names(corpus: Store) -> None:
    assert corpus.technique_names() == [
        ("Flag-Waving", "Flag-waving"),
        ("Loaded_Language", "Loaded language"),
    ]


def test_a_read_only_store_searches(corpus: Store, store_db: str) -> None:
    with Store(store_db, readonly=True) as readonly:
        assert [h.source for h in readonly.search(Filters(query="embargo"))] == ["a2.txt"]
        assert len(readonly.quotes(about="embargo")) == 1
