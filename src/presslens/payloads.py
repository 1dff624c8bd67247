"""Typed payloads that stages leave on a ``Doc`` for the stages after them and for the exporter.

A stage's results travel on ``doc._.<name>`` as one frozen dataclass (``ActorsPayload``,
``QuotesPayload``), so the next stage and the exporter read attributes that mypy checks instead of
dict keys. ``Doc.to_bytes()`` and ``nlp.pipe(n_process=2)`` need plain msgpack data: each payload
class says how to write itself (``to_data``) and read itself back (``from_data``), and
:func:`payload` registers the class with srsly's msgpack encoders, so a ``Doc`` round-trips with
its payloads whatever process reads it back::

    @payload("presslens.quotes/1")
    @dataclass(frozen=True, slots=True)
    class QuotesPayload:
        quotes: tuple[QuoteData, ...]
        def to_data(self) -> dict[str, Any]: ...
        @classmethod
        def from_data(cls, data: dict[str, Any]) -> QuotesPayload: ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, Self, TypeVar

import srsly
from spacy.tokens import Doc

__all__ = ["Payload", "get_payload", "payload", "register_extension", "set_payload"]

_TAG = "__presslens_payload__"


class Payload(Protocol):
    """What a stage payload provides: plain data out, and back."""

    def to_data(self) -> dict[str, Any]:
        """The payload as msgpack-ready data (ints, floats, strings, lists, dicts)."""
        ...

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        """The payload from :meth:`to_data` output."""
        ...


P = TypeVar("P", bound=Payload)
_BY_NAME: dict[str, type[Payload]] = {}
_NAME_OF: dict[type[Payload], str] = {}


def payload(name: str) -> Callable[[type[P]], type[P]]:
    """Register a payload class under a versioned ``name`` for ``Doc`` serialisation."""

    def register(cls: type[P]) -> type[P]:
        _BY_NAME[name] = cls
        _NAME_OF[cls] = name
        return cls

    return register


def _encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    name = _NAME_OF.get(type(obj))
    if name is not None:
        return {_TAG: name, "data": obj.to_data()}
    return obj if chain is None else chain(obj)


def _decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict) and _TAG in obj:
        cls = _BY_NAME.get(obj[_TAG])
        if cls is not None:
            return cls.from_data(obj["data"])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("presslens_payloads", func=_encode)
srsly.msgpack_decoders.register("presslens_payloads", func=_decode)


def register_extension(attr: str) -> None:
    """Register ``doc._.<attr>`` (default None); safe to call any number of times."""
    if not Doc.has_extension(attr):
        Doc.set_extension(attr, default=None)


def get_payload(doc: Doc, attr: str, cls: type[P]) -> P | None:
    """The payload of type ``cls`` on ``doc._.<attr>``, or None when the stage did not run.

    A payload still in plain data (a ``Doc`` read back by a process that had not registered the
    class) is read with ``cls.from_data``.
    """
    if not Doc.has_extension(attr):
        return None
    value = getattr(doc._, attr)
    if value is None or isinstance(value, cls):
        return value
    if isinstance(value, dict):
        return cls.from_data(value.get("data", value) if _TAG in value else value)
    raise TypeError(f"doc._.{attr} holds {type(value).__name__}, not {cls.__name__}")


def set_payload(doc: Doc, attr: str, value: Payload) -> None:
    """Store a payload on ``doc._.<attr>`` (registering the extension when needed)."""
    register_extension(attr)
    setattr(doc._, attr, value)
