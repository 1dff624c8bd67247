"""The exceptions presslens raises, one tree so callers can catch as broadly as they need::

    PresslensError                 anything presslens raises on purpose
    ├── InputError                 the input cannot be analysed; the message says why and what to do
    │   ├── SourceNotFoundError    no such file
    │   ├── EmptyInputError        nothing (or only whitespace) to read
    │   ├── BinaryInputError       bytes that are not text or HTML (PDF, image, archive ...)
    │   ├── InputTooLargeError     over the size cap (``PipelineConfig.max_bytes``)
    │   ├── DecodeError            no text encoding fits the bytes
    │   ├── FetchError             a URL could not be fetched (unreachable, HTTP error, timeout)
    │   ├── WarcFormatError        a WARC file (or a record in it) is damaged, cut short or no WARC
    │   └── AliasFileError         a user's actor alias file is missing or invalid
    ├── ModelError                 the spaCy model is missing or broken
    └── StoreError                 the corpus store cannot be opened, or was made by another version

Every message is one line: what happened, why, and how to fix it, so the CLI can print it as is.
"""

from __future__ import annotations

__all__ = [
    "AliasFileError",
    "BinaryInputError",
    "DecodeError",
    "EmptyInputError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "ModelError",
    "PresslensError",
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
        super().__init__(f"{source}: {message}" if source else message)


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


class WarcFormatError(InputError):
    """A WARC file is damaged, cut short or not a WARC file; or one record's HTTP message is."""


class ModelError(PresslensError):
    """The spaCy model could not be loaded."""


class AliasFileError(InputError, ValueError):
    """The alias file is missing, unreadable or invalid; the message says which and why."""


class StoreError(PresslensError):
    """The corpus store cannot be opened or written; the message names the store and why."""
