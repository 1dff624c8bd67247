"""Stage 4: actors (merged mentions with types, aliases and roles) and instruments.

``import presslens.stages.actors`` registers the ``presslens_actors`` spaCy factory::

    nlp.add_pipe("presslens_actors", config={"alias_file": "aliases.json"})
    doc = nlp(text)
    actors = actors_from_doc(doc)              # tuple[records.Actor, ...]
    who = resolve_mention(doc, actors_payload(doc), head, (start, end))   # a speaker's actor
    instruments = instruments_from_doc(doc)    # tuple[records.Instrument, ...]
"""

from presslens.stages.actors.aliases import AliasFile, AliasFileError, AliasRule, load_alias_file
from presslens.stages.actors.bridge import (
    ACTORS_ATTR,
    actor_at,
    actor_for_span,
    actors_from_doc,
    actors_payload,
    add_actors,
    affiliation_mentions,
    instruments_from_doc,
    register_extensions,
)
from presslens.stages.actors.component import ActorResolver, make_actor_resolver
from presslens.stages.actors.coref import Resolution, resolve_mention
from presslens.stages.actors.instruments import find_instruments
from presslens.stages.actors.labels import MODEL_LABEL_TYPES, repair_type
from presslens.stages.actors.payload import ActorData, ActorsPayload, InstrumentData
from presslens.stages.actors.resolve import resolve_actors

__all__ = [
    "ACTORS_ATTR",
    "MODEL_LABEL_TYPES",
    "ActorData",
    "ActorResolver",
    "ActorsPayload",
    "AliasFile",
    "AliasFileError",
    "AliasRule",
    "InstrumentData",
    "Resolution",
    "actor_at",
    "actor_for_span",
    "actors_from_doc",
    "actors_payload",
    "add_actors",
    "affiliation_mentions",
    "find_instruments",
    "instruments_from_doc",
    "load_alias_file",
    "make_actor_resolver",
    "register_extensions",
    "repair_type",
    "resolve_actors",
    "resolve_mention",
]
