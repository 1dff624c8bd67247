"""The ONNX encoder: tokenise a batch of texts, run the transformer, pool the token vectors."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Tokenizer

from presslens.errors import ModelError

__all__ = ["Encoded", "Encoder", "load_encoder"]

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]

_MODEL_FILE = "encoder.onnx"
_TOKENIZER_FILE = "tokenizer.json"


@dataclass(frozen=True, slots=True)
class Encoded:
    """The encoder's output for ``n`` texts, in the order they were given.

    Attributes:
        pooled: ``(n, hidden)`` mean of each text's token vectors (special tokens included,
            padding excluded): the sentence vector heads are trained on.
        tokens: ``(n, width, hidden)`` token vectors, zero past each text's length, or None
            when :meth:`Encoder.encode` was asked not to keep them.
        lengths: ``(n,)`` tokens per text after truncation, special tokens included.
        offsets: per text, ``(length, 2)`` character offsets ``[start, end)`` of each token
            into that text (``(0, 0)`` for special tokens), kept with the token vectors so a
            head can map word pieces back to characters; None without ``keep_tokens``.
    """

    pooled: F32
    tokens: F32 | None
    lengths: I64
    offsets: tuple[I64, ...] | None = None


class Encoder:
    """A transformer encoder in ONNX with its tokenizer.

    Args:
        session: an ``onnxruntime`` session with inputs ``input_ids`` and ``attention_mask``
            (int64, ``(batch, tokens)``) and one output, the token vectors
            ``(batch, tokens, hidden)``.
        tokenizer: the model's tokenizer; its truncation setting is the longest input.
        meta: what the model folder's ``meta.json`` says (name, version, licence), if any.
    """

    def __init__(
        self, session: ort.InferenceSession, tokenizer: Tokenizer, meta: dict[str, Any]
    ) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.meta = meta
        self.tokenizer.no_padding()
        self.hidden_size = int(session.get_outputs()[0].shape[-1])

    @classmethod
    def from_dir(cls, path: Path, *, threads: int = 1) -> Encoder:
        """Load ``encoder.onnx`` and ``tokenizer.json`` (and ``meta.json`` if present).

        Args:
            path: the model folder.
            threads: threads for one forward pass. One suits presslens, which scales with
                processes (``n_process``), not threads.

        Raises:
            ModelError: if a file is missing or cannot be loaded.
        """
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            session = ort.InferenceSession(
                str(path / _MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
            tokenizer = Tokenizer.from_file(str(path / _TOKENIZER_FILE))
            meta_file = path / "meta.json"
            meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        except Exception as exc:  # onnxruntime raises its own classes for unreadable models
            raise ModelError(
                f"cannot load the encoder in {path} ({exc.__class__.__name__}: {exc}); "
                "reinstall presslens or retrain the model"
            ) from None
        return cls(session, tokenizer, meta)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, keep_tokens: bool = False
    ) -> Encoded:
        """Encode ``texts`` in batches of similar length (less padding, same results).

        Args:
            texts: the texts; long ones are truncated to the tokenizer's maximum length.
            batch_size: texts per forward pass.
            keep_tokens: also return the token vectors and their character offsets (memory
                grows with the longest text).
        """
        n = len(texts)
        pooled = np.zeros((n, self.hidden_size), dtype=np.float32)
        # One text at a time: encode_batch would start the tokenizer's thread pool, which
        # competes with spaCy for the cores and warns after spaCy forks its worker processes.
        encodings = [self.tokenizer.encode(text) for text in texts]
        ids = [e.ids for e in encodings]
        lengths = np.array([len(x) for x in ids], dtype=np.int64)
        width = int(lengths.max()) if n else 0
        tokens = np.zeros((n, width, self.hidden_size), dtype=np.float32) if keep_tokens else None
        order = np.argsort(lengths, kind="stable")
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            longest = int(lengths[rows].max())
            batch = np.zeros((len(rows), longest), dtype=np.int64)
            mask = np.zeros((len(rows), longest), dtype=np.int64)
            for k, row in enumerate(rows):
                batch[k, : lengths[row]] = ids[row]
                mask[k, : lengths[row]] = 1
            states = self._run(batch, mask)
            weights = mask[:, :, None].astype(np.float32)
            pooled[rows] = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
            if tokens is not None:
                tokens[rows, :longest] = states * weights
        offsets = (
            tuple(np.asarray(e.offsets, dtype=np.int64).reshape(-1, 2) for e in encodings)
            if keep_tokens
            else None
        )
        return Encoded(pooled, tokens, lengths, offsets)

    def _run(self, input_ids: I64, attention_mask: I64) -> F32:
        outputs = self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
        return np.asarray(outputs[0], dtype=np.float32)


@functools.lru_cache(maxsize=4)
def load_encoder(path: str, threads: int = 1) -> Encoder:
    """Load (and cache, per process) the encoder in the folder ``path``.

    Raises:
        ModelError: if the folder does not hold a loadable encoder.
    """
    return Encoder.from_dir(Path(path), threads=threads)
