"""The corpus's actors: one row per actor across articles, whatever order the articles come in.

Each article's actors arrive with their corpus keys (:mod:`presslens.stages.actors.keys`):

* **Keyed actors** (full names, acronyms, named organisations and places) join the corpus actor
  holding any of their keys, looked up in every family ("Walter Reed" as a person in one
  article, an organisation in the next, is one actor); an article naming two existing actors by
  two of its keys merges them. The type is the majority of all mentions (``actor_types`` votes).
* **Bare names** — a person or organisation its article names by one word only ("Trump",
  "Reuters") — are stored under a ``bare:`` name, and their mentions and quotes carry that word
  (an organisation's also votes through its keyed actor). All rows of one word are with one
  actor; which is decided from everything stored, by the majority of the mentions of that word:

  1. when most are a person's ("Trump" typed an organisation in one article is outvoted by the
     articles that say "President Trump"): the one full-name person with that surname, when the
     corpus holds exactly one ("Donald Trump"), gives that full name in at least
     ``MIN_FULL_NAME_ARTICLES`` articles, and ``join_surnames`` is on; else an actor of their
     own, "Trump", which all such articles share;
  2. otherwise: the organisation or place of that name ("Kyiv" typed a person in one article
     joins Kyiv the city; "Jordan" the country keeps a bare "Jordan" even when "Michael Jordan"
     is in the corpus), or an actor of their own when there is none.

  The decision is taken again whenever an article changes what it depends on (a second
  "Ivanka Trump" makes "Trump" ambiguous: its mentions move back to their own actor), so the
  result depends on the set of articles stored, not on their order.
* **Actors without a key** (a bare "Senate", a surname its own article gives to two people)
  get a row of their own article (``local:<article>:<id>``) that never merges.

On PostgreSQL the actor part of each article's transaction takes an advisory lock, so that
concurrent ingests make their decisions one at a time.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from presslens.records import Actor, Article
from presslens.stages.actors.keys import (
    BARE_PREFIX,
    ActorNames,
    AliasIndex,
    family_variants,
    normalise_name,
)
from presslens.stages.actors.persons import surname_key
from presslens.store.models import (
    ActorName,
    ActorRow,
    ActorTypeRow,
    AffiliationRow,
    ArticleRow,
    ClaimRow,
    MentionRow,
    QuoteRow,
)

__all__ = [
    "LOCAL_PREFIX",
    "MIN_FULL_NAME_ARTICLES",
    "ArticleActors",
    "add_actors",
    "all_bare_names",
    "forget_article",
    "lock",
    "merge",
    "rebuild",
    "refresh_type",
    "sync_bare_names",
]

_ACTORS_LOCK = 0x61637472  # PostgreSQL advisory lock id for the corpus actors ("actr")
LOCAL_PREFIX = "local:"
"""Key prefix of an actor that is its article's own (``local:<article id>:<actor id>``)."""
MIN_FULL_NAME_ARTICLES = 2
"""In how many articles the corpus must give a person's full name before a bare surname joins
it. A writer drops the first name only for someone the readers know; on the 181 benchmark
pages, 7 of the 12 surnames that one article's full name would have taken were someone else
("Davis", a school basketball player, for the NBA's Anthony Davis), and none of the 4 joins
left by this condition were."""


@dataclass(slots=True)
class ArticleActors:
    """Where one article's actors went: store actor id and bare name by the article's actor id,
    and the bare names whose decision may have changed."""

    ids: dict[str, int] = field(default_factory=dict)
    bare: dict[str, str] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)


def lock(session: Session) -> None:
    """Serialise the corpus-actor work of concurrent writers (PostgreSQL; SQLite writers are
    serialised by ``BEGIN IMMEDIATE`` already)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(text(f"pg_advisory_xact_lock({_ACTORS_LOCK})")))


def add_actors(
    session: Session, article: Article, article_id: int, aliases: AliasIndex
) -> ArticleActors:
    """Store the actors and mentions of an article (its row already flushed)."""
    out = ArticleActors()
    named = [(actor, aliases.names_of(actor)) for actor in article.actors]
    # A surname the article also gives in full, yet did not link: ambiguous in the article.
    in_full = {s for _, names in named for s in names.surnames if s is not None}
    keyed: set[int] = set()
    moved: dict[int, int] = {}  # actors merged away during this article -> where they went
    for actor, names in named:
        bare = names.bare
        if names.keys:
            stored = _keyed_actor(session, names, out.touched, moved)
            keyed.add(stored)
            _add_vote(session, stored, actor.type, len(actor.mentions))
            if bare is not None:  # its rows go where the word's rows are; its votes stay here
                stored = _bare_name(session, bare, names.name, stored)
        elif bare is not None and bare not in in_full:
            stored = _bare_holder(session, bare, names)
        else:
            bare = None
            stored = _local_actor(session, article_id, actor)
            _add_vote(session, stored, actor.type, len(actor.mentions))
        out.ids[actor.id] = stored
        if bare is not None:
            out.bare[actor.id] = bare
            out.touched.add(bare)
    # An actor stored early in the loop may have been merged into another by a later one.
    out.ids = {local: _final(stored, moved) for local, stored in out.ids.items()}
    keyed = {_final(stored, moved) for stored in keyed}
    mentions = [
        {
            "article_id": article_id,
            "actor_id": out.ids[actor.id],
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "type": actor.type,
            "bare": out.bare.get(actor.id),
        }
        for actor in article.actors
        for m in actor.mentions
    ]
    if mentions:  # one executemany: the ORM's per-object flush costs more than the write
        session.execute(insert(MentionRow), mentions)
    session.flush()
    out.touched |= _surnames_of(session, keyed)
    refresh_types(session, set(out.ids.values()))
    return out


def forget_article(session: Session, article_id: int, aliases: AliasIndex) -> set[str]:
    """Delete a stored article (replaced by a new version): its votes are taken back, and the
    actors only it named go with it. Returns the bare names whose decision may change."""
    record = session.scalar(select(ArticleRow.record).where(ArticleRow.id == article_id))
    touched = {
        b
        for b in session.scalars(
            select(MentionRow.bare)
            .where(MentionRow.article_id == article_id, MentionRow.bare.is_not(None))
            .distinct()
        )
        if b
    }
    affected: set[int] = set()
    for actor in Article.from_dict(json.loads(record or "{}")).actors:
        names = aliases.names_of(actor)
        touched.update(s for s in names.surnames if s)
        held = session.get(ActorName, names.keys[0]) if names.keys else None
        if held is not None:
            _add_vote(session, held.actor_id, actor.type, -len(actor.mentions))
            affected.add(held.actor_id)
    local = list(
        session.scalars(
            select(ActorRow.id).where(ActorRow.key.like(f"{LOCAL_PREFIX}{article_id}:%"))
        )
    )
    session.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
    if local:
        session.execute(delete(ActorTypeRow).where(ActorTypeRow.actor_id.in_(local)))
        session.execute(delete(ActorRow).where(ActorRow.id.in_(local)))
    session.flush()
    for actor_id in sorted(affected):
        votes = session.scalar(
            select(func.sum(ActorTypeRow.mentions)).where(ActorTypeRow.actor_id == actor_id)
        )
        if votes:
            refresh_type(session, actor_id)
        else:  # no stored article names it any more
            touched |= _drop(session, actor_id)
    return touched


def sync_bare_names(session: Session, bare_names: set[str], *, join_surnames: bool) -> None:
    """Take again the decision for each bare name (see the module docstring) and move its
    mentions and quotes where it says."""
    for bare in sorted(bare_names):
        _sync(session, bare, join_surnames=join_surnames)


def all_bare_names(session: Session) -> set[str]:
    """Every bare name the store holds."""
    keys = session.scalars(select(ActorName.key).where(ActorName.key.like(f"{BARE_PREFIX}%")))
    return {key[len(BARE_PREFIX) :] for key in keys}


def rebuild(session: Session, aliases: AliasIndex, *, join_surnames: bool) -> None:
    """Make the corpus actors again from every stored record (after the keys changed): the
    actor tables are emptied and refilled, quotes, claims and affiliations linked again."""
    session.execute(update(QuoteRow).values(actor_id=None, bare=None))
    session.execute(update(AffiliationRow).values(actor_id=None))
    session.execute(update(ClaimRow).values(actor_id=None, bare=None))
    for table in (MentionRow, ActorTypeRow, ActorName, ActorRow):
        session.execute(delete(table))
    touched: set[str] = set()
    ids = list(session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
    for article_id in ids:
        record = session.scalar(select(ArticleRow.record).where(ArticleRow.id == article_id))
        article = Article.from_dict(json.loads(record or "{}"))
        placed = add_actors(session, article, article_id, aliases)
        touched |= placed.touched
        quotes = session.scalars(
            select(QuoteRow).where(QuoteRow.article_id == article_id).order_by(QuoteRow.id)
        )
        written = [q for q in article.quotes if q.content]  # the rows, in order
        for row, quote in zip(quotes, written, strict=False):
            row.actor_id = placed.ids.get(quote.actor or "")
            row.bare = placed.bare.get(quote.actor or "")
        claims = session.scalars(
            select(ClaimRow).where(ClaimRow.article_id == article_id).order_by(ClaimRow.id)
        )
        for claim_row, claim in zip(claims, article.claims, strict=False):  # rows in order
            claim_row.actor_id = placed.ids.get(claim.claimant.actor or "")
            claim_row.bare = placed.bare.get(claim.claimant.actor or "")
        affiliation = article.affiliation
        if affiliation is not None and affiliation.actor:
            session.execute(
                update(AffiliationRow)
                .where(AffiliationRow.article_id == article_id)
                .values(actor_id=placed.ids.get(affiliation.actor))
            )
        session.flush()
    sync_bare_names(session, touched, join_surnames=join_surnames)


# -- keyed actors --------------------------------------------------------------------------


def _final(actor_id: int, moved: dict[int, int]) -> int:
    while actor_id in moved:
        actor_id = moved[actor_id]
    return actor_id


def _keyed_actor(
    session: Session, names: ActorNames, touched: set[str], moved: dict[int, int]
) -> int:
    lookups = {variant for key in names.keys for variant in family_variants(key)}
    found = session.execute(
        select(ActorName.key, ActorName.actor_id).where(ActorName.key.in_(lookups))
    ).all()
    ids = sorted({actor_id for _, actor_id in found})
    if not ids:
        actor = ActorRow(key=names.keys[0], name=names.name, type=names.type)
        session.add(actor)
        session.flush()
    else:
        actor = session.get_one(ActorRow, ids[0])
        for other in ids[1:]:
            merge(session, other, into=actor.id)
            moved[other] = actor.id
        if names.from_rule or _fuller(names.name, actor.name):
            actor.name = names.name
    known = {key for key, _ in found}
    surnames = names.surnames or (None,) * len(names.keys)
    session.add_all(
        ActorName(key=key, name=name, actor_id=actor.id, surname=surname)
        for key, name, surname in zip(names.keys, names.names, surnames, strict=True)
        if key not in known
    )
    # Decisions that may change now that this actor has more names or mentions: its own
    # one-word names here, the bare surnames of its full names in add_actors (one query).
    touched.update(surname_key(n) for n in names.names if len(n.split()) == 1)
    return actor.id


def _surnames_of(session: Session, actor_ids: set[int]) -> set[str]:
    """The surnames of these actors' full names."""
    found: set[str] = set()
    ordered = sorted(actor_ids)
    for at in range(0, len(ordered), _CHUNK):
        found.update(
            s
            for s in session.scalars(
                select(ActorName.surname)
                .where(ActorName.actor_id.in_(ordered[at : at + _CHUNK]))
                .where(ActorName.surname.is_not(None))
                .distinct()
            )
            if s
        )
    return found


def _fuller(candidate: str, current: str) -> bool:
    """Whether ``candidate`` is a fuller display name than ``current`` (more words, or longer)."""
    return (len(candidate.split()), len(candidate)) > (len(current.split()), len(current))


def merge(session: Session, other: int, *, into: int) -> None:
    """Make actor ``other`` part of actor ``into``: its names, mentions, quotes, claims,
    affiliations and type votes move over."""
    for table in (ActorName, MentionRow, QuoteRow, ClaimRow, AffiliationRow):
        session.execute(update(table).where(table.actor_id == other).values(actor_id=into))
    for vote in session.scalars(select(ActorTypeRow).where(ActorTypeRow.actor_id == other)):
        kept = session.get(ActorTypeRow, (into, vote.type))
        if kept is None:
            session.add(ActorTypeRow(actor_id=into, type=vote.type, mentions=vote.mentions))
        else:
            kept.mentions += vote.mentions
        session.delete(vote)
    session.flush()
    session.execute(delete(ActorRow).where(ActorRow.id == other))


def _local_actor(session: Session, article_id: int, actor: Actor) -> int:
    row = ActorRow(key=f"{LOCAL_PREFIX}{article_id}:{actor.id}", name=actor.name, type=actor.type)
    session.add(row)
    session.flush()
    return row.id


def _drop(session: Session, actor_id: int) -> set[str]:
    """Delete an actor no stored article names any more. The bare names it held get actors of
    their own again; returns those and the surnames of its full names, whose decisions are to
    be taken again."""
    touched = {
        s
        for s in session.scalars(
            select(ActorName.surname).where(
                ActorName.actor_id == actor_id, ActorName.surname.is_not(None)
            )
        )
        if s
    }
    held = session.scalars(
        select(ActorName).where(
            ActorName.actor_id == actor_id, ActorName.key.like(f"{BARE_PREFIX}%")
        )
    ).all()
    for name in held:
        bare = name.key[len(BARE_PREFIX) :]
        name.actor_id = _own_row(session, bare, name.name).id
        _move(session, bare, name.actor_id)
        touched.add(bare)
    session.flush()
    session.execute(delete(ActorName).where(ActorName.actor_id == actor_id))
    session.execute(delete(ActorTypeRow).where(ActorTypeRow.actor_id == actor_id))
    session.execute(delete(ActorRow).where(ActorRow.id == actor_id))
    return touched


# -- types ---------------------------------------------------------------------------------


def _add_vote(session: Session, actor_id: int, actor_type: str, mentions: int) -> None:
    """Count mentions towards a type (negative: take an article's votes back)."""
    vote = session.get(ActorTypeRow, (actor_id, actor_type))
    if vote is None:
        if mentions > 0:
            session.add(ActorTypeRow(actor_id=actor_id, type=actor_type, mentions=mentions))
    elif vote.mentions + mentions > 0:
        vote.mentions += mentions
    else:
        session.delete(vote)


def refresh_type(session: Session, actor_id: int) -> None:
    """Set the actor's type to the majority of its mentions (see :func:`refresh_types`)."""
    refresh_types(session, {actor_id})


_CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


def refresh_types(session: Session, actor_ids: set[int]) -> None:
    """Set each actor's type to the majority of its mentions: its ``actor_types`` votes, plus
    the person-typed bare-name mentions it holds (an organisation's or place's bare name
    votes through its keyed actor already). Ties: the type first by name.

    A handful of grouped queries for all the actors at once: an article names twenty."""
    session.flush()
    ordered = sorted(actor_ids)
    for at in range(0, len(ordered), _CHUNK):
        _refresh_chunk(session, ordered[at : at + _CHUNK])


def _refresh_chunk(session: Session, ids: list[int]) -> None:
    votes: dict[int, Counter[str]] = {i: Counter() for i in ids}
    for actor_id, kind, n in session.execute(
        select(ActorTypeRow.actor_id, ActorTypeRow.type, ActorTypeRow.mentions).where(
            ActorTypeRow.actor_id.in_(ids)
        )
    ):
        votes[actor_id][kind] += n
    rows = session.execute(
        select(ActorRow.id, ActorRow.key, ActorRow.type).where(ActorRow.id.in_(ids))
    ).all()
    current = {actor_id: kind for actor_id, _, kind in rows}
    own = [actor_id for actor_id, key, _ in rows if key.startswith(BARE_PREFIX)]
    keyed = [actor_id for actor_id, key, _ in rows if not key.startswith(BARE_PREFIX)]
    if own:  # a bare name's own actor: every mention votes
        for actor_id, typed, n in session.execute(
            select(MentionRow.actor_id, MentionRow.type, func.count(MentionRow.id))
            .where(MentionRow.actor_id.in_(own))
            .group_by(MentionRow.actor_id, MentionRow.type)
        ):
            if typed:
                votes[actor_id][typed] += n
    if keyed:
        for actor_id, n in session.execute(
            select(MentionRow.actor_id, func.count(MentionRow.id))
            .where(MentionRow.actor_id.in_(keyed), _bare_typed(None, person=True))
            .group_by(MentionRow.actor_id)
        ):
            votes[actor_id]["person"] += n
    for actor_id in current:
        counted = {k: n for k, n in votes[actor_id].items() if n > 0}
        if not counted:
            continue
        winner = min(counted, key=lambda kind: (-counted[kind], kind))
        if winner != current[actor_id]:
            session.execute(update(ActorRow).where(ActorRow.id == actor_id).values(type=winner))


# -- bare names ----------------------------------------------------------------------------


def _bare_name(session: Session, bare: str, written: str, holder: int) -> int:
    """The actor holding the bare name's rows; a new bare name is ``holder``'s until decided."""
    held = session.get(ActorName, BARE_PREFIX + bare)
    if held is not None:
        return held.actor_id
    session.add(ActorName(key=BARE_PREFIX + bare, name=written, actor_id=holder))
    session.flush()
    return holder


def _bare_holder(session: Session, bare: str, names: ActorNames) -> int:
    """The actor now holding a bare name's mentions, made (an actor of its own) if new."""
    held = session.get(ActorName, BARE_PREFIX + bare)
    if held is not None:
        return held.actor_id
    return _bare_name(session, bare, names.name, _own_row(session, bare, names.name).id)


def _own_row(session: Session, bare: str, written: str) -> ActorRow:
    """The bare name's actor of its own, made if missing."""
    key = BARE_PREFIX + bare
    row = session.scalars(select(ActorRow).where(ActorRow.key == key)).first()
    if row is None:
        row = ActorRow(key=key, name=written, type="person")
        session.add(row)
        session.flush()
    return row


def _bare_typed(bare: str | None, *, person: bool) -> ColumnElement[bool]:
    """Mentions of a bare name (any, when ``bare`` is None) the article typed a person (or
    not)."""
    named = MentionRow.bare.is_not(None) if bare is None else MentionRow.bare == bare
    typed = MentionRow.type == "person" if person else MentionRow.type != "person"
    return and_(named, typed)


def _count(session: Session, condition: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count(MentionRow.id)).where(condition)) or 0


def _any(session: Session, condition: ColumnElement[bool]) -> bool:
    return session.scalar(select(MentionRow.id).where(condition).limit(1)) is not None


def _named(session: Session, written: str) -> int | None:
    """The keyed organisation or place of this name (the one with most mentions)."""
    norm = normalise_name(written)
    ids = set(
        session.scalars(
            select(ActorName.actor_id).where(ActorName.key.in_([f"org:{norm}", f"place:{norm}"]))
        )
    )
    if len(ids) < 2:
        return next(iter(ids), None)
    return max(sorted(ids), key=lambda a: _count(session, MentionRow.actor_id == a))


def _decide(session: Session, bare: str, written: str, *, join_surnames: bool) -> int | None:
    """Where a bare name's rows belong (module docstring), or None for an actor of its own."""
    named = _named(session, written)
    people = _count(session, _bare_typed(bare, person=True))
    if people:
        others = _count(session, _bare_typed(bare, person=False))
        if named is not None:  # the organisation's or place's mentions, bare or not
            others += _count(session, and_(MentionRow.actor_id == named, MentionRow.bare.is_(None)))
        if people > others:
            if join_surnames:
                candidates = list(
                    session.scalars(
                        select(ActorName.actor_id)
                        .join(ActorRow, ActorRow.id == ActorName.actor_id)
                        .where(ActorName.surname == bare, ActorRow.type == "person")
                        .distinct()
                    )
                )
                if len(candidates) == 1 and _named_in_full(session, candidates[0]):
                    return candidates[0]
            return None
    return named


def _named_in_full(session: Session, actor_id: int) -> bool:
    """The corpus gives this person's full name in ``MIN_FULL_NAME_ARTICLES`` articles."""
    articles = session.scalars(
        select(MentionRow.article_id)
        .where(MentionRow.actor_id == actor_id, MentionRow.bare.is_(None))
        .distinct()
        .limit(MIN_FULL_NAME_ARTICLES)
    ).all()
    return len(articles) >= MIN_FULL_NAME_ARTICLES


def _move(session: Session, bare: str, owner: int) -> None:
    for table in (MentionRow, QuoteRow, ClaimRow):
        session.execute(update(table).where(table.bare == bare).values(actor_id=owner))


def _sync(session: Session, bare: str, *, join_surnames: bool) -> None:
    key = BARE_PREFIX + bare
    held = session.get(ActorName, key)
    if held is None:
        return
    own = session.scalars(select(ActorRow).where(ActorRow.key == key)).first()
    if not _any(session, MentionRow.bare == bare):  # no stored article writes it any more
        session.delete(held)
        if own is not None:
            session.flush()
            session.delete(own)
        session.flush()
        return
    owner = _decide(session, bare, held.name, join_surnames=join_surnames)
    if owner is None:
        own = own or _own_row(session, bare, held.name)
        owner = own.id
    current = held.actor_id
    if current != owner:
        _move(session, bare, owner)
        held.actor_id = owner
        session.flush()
        refresh_type(session, owner)
        if own is None or current != own.id:
            refresh_type(session, current)
    if own is not None and own.id != owner:
        session.delete(own)  # decided: its mentions, quotes and name are the owner's now
        session.flush()
    elif own is not None:
        refresh_type(session, own.id)
