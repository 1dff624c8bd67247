"""The corpus's actors: one row per actor across articles, whatever order the articles come in.

Each article's actors arrive with their corpus keys (:mod:`presslens.stages.actors.keys`):

* **Keyed actors** (full names, acronyms, named organisations and places) join the corpus actor
  holding any of their keys, looked up in every family ("Walter Reed" as a person in one
  article, an organisation in the next, is one actor); an article naming two existing actors by
  two of its keys merges them. The type is the majority of all mentions (``actor_types`` votes).
* **Surname-only actors** (a person the article names by one word, "Trump") are stored under a
  ``surname:`` name and their mentions and quotes carry the surname. The corpus decides, from
  everything stored, where they belong:

  1. with ``join_surnames``, the one full-name person with that surname, when the corpus holds
     exactly one ("Donald Trump");
  2. else the organisation or place of the same name, when it has more mentions ("Kyiv" typed a
     person in one article joins Kyiv the city);
  3. else an actor of their own, "Trump", which all such articles share.

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

from sqlalchemy import ColumnElement, and_, delete, func, select, text, update
from sqlalchemy.orm import Session

from presslens.records import Actor, Article
from presslens.stages.actors.keys import (
    SURNAME_PREFIX,
    ActorNames,
    AliasIndex,
    family_variants,
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

__all__ = ["ArticleActors", "add_actors", "forget_article", "lock", "rebuild", "sync_surnames"]

_ACTORS_LOCK = 0x61637472  # PostgreSQL advisory lock id for the corpus actors ("actr")
LOCAL_PREFIX = "local:"


@dataclass(slots=True)
class ArticleActors:
    """Where one article's actors went: store actor id and surname (for surname-only actors)
    by the article's actor id, and the surnames whose decision may have changed."""

    ids: dict[str, int] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
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
    for actor, names in named:
        surname = None
        if names.keys:
            stored = _keyed_actor(session, names, out.touched)
            _add_vote(session, stored, actor.type, len(actor.mentions))
        elif names.surname is not None and names.surname not in in_full:
            surname = names.surname
            stored = _surname_holder(session, names)
            out.surnames[actor.id] = surname
            out.touched.add(surname)
        else:
            stored = _local_actor(session, article_id, actor)
            _add_vote(session, stored, actor.type, len(actor.mentions))
        out.ids[actor.id] = stored
        session.add_all(
            MentionRow(
                article_id=article_id,
                actor_id=stored,
                start=m.start,
                end=m.end,
                text=m.text,
                surname=surname,
            )
            for m in actor.mentions
        )
    session.flush()
    for stored in set(out.ids.values()):
        refresh_type(session, stored)
    return out


def forget_article(session: Session, article_id: int) -> set[str]:
    """Delete a stored article (replaced by a new version): its votes are taken back, and the
    actors only it named go with it. Returns the surnames whose decision may change."""
    record = session.scalar(select(ArticleRow.record).where(ArticleRow.id == article_id))
    held = {
        start: (actor_id, surname)
        for start, actor_id, surname in session.execute(
            select(MentionRow.start, MentionRow.actor_id, MentionRow.surname).where(
                MentionRow.article_id == article_id
            )
        )
    }
    touched = {surname for _, surname in held.values() if surname}
    affected = {actor_id for actor_id, _ in held.values()}
    for actor in Article.from_dict(json.loads(record or "{}")).actors:
        place = held.get(actor.mentions[0].start) if actor.mentions else None
        if place is not None and place[1] is None:
            _add_vote(session, place[0], actor.type, -len(actor.mentions))
    session.execute(delete(ArticleRow).where(ArticleRow.id == article_id))
    session.flush()
    for actor_id in sorted(affected):
        if _mentions(session, _own_mentions(actor_id)):
            refresh_type(session, actor_id)
        else:
            touched |= _drop(session, actor_id)
    return touched


def _drop(session: Session, actor_id: int) -> set[str]:
    """Delete an actor no stored article names any more. The bare surnames it had joined get
    actors of their own again; returns those and the surnames of its full names, whose
    decisions are to be taken again."""
    surnames = {
        s
        for s in session.scalars(
            select(ActorName.surname).where(
                ActorName.actor_id == actor_id, ActorName.surname.is_not(None)
            )
        )
        if s
    }
    for held in session.scalars(
        select(ActorName).where(
            ActorName.actor_id == actor_id, ActorName.key.like(f"{SURNAME_PREFIX}%")
        )
    ):
        surname = held.key[len(SURNAME_PREFIX) :]
        own = ActorRow(key=held.key, name=held.name, type="person")
        session.add(own)
        session.flush()
        for table in (MentionRow, QuoteRow):
            session.execute(update(table).where(table.surname == surname).values(actor_id=own.id))
        held.actor_id = own.id
        surnames.add(surname)
    session.flush()
    session.execute(delete(ActorName).where(ActorName.actor_id == actor_id))
    session.execute(delete(ActorTypeRow).where(ActorTypeRow.actor_id == actor_id))
    session.execute(delete(ActorRow).where(ActorRow.id == actor_id))
    return surnames


def sync_surnames(session: Session, surnames: set[str], *, join_surnames: bool) -> None:
    """Take again the decision for each surname (see the module docstring) and move its
    mentions and quotes where it says."""
    for surname in sorted(surnames):
        _sync_surname(session, surname, join_surnames=join_surnames)


def all_surnames(session: Session) -> set[str]:
    """Every surname the store holds surname-only mentions under."""
    keys = session.scalars(select(ActorName.key).where(ActorName.key.like(f"{SURNAME_PREFIX}%")))
    return {key[len(SURNAME_PREFIX) :] for key in keys}


def rebuild(session: Session, aliases: AliasIndex, *, join_surnames: bool) -> None:
    """Make the corpus actors again from every stored record (after the keys changed): the
    actor tables are emptied and refilled, quotes and affiliations linked again."""
    session.execute(update(QuoteRow).values(actor_id=None, surname=None))
    session.execute(update(AffiliationRow).values(actor_id=None))
    session.execute(update(ClaimRow).values(actor_id=None))
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
            row.surname = placed.surnames.get(quote.actor or "")
        affiliation = article.affiliation
        if affiliation is not None and affiliation.actor:
            session.execute(
                update(AffiliationRow)
                .where(AffiliationRow.article_id == article_id)
                .values(actor_id=placed.ids.get(affiliation.actor))
            )
        session.flush()
    sync_surnames(session, touched, join_surnames=join_surnames)


# -- keyed actors --------------------------------------------------------------------------


def _keyed_actor(session: Session, names: ActorNames, touched: set[str]) -> int:
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
        if names.from_rule or _fuller(names.name, actor.name):
            actor.name = names.name
    known = {key for key, _ in found}
    surnames = names.surnames or (None,) * len(names.keys)
    session.add_all(
        ActorName(key=key, name=name, actor_id=actor.id, surname=surname)
        for key, name, surname in zip(names.keys, names.names, surnames, strict=True)
        if key not in known
    )
    session.flush()
    # The surnames this actor's full names carry, and its one-word names: decisions that may
    # change now that it has more names or mentions.
    touched.update(
        s
        for s in session.scalars(
            select(ActorName.surname)
            .where(ActorName.actor_id == actor.id, ActorName.surname.is_not(None))
            .distinct()
        )
        if s
    )
    touched.update(surname_key(n) for n in names.names if len(n.split()) == 1)
    return actor.id


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
    """Set the actor's type to the majority of its mentions: its ``actor_types`` votes, plus
    one person vote per surname-only mention it holds (ties: the type first by name)."""
    session.flush()
    votes: Counter[str] = Counter(
        {
            kind: n
            for kind, n in session.execute(
                select(ActorTypeRow.type, ActorTypeRow.mentions).where(
                    ActorTypeRow.actor_id == actor_id
                )
            )
        }
    )
    votes["person"] += (
        session.scalar(
            select(func.count(MentionRow.id)).where(
                MentionRow.actor_id == actor_id, MentionRow.surname.is_not(None)
            )
        )
        or 0
    )
    votes = Counter({k: n for k, n in votes.items() if n > 0})
    if not votes:
        return
    winner = min(votes, key=lambda kind: (-votes[kind], kind))
    session.execute(update(ActorRow).where(ActorRow.id == actor_id).values(type=winner))


# -- surnames ------------------------------------------------------------------------------


def _surname_holder(session: Session, names: ActorNames) -> int:
    """The actor now holding a surname's mentions, made (an actor of its own) if new."""
    assert names.surname is not None
    key = SURNAME_PREFIX + names.surname
    held = session.get(ActorName, key)
    if held is not None:
        return held.actor_id
    row = ActorRow(key=key, name=names.name, type="person")
    session.add(row)
    session.flush()
    session.add(ActorName(key=key, name=names.name, actor_id=row.id))
    session.flush()
    return row.id


def _decide(session: Session, surname: str, *, join_surnames: bool) -> int | None:
    """Where a surname's mentions belong (module docstring, rules 1-2), or None for rule 3."""
    if join_surnames:
        candidates = list(
            session.scalars(
                select(ActorName.actor_id)
                .join(ActorRow, ActorRow.id == ActorName.actor_id)
                .where(ActorName.surname == surname, ActorRow.type == "person")
                .distinct()
            )
        )
        if len(candidates) == 1:
            return candidates[0]
    same_name = list(
        session.scalars(
            select(ActorName.actor_id)
            .where(ActorName.key.in_([f"org:{surname}", f"place:{surname}"]))
            .distinct()
        )
    )
    if not same_name:
        return None
    own = _mentions(session, MentionRow.surname == surname)
    best = max(same_name, key=lambda a: (_mentions(session, _own_mentions(a)), -a))
    return best if _mentions(session, _own_mentions(best)) > own else None


def _own_mentions(actor_id: int) -> ColumnElement[bool]:
    return and_(MentionRow.actor_id == actor_id, MentionRow.surname.is_(None))


def _mentions(session: Session, condition: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count(MentionRow.id)).where(condition)) or 0


def _sync_surname(session: Session, surname: str, *, join_surnames: bool) -> None:
    key = SURNAME_PREFIX + surname
    held = session.get(ActorName, key)
    if held is None:
        return
    own = session.scalars(select(ActorRow).where(ActorRow.key == key)).first()
    owner = _decide(session, surname, join_surnames=join_surnames)
    if owner is None:
        if own is None:  # split off again: an actor of its own
            own = ActorRow(key=key, name=held.name, type="person")
            session.add(own)
            session.flush()
        owner = own.id
    current = held.actor_id
    if current != owner:
        for table in (MentionRow, QuoteRow):
            session.execute(update(table).where(table.surname == surname).values(actor_id=owner))
        held.actor_id = owner
        session.flush()
        refresh_type(session, owner)
        if own is None or current != own.id:
            refresh_type(session, current)
    if own is not None and own.id != owner:
        session.delete(own)  # joined: its mentions, quotes and name are the owner's now
        session.flush()
