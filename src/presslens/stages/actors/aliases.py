"""User alias rules: merges the text alone cannot justify ("the Iranian Resistance" is the NCRI).

A small JSON or TOML file, validated with pydantic (unknown keys are errors)::

    {"aliases": [{"canonical": "National Council of Resistance of Iran",
                  "aliases": ["NCRI", "Iranian Resistance"],
                  "type": "organisation"}]}

or in TOML::

    [[aliases]]
    canonical = "National Council of Resistance of Iran"
    aliases = ["NCRI", "Iranian Resistance"]

Every name of a rule that occurs in the body (as a whole word, case as written) becomes a mention
of one actor named ``canonical``.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from presslens.errors import AliasFileError
from presslens.records import ActorType

__all__ = ["MAX_RULES", "AliasFile", "AliasFileError", "AliasRule", "load_alias_file"]

MAX_RULES = 2000
"""Rules per file; more is a sign of a corpus store's job, not a config file's."""

_MAX_BYTES = 1_000_000


class AliasRule(BaseModel):
    """One actor's names: ``canonical`` and the ``aliases`` that also name it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    canonical: str = Field(min_length=1, max_length=200)
    aliases: tuple[str, ...] = Field(default=(), max_length=100)
    type: ActorType | None = None


class AliasFile(BaseModel):
    """The whole file: ``{"aliases": [rule, ...]}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    aliases: tuple[AliasRule, ...] = Field(default=(), max_length=MAX_RULES)


def load_alias_file(path: str | Path) -> AliasFile:
    """Read and validate an alias file (``.json`` or ``.toml``).

    Args:
        path: the file.

    Returns:
        The validated rules.

    Raises:
        AliasFileError: if the file cannot be read, does not parse, or breaks the schema.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AliasFileError(
            f"{path}: cannot read the alias file ({exc.strerror or exc}); check the path "
            "given as the presslens_actors 'alias_file' setting"
        ) from None
    if len(raw) > _MAX_BYTES:
        raise AliasFileError(f"{path}: the alias file is over {_MAX_BYTES:,} bytes; split it")
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AliasFileError(
            f"{path}: not valid UTF-8 {'TOML' if path.suffix.lower() == '.toml' else 'JSON'} "
            f"({exc}); fix the syntax"
        ) from None
    try:
        return AliasFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise AliasFileError(
            f"{path}: invalid alias file at {where or 'top level'}: {first['msg']}; expected "
            '{"aliases": [{"canonical": "...", "aliases": ["..."]}]}'
        ) from None
