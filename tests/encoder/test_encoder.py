"""The shared ONNX encoder, on the model folder the claims stage ships."""

from __future__ import annotations

import numpy as np
import pytest

from presslens.encoder import Encoder, load_encoder
from presslens.errors import ModelError
from presslens.stages.claims import model_dir


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return load_encoder(str(model_dir()))


def test_pooled_vectors_have_one_row_per_text(encoder: Encoder) -> None:
    encoded = encoder.encode(["The deficit doubled.", "Thanks.", "A longer sentence, with more."])
    assert encoded.pooled.shape == (3, encoder.hidden_size)
    assert encoded.tokens is None
    assert encoded.lengths.tolist()[1] < encoded.lengths.tolist()[2]


def test_a_text_alone_always_gets_the_same_vector(encoder: Encoder) -> None:
    first = encoder.encode(["The deficit doubled in four years."]).pooled
    assert np.array_equal(first, encoder.encode(["The deficit doubled in four years."]).pooled)


def test_batching_barely_moves_the_vectors(encoder: Encoder) -> None:
    # int8 dynamic quantisation scales activations per batch, so neighbours move a vector a
    # little (the model card gives the effect on scores); the direction stays.
    texts = ["Short one.", "A somewhat longer sentence about the budget in 2024.", "Hi."]
    together = encoder.encode(texts, batch_size=8).pooled
    alone = np.vstack([encoder.encode([t]).pooled for t in texts])
    cosine = (
        (together * alone).sum(1) / np.linalg.norm(together, axis=1) / np.linalg.norm(alone, axis=1)
    )
    assert cosine.min() > 0.98


def test_token_vectors_are_zero_past_each_text(encoder: Encoder) -> None:
    encoded = encoder.encode(["One.", "Two words here, and more of them."], keep_tokens=True)
    assert encoded.tokens is not None
    short = int(encoded.lengths[0])
    assert not encoded.tokens[0, short:].any()
    assert encoded.tokens[0, :short].any()


def test_no_texts_give_empty_arrays(encoder: Encoder) -> None:
    encoded = encoder.encode([])
    assert encoded.pooled.shape == (0, encoder.hidden_size)


def test_loading_the_same_folder_twice_reuses_the_session() -> None:
    assert load_encoder(str(model_dir())) is load_encoder(str(model_dir()))


def test_a_folder_without_a_model_says_so(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(ModelError, match="cannot load the encoder"):
        Encoder.from_dir(Path(str(tmp_path)))


def test_kept_tokens_come_with_character_offsets(encoder: Encoder) -> None:
    texts = ["Reckless spending ruined everything.", "Café owners agree."]
    encoded = encoder.encode(texts, keep_tokens=True)
    assert encoded.offsets is not None and len(encoded.offsets) == 2
    for text, offsets, length in zip(texts, encoded.offsets, encoded.lengths, strict=True):
        assert offsets.shape == (length, 2)
        pieces = [text[a:b] for a, b in offsets.tolist() if b > a]
        assert "".join(pieces) == text.replace(" ", "")


def test_offsets_only_with_tokens(encoder: Encoder) -> None:
    assert encoder.encode(["No tokens kept."]).offsets is None
