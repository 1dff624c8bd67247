"""Stage 4: actors (merged mentions with types, aliases and roles) and instruments.

``import presslens.stages.actors.component`` registers the ``presslens_actors`` spaCy factory
(the registry does it); the names below load on first use, so the store can read its keys and
alias files without importing spaCy::

    nlp.add_pipe("presslens_actors", config={"alias_file": "aliases.json"})
    doc = nlp(text)
    actors = actors_from_doc(doc)              # tuple[records.Actor, ...]
    who = resolve_mention(doc, actors_payload(doc), head, (start, end))   # a speaker's actor
    instruments = instruments_from_doc(doc)    # tuple[records.Instrument, ...]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from presslens.stages.actors.aliases import (
        AliasFile,
        AliasFileError,
        AliasRule,
        load_alias_file,
    )
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
    from presslens.stages.actors.component import (
        ActorResolver,
        make_actor_resolver,
    )
    from presslens.stages.actors.coref import (
        Resolution,
        resolve_mention,
    )
    from presslens.stages.actors.instruments import (
        find_instruments,
    )
    from presslens.stages.actors.labels import (
        MODEL_LABEL_TYPES,
        repair_type,
    )
    from presslens.stages.actors.payload import (
        ActorData,
        ActorsPayload,
        InstrumentData,
    )
    from presslens.stages.actors.resolve import (
        resolve_actors,
    )

_WHERE = {
    "AliasFile": "presslens.stages.actors.aliases",
    "AliasFileError": "presslens.stages.actors.aliases",
    "AliasRule": "presslens.stages.actors.aliases",
    "load_alias_file": "presslens.stages.actors.aliases",
    "ACTORS_ATTR": "presslens.stages.actors.bridge",
    "actor_at": "presslens.stages.actors.bridge",
    "actor_for_span": "presslens.stages.actors.bridge",
    "actors_from_doc": "presslens.stages.actors.bridge",
    "actors_payload": "presslens.stages.actors.bridge",
    "add_actors": "presslens.stages.actors.bridge",
    "affiliation_mentions": "presslens.stages.actors.bridge",
    "instruments_from_doc": "presslens.stages.actors.bridge",
    "register_extensions": "presslens.stages.actors.bridge",
    "ActorResolver": "presslens.stages.actors.component",
    "make_actor_resolver": "presslens.stages.actors.component",
    "Resolution": "presslens.stages.actors.coref",
    "resolve_mention": "presslens.stages.actors.coref",
    "find_instruments": "presslens.stages.actors.instruments",
    "MODEL_LABEL_TYPES": "presslens.stages.actors.labels",
    "repair_type": "presslens.stages.actors.labels",
    "ActorData": "presslens.stages.actors.payload",
    "ActorsPayload": "presslens.stages.actors.payload",
    "InstrumentData": "presslens.stages.actors.payload",
    "resolve_actors": "presslens.stages.actors.resolve",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
