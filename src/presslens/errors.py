"""The exceptions presslens raises, one tree so callers can catch as broadly as they need::

    PresslensError                 anything presslens raises on purpose
    ├── InputError                 the input cannot be analysed; the message says why and what to do
    │   ├── SourceNotFoundError    no such file
    │   ├── EmptyInputError        nothing (or only whitespace) to read
    │   ├── BinaryInputError       bytes that are not text or HTML (PDF, image, archive ...)
    │   ├── InputTooLargeError     over the size cap (``PipelineConfig.max_bytes``)
    │   ├── DecodeError            no text encoding fits the bytes (damaged gzip data)
    │   ├── FetchError             a URL could not be fetched (unreachable, HTTP error, deadline)
    │   ├── NoBodyError            the page holds no article body presslens can find
    │   ├── AnalysisError          analysing this input failed unexpectedly (a presslens bug)
    │   ├── WarcFormatError        a WARC file (or a record in it) is damaged, cut short or no WARC
    │   └── AliasFileError         a user's actor alias file is missing or invalid
    ├── OutputError                an output file cannot be written
    ├── QueryError                 a search query cannot be parsed (an unclosed quote, only NOTs)
    ├── ModelError                 the spaCy model is missing or broken
    └── StoreError                 the corpus store cannot be opened, or was made by another version

Every message is one line: what happened, why, and how to fix it, so the CLI can print it as is.
"""

from __future__ import annotations

__all__ = [
    "AliasFileError",
    "AnalysisError",
    "BinaryInputError",
    "DecodeError",
    "EmptyInputError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "ModelError",
    "NoBodyError",
    "OutputError",
    "PresslensError",
    "QueryError",
    "SourceNotFoundError",
    "StoreError",
    "WarcFormatError",
]


class PresslensError(Exception):
    """Base class of every error presslens raises on purpose."""


class InputError(PresslensError):
    """The input cannot be analysed. ``source`` names it (a path, URL or ``<stdin>``)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.reason = message
        super().__init__(f"{source}: {message}" if source else message)

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only ``source`` needs help to cross a process boundary (pickle).
        return (_rebuild, (type(self), self.reason, self.source))


def _rebuild(cls: type[InputError], reason: str, source: str | None) -> InputError:
    return cls(reason, source=source)


class SourceNotFoundError(InputError):
    """The path does not exist or is not a readable file."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not text or HTML."""


class InputTooLargeError(InputError):
    """The input is over the size cap."""


class DecodeError(InputError):
    """The bytes cannot be decoded as text in any encoding tried."""


class FetchError(InputError):
    """A URL could not be fetched."""


class NoBodyError(InputError):
    """Extraction found no article body (an empty page, a page of menus, markup too deep)."""


class AnalysisError(InputError):
    """Analysing one input raised an unexpected error: a bug in presslens, reported per input
    so that the other inputs of a run are still analysed."""


class OutputError(PresslensError):
    """An output file cannot be written (no such folder, a directory, no permission)."""


class QueryError(PresslensError, ValueError):
    """A search query cannot be parsed or is too long; the message says where and how to fix it."""


class WarcFormatError(InputError):
    """A WARC file is damaged, cut short or not a WARC file; or one record's HTTP message is."""


class ModelError(PresslensError):
    """The spaCy model could not be loaded."""


class AliasFileError(InputError, ValueError):
    """The alias file is missing, unreadable or invalid; the message says which and why."""


class StoreError(PresslensError):
    """The corpus store cannot be opened or written; the message names the store and why."""
