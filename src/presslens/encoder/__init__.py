"""A shared sentence encoder: an ONNX transformer and its tokenizer, loaded once per process.

Stages that need contextual sentence or token vectors (check-worthy claims today; persuasion
techniques may follow) ship a model folder with ``encoder.onnx`` and ``tokenizer.json``, load it
with :func:`load_encoder` and put their own head on top of :class:`Encoded`::

    encoder = load_encoder(model_dir)
    encoded = encoder.encode(["The deficit doubled.", "Thank you."])
    logits = encoded.pooled @ weight + bias

Inference is NumPy, ``onnxruntime`` and ``tokenizers``: no torch, nothing downloaded.
"""

from presslens.encoder.onnx import Encoded, Encoder, load_encoder

__all__ = ["Encoded", "Encoder", "load_encoder"]
