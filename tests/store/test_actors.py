"""Actors across articles: names written alone decided by the corpus (surnames joined when it
allows), types by majority, bare institutional nouns kept apart, and the same result whatever
order the articles come in."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text

from presslens.records import Actor, ActorType, Article, Metadata, Quote, Source, Span
from presslens.store import Store

ActorSpec = tuple[str, ActorType, list[str]]  # name, type, mention texts (the first one quoted)


def _article(body: str, actors: list[ActorSpec]) -> Article:
    """An article whose actors are named as given; each actor speaks once, as its first
    mention ("“Yes,” said X.")."""
    text, built, quotes = body, [], []
    for i, (name, kind, mentions) in enumerate(actors, 1):
        spans = []
        for n, mention in enumerate(mentions):
            part = f" “Q{i}.{n},” said {mention}." if n == 0 else f" {mention} agreed."
            text += part
            start = len(text) - len(part) + part.index(mention)
            spans.append(Span(start, start + len(mention), mention))
        content_start = spans[0].start - len(f"“Q{i}.0,” said ") - 0
        content = Span(content_start, content_start + len(f"“Q{i}.0,”"), f"“Q{i}.0,”")
        built.append(Actor(f"a{i}", name, kind, tuple(spans), (), ()))
        quotes.append(Quote("direct", (content,), speaker=spans[0], actor=f"a{i}"))
    digest = format(abs(hash(text)), "064x")[:64]
    return Article(
        text, Metadata(title="t"), Source("text", digest, len(text)), actors=tuple(built),
        quotes=tuple(quotes),
    )  # fmt: skip


DONALD = _article("A.", [("Donald Trump", "person", ["Donald Trump", "Trump"])])
AGAIN = _article("D.", [("Donald Trump", "person", ["Donald Trump"])])  # a second full name
BARE = _article("B.", [("Trump", "person", ["Trump", "Trump"])])
IVANKA = _article("C.", [("Ivanka Trump", "person", ["Ivanka Trump"])])


def _state(store: Store) -> list[tuple[str, str, tuple[tuple[str, int], ...], int]]:
    """Each actor that holds mentions: name, type, its mentions (source, offset), its quotes.
    No ids, so two stores built in different orders compare equal."""
    engine = create_engine(store.url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.id, a.name, a.type, r.source, m.start FROM actors a "
                "JOIN mentions m ON m.actor_id = a.id JOIN articles r ON r.id = m.article_id"
            )
        ).all()
        quoted = dict(
            connection.execute(
                text("SELECT actor_id, count(*) FROM quotes GROUP BY actor_id")
            ).all()
        )
    engine.dispose()
    actors: dict[int, tuple[str, str, list[tuple[str, int]]]] = {}
    for actor_id, name, kind, source, start in rows:
        actors.setdefault(actor_id, (name, kind, []))[2].append((source, start))
    return sorted(
        (name, kind, tuple(sorted(spans)), quoted.get(actor_id, 0))
        for actor_id, (name, kind, spans) in actors.items()
    )


def _speakers(store: Store) -> list[tuple[str, int]]:
    return sorted((row.name, row.quotes) for row in store.speakers())


@pytest.mark.parametrize("order", list(itertools.permutations([DONALD, AGAIN, BARE])))
def test_a_surname_joins_the_one_full_name_in_any_order(
    store: Store, order: tuple[Article, ...]
) -> None:
    for article in order:
        store.add(article, f"{article.text[0]}.txt")
    [row] = store.speakers()
    assert (row.name, row.type, row.quotes, row.articles) == ("Donald Trump", "person", 3, 3)
    assert set(row.names) == {"Donald Trump", "Trump"}
    assert [name for _, name, _ in store.find_actors("Trump")] == ["Donald Trump"]


def test_a_full_name_given_in_one_article_only_takes_no_surname(store: Store) -> None:
    store.add(DONALD, "a.txt")
    store.add(BARE, "b.txt")
    assert _speakers(store) == [("Donald Trump", 1), ("Trump", 1)]


def test_a_second_full_name_makes_the_surname_ambiguous_in_any_order(store_db: str) -> None:
    states = []
    for order in itertools.permutations([DONALD, AGAIN, BARE, IVANKA]):
        with Store(store_db) as store:
            _empty(store)
            for article in order:
                store.add(article, f"{article.text[0]}.txt")
            states.append(_speakers(store))
    assert states[0] == [("Donald Trump", 2), ("Ivanka Trump", 1), ("Trump", 1)]
    assert all(state == states[0] for state in states)


def _empty(store: Store) -> None:
    engine = create_engine(store.url)
    with engine.begin() as connection:
        for table in ("quote_spans", "quotes", "mentions", "affiliations", "claims"):
            connection.execute(text(f"DELETE FROM {table}"))
        for table in ("actor_types", "actor_names", "actors", "articles"):
            connection.execute(text(f"DELETE FROM {table}"))
    engine.dispose()


def test_joining_surnames_can_be_switched_off_and_on(store_db: str) -> None:
    with Store(store_db, join_surnames=False) as store:
        store.add(DONALD, "d.txt")
        store.add(AGAIN, "e.txt")
        store.add(BARE, "b.txt")
        assert _speakers(store) == [("Donald Trump", 2), ("Trump", 1)]
    with Store(store_db) as store:  # the default joins them, for the whole store
        assert _speakers(store) == [("Donald Trump", 3)]
    with Store(store_db, join_surnames=False) as store:
        assert _speakers(store) == [("Donald Trump", 2), ("Trump", 1)]


def test_the_majority_of_mentions_types_a_name_across_families(store: Store) -> None:
    store.add(_article("A.", [("Walter Reed", "organisation", ["Walter Reed"])]), "a.txt")
    store.add(
        _article("B.", [("Walter Reed", "person", ["Walter Reed", "Walter Reed", "Walter Reed"])]),
        "b.txt",
    )
    assert [(r.name, r.type, r.quotes) for r in store.speakers()] == [("Walter Reed", "person", 2)]


@pytest.mark.parametrize(
    ("person_mentions", "expected"),
    [
        # "Kyiv" the model took for a person, once: the city it names everywhere else
        (1, [("Kyiv", "place", ("p.txt", "s.txt"))]),
        # a bare "Kyiv" used more as a person than the place: kept apart ("Jordan", "Washington")
        (4, [("Kyiv", "person", ("s.txt",)), ("Kyiv", "place", ("p.txt",))]),
    ],
)
def test_a_bare_person_joins_the_same_name_place_only_as_the_minority(
    store_db: str, person_mentions: int, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    place = _article("P.", [("Kyiv", "place", ["Kyiv", "Kyiv"])])
    person = _article("S.", [("Kyiv", "person", ["Kyiv"] * person_mentions)])
    for order in ((place, person), (person, place)):
        with Store(store_db) as store:
            _empty(store)
            for article in order:
                store.add(article, "p.txt" if article is place else "s.txt")
            state = [
                (n, k, tuple(sorted({s for s, _ in spans}))) for n, k, spans, _ in _state(store)
            ]
        assert state == expected


def test_bare_institutional_nouns_stay_their_articles(store: Store) -> None:
    for n in range(2):
        store.add(_article(f"{n}.", [("Senate", "government_body", ["Senate"])]), f"s{n}.txt")
        store.add(_article(f"{n}!", [("US Senate", "government_body", ["US Senate"])]), f"u{n}.txt")
    assert _speakers(store) == [("Senate", 1), ("Senate", 1), ("US Senate", 2)]
    assert len(store.find_actors("Senate")) == 0  # no corpus name: an article's own
    assert len(store.find_actors("US Senate")) == 1


def test_a_surname_its_own_article_gives_two_people_joins_nobody(store: Store) -> None:
    family = _article(
        "F.",
        [
            ("Joe Biden", "person", ["Joe Biden"]),
            ("Hunter Biden", "person", ["Hunter Biden"]),
            ("Biden", "person", ["Biden"]),
        ],
    )
    store.add(family, "f.txt")
    store.add(_article("J.", [("Joe Biden", "person", ["Joe Biden"])]), "j.txt")
    assert _speakers(store) == [("Biden", 1), ("Hunter Biden", 1), ("Joe Biden", 2)]


def test_replacing_an_article_takes_the_decision_again(store: Store) -> None:
    store.add(DONALD, "d.txt")
    store.add(AGAIN, "e.txt")
    store.add(BARE, "b.txt")
    store.add(IVANKA, "c.txt")
    assert ("Trump", 1) in _speakers(store)
    other = _article(
        "C.",
        [("Ivanka Smith", "person", ["Ivanka Smith"]), ("Senate", "government_body", ["Senate"])],
    )
    store.add(other, "c.txt")  # the same source, analysed again: no Ivanka Trump any more
    assert _speakers(store) == [("Donald Trump", 3), ("Ivanka Smith", 1), ("Senate", 1)]
    store.add(other, "c.txt")
    engine = create_engine(store.url)
    with engine.connect() as connection:
        local = connection.execute(text("SELECT count(*) FROM actors WHERE key LIKE 'local:%'"))
        assert local.scalar() == 1  # the replaced version's own actor went with it
    engine.dispose()


def test_rebuilding_gives_the_same_actors(store: Store) -> None:
    for n, article in enumerate([BARE, IVANKA, DONALD, AGAIN]):
        store.add(article, f"{n}.txt")
    store.add(_article("K.", [("Kyiv", "place", ["Kyiv", "Kyiv"])]), "k.txt")
    store.add(_article("L.", [("Kyiv", "person", ["Kyiv"])]), "l.txt")
    before = _state(store)
    store.rebuild_actors()
    assert _state(store) == before


def test_a_bare_name_typed_an_organisation_follows_the_person_majority(store_db: str) -> None:
    mislabelled = _article("O.", [("Trump", "organisation", ["Trump"])])  # 1 against 2
    states = []
    for order in itertools.permutations([DONALD, AGAIN, BARE, mislabelled]):
        with Store(store_db) as store:
            _empty(store)
            for article in order:
                store.add(article, f"{article.text[0]}.txt")
            states.append(_state(store))
    assert all(state == states[0] for state in states)
    [(name, kind, spans, quotes)] = states[0]
    assert (name, kind, len(spans), quotes) == ("Donald Trump", "person", 6, 4)
    with Store(store_db) as store:
        assert [name for _, name, _ in store.find_actors("Trump")] == ["Donald Trump"]


def test_an_actor_merged_away_mid_article_leaves_no_row_pointing_at_it(store: Store) -> None:
    """The article's second actor names two stored actors at once, so they merge, and the
    first actor had just been stored into the one merged away: its mentions and quote must
    follow it to the survivor."""
    store.add(_article("A.", [("European Union", "organisation", ["European Union"])]), "eu")
    store.add(_article("B.", [("Brussels bloc", "organisation", ["Brussels bloc"])]), "bloc")
    both = _article(
        "C.",
        [
            ("Brussels bloc", "organisation", ["Brussels bloc"]),
            ("European Union", "organisation", ["European Union"]),
        ],
    )
    second = both.actors[1]
    bridged = Actor(second.id, second.name, second.type, second.mentions, ("Brussels bloc",), ())
    store.add(replace(both, actors=(both.actors[0], bridged)), "both")
    engine = create_engine(store.url)
    with engine.connect() as connection:
        dangling = [
            connection.execute(
                text(
                    f"SELECT count(*) FROM {table} t LEFT JOIN actors a ON a.id = t.actor_id "
                    "WHERE t.actor_id IS NOT NULL AND a.id IS NULL"
                )
            ).scalar_one()
            for table in ("mentions", "quotes")
        ]
        actors = connection.execute(text("SELECT count(*) FROM actors")).scalar_one()
    engine.dispose()
    assert dangling == [0, 0]
    assert actors == 1  # one actor, every mention and quote of the three articles on it
    assert _speakers(store) == [("European Union", 4)]
