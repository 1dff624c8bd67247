"""The store: one row per actor across articles, resumable writes, speaker counts, clear errors."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from presslens.errors import StoreError
from presslens.records import Actor, ActorType, Article, Metadata, Quote, Source, Span
from presslens.stages.actors.aliases import AliasFile, AliasRule
from presslens.store import Store
from presslens.store.session import database_url


def _span(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), part)


def _article(
    text: str,
    actors: list[tuple[str, ActorType, tuple[str, ...], list[str]]],
    quotes: list[tuple[str, str, str | None]],
    *,
    day: str | None = None,
    outlet: str | None = None,
) -> Article:
    """actors: (name, type, aliases, mention texts); quotes: (content, speaker, actor name)."""
    built = tuple(
        Actor(
            f"a{i}",
            name,
            kind,
            tuple(_span(text, m) for m in mentions),
            aliases,
            (),
        )
        for i, (name, kind, aliases, mentions) in enumerate(actors, 1)
    )
    ids = {actor.name: actor.id for actor in built}
    records = tuple(
        Quote(
            "direct",
            (_span(text, content),),
            speaker=_span(text, speaker),
            actor=ids.get(actor) if actor else None,
        )
        for content, speaker, actor in quotes
    )
    digest = format(abs(hash(text)), "064x")[:64]
    return Article(
        text,
        Metadata(title="t", date=day, outlet=outlet),
        Source("text", digest, len(text)),
        actors=built,
        quotes=records,
    )


FULL = "National Council of Resistance of Iran"
ONE = _article(
    f"The {FULL} (NCRI) said: “Enough.”",
    [(FULL, "organisation", ("NCRI",), [FULL, "NCRI"])],
    [("“Enough.”", FULL, FULL)],
    day="2024-03-01",
    outlet="Daily A",
)
TWO = _article(
    "“Again,” the NCRI wrote. “No,” said Sadr.",
    [("NCRI", "organisation", (), ["NCRI"]), ("Sadr", "person", (), ["Sadr"])],
    [("“Again,”", "NCRI", "NCRI"), ("“No,”", "Sadr", "Sadr")],
    day="2024-04-15T09:30:00",
    outlet="Daily B",
)


def test_acronym_and_full_name_are_one_speaker(store: Store) -> None:
    store.add(ONE, "one.txt")
    store.add(TWO, "two.txt")
    rows = store.speakers()
    assert [(r.name, r.quotes, r.articles) for r in rows] == [(FULL, 2, 2), ("Sadr", 1, 1)]
    assert set(rows[0].names) == {FULL, "NCRI"}
    assert (rows[0].first, rows[0].last) == ("2024-03-01", "2024-04-15T09:30:00")


def test_an_article_that_links_two_actors_merges_them(store: Store) -> None:
    acronym_only = _article(
        "“Yes,” the NCRI said.", [("NCRI", "group", (), ["NCRI"])], [("“Yes,”", "NCRI", "NCRI")]
    )
    name_only = _article(
        f"“Maybe,” the {FULL} said.",
        [(FULL, "organisation", (), [FULL])],
        [("“Maybe,”", FULL, FULL)],
    )
    store.add(acronym_only, "a.txt")
    store.add(name_only, "b.txt")
    assert len(store.speakers()) == 2
    store.add(ONE, "c.txt")
    rows = store.speakers()
    assert [(r.name, r.quotes, r.articles) for r in rows] == [(FULL, 3, 3)]


def test_people_sharing_a_surname_stay_apart(store: Store) -> None:
    for i, first in enumerate(("Ali", "Reza")):
        text = f"“Hi,” said {first} Sadr."
        name = f"{first} Sadr"
        store.add(
            _article(text, [(name, "person", ("Sadr",), [name])], [("“Hi,”", name, name)]),
            f"{i}.txt",
        )
    assert sorted(r.name for r in store.speakers()) == ["Ali Sadr", "Reza Sadr"]


def test_user_alias_rules_merge_what_text_cannot(store_db: str) -> None:
    rules = AliasFile(aliases=(AliasRule(canonical=FULL, aliases=("Iranian Resistance",)),))
    resistance = _article(
        "“Free Iran,” the Iranian Resistance said.",
        [("Iranian Resistance", "organisation", (), ["Iranian Resistance"])],
        [("“Free Iran,”", "Iranian Resistance", "Iranian Resistance")],
    )
    with Store(store_db, aliases=rules) as store:
        store.add(resistance, "r.txt")
        store.add(ONE, "one.txt")
        rows = store.speakers()
    assert [(r.name, r.quotes) for r in rows] == [(FULL, 2)]
    assert set(rows[0].names) == {FULL, "NCRI", "Iranian Resistance"}


def test_filters(store: Store) -> None:
    store.add(ONE, "one.txt")
    store.add(TWO, "two.txt")
    assert [r.quotes for r in store.speakers(since=date(2024, 4, 1))] == [1, 1]
    assert [r.quotes for r in store.speakers(until=date(2024, 3, 31))] == [1]
    assert [r.quotes for r in store.speakers(until=date(2024, 4, 15))] == [2, 1]
    assert [r.name for r in store.speakers(outlet="Daily B", actor_type="person")] == ["Sadr"]
    assert [r.name for r in store.speakers(actor_type="government_body")] == [FULL]
    assert [r.name for r in store.speakers(limit=1)] == [FULL]


def test_timeline_counts_every_name_together(store: Store) -> None:
    store.add(ONE, "one.txt")
    store.add(TWO, "two.txt")
    store.add(_article("The NCRI met.", [("NCRI", "organisation", (), ["NCRI"])], []), "u.txt")
    [(actor_id, name, _)] = store.find_actors("ncri")
    assert name == FULL
    assert store.find_actors("the National Council of Resistance of Iran’s")[0][0] == actor_id
    assert store.find_actors("nobody") == []
    rows = store.timeline(actor_id)
    assert [(r.period, r.quotes, r.mentions, r.articles) for r in rows] == [
        ("2024-03", 1, 2, 1),
        ("2024-04", 1, 1, 1),
        (None, 0, 1, 1),
    ]
    assert [r.period for r in store.timeline(actor_id, by="year")] == ["2024", None]


def test_storing_again_replaces_and_keeps_the_record(store: Store) -> None:
    store.add(ONE, "one.txt")
    store.add(ONE, "one.txt")
    assert store.count() == 1
    assert [r.quotes for r in store.speakers()] == [1]
    assert store.article("one.txt") == ONE
    assert store.article("nope.txt") is None
    assert store.sources() == {"one.txt"}
    assert store.source_of(ONE.source.sha256) == "one.txt"


def test_failures_are_kept_until_stored(store: Store) -> None:
    store.add_failure("one.txt", "the input is empty")
    assert store.failures() == [("one.txt", "the input is empty")]
    store.add(ONE, "one.txt")
    assert store.failures() == []


def test_unattributed_quotes_are_counted(store: Store) -> None:
    text = "“Who?” someone asked."
    store.add(_article(text, [], [("“Who?”", "someone", None)]), "x.txt")
    assert store.speakers() == []
    assert store.unattributed_quotes() == 1


def test_reopening_keeps_the_data(store_db: str) -> None:
    with Store(store_db) as store:
        store.add(ONE, "one.txt")
    with Store(store_db, create=False) as again:
        assert again.count() == 1


def test_missing_store_is_an_error_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no presslens store"):
        Store(tmp_path / "none.db", create=False)


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE users (id INTEGER)")
    with pytest.raises(StoreError, match="other tables"):
        Store(path)


def test_a_store_from_a_newer_presslens_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="written by a newer presslens"):
        Store(path)


def test_an_unknown_unversioned_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.db"
    Store(path).close()
    with sqlite3.connect(path) as con:
        con.execute("DROP TABLE alembic_version")
        con.execute("UPDATE store_meta SET value = '0'")
    with pytest.raises(StoreError, match="schema version 0 is unknown"):
        Store(path)


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("nosuchdb://x/y", "no driver"),
        ("/no/such/folder/c.db", "does not exist"),
        ("nosuchdb://me:secret@host/y", "no driver"),
        ("not a url://", "not a database URL"),
    ],
)
def test_bad_stores_give_one_clear_error(db: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        Store(db)
    assert "secret" not in str(info.value)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not SQLite" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(path)


def test_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert database_url(tmp_path / "c.db") == f"sqlite:///{tmp_path / 'c.db'}"
    monkeypatch.setenv("PRESSLENS_DB", str(tmp_path / "env.db"))
    assert database_url(None) == f"sqlite:///{tmp_path / 'env.db'}"


def test_long_untrusted_values_are_stored(store: Store) -> None:
    name = "Grand " * 120 + "Council"
    text = f"“Yes,” said the {name}. " + "x" * 3000
    long_one = _article(
        text,
        [(name, "organisation", (), [name])],
        [("“Yes,”", name, name)],
        outlet="O" * 2000,
        day="2024-01-01T00:00:00.000000+00:00 (and a long tail of text)",
    )
    store.add(long_one, "https://example.org/" + "a" * 2000)
    [row] = store.speakers()
    assert row.name == name
    with pytest.raises(StoreError, match="over 2048"):
        store.add(long_one, "https://example.org/" + "a" * 3000)


def test_a_quote_without_content_is_skipped(store: Store) -> None:
    empty = Quote("indirect", ())
    store.add(replace(ONE, quotes=(*ONE.quotes, empty)), "one.txt")
    assert [r.quotes for r in store.speakers()] == [1]
    assert store.unattributed_quotes() == 0


def test_lists_keep_to_speech_and_writing_unless_asked(store: Store) -> None:
    text = "“Enough,” Sadr said. Sadr believes the talks will fail. “Soon,” Sadr wrote."
    said, believed, wrote = (
        _span(text, "“Enough,”"),
        _span(text, "the talks will fail"),
        _span(text, "“Soon,”"),
    )
    article = _article(text, [("Sadr", "person", (), ["Sadr"])], [])
    quotes = tuple(
        Quote(kind, (content,), speaker=_span(text, "Sadr", n), actor="a1", cue_type=cue)
        for kind, content, n, cue in (
            ("direct", said, 0, "speech"),
            ("indirect", believed, 1, "belief"),
            ("direct", wrote, 2, "writing"),
        )
    )
    store.add(replace(article, quotes=quotes), "x.txt")
    [row] = store.speakers()
    assert row.quotes == 2  # what Sadr said and wrote
    [every] = store.speakers(cue_types=None)
    assert every.quotes == 3
    assert {q.content for q in store.quotes()} == {"“Enough,”", "“Soon,”"}
    assert len(store.quotes(cue_types=None)) == 3
    assert len(store.quotes_of(row.actor_id)) == 2
    assert len(store.quotes_of(row.actor_id, cue_types=("belief",))) == 1
