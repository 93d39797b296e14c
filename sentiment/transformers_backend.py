"""The `transformers` backend: any Hugging Face sequence-classification model.

Needs the optional extra `pantau[transformers]` (torch, transformers, tokenizers). The
model's own label names (`config.id2label`) are mapped to positif/netral/negatif with
`[sentiment] label_map`, or recognised automatically when they are already Indonesian or
English label names. Texts longer than `max_length` tokens are cut into overlapping
windows whose probabilities are averaged, so a long article is read in passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pantau.core.errors import ConfigError, PantauError
from sentiment.classifier import Classifier
from sentiment.labels import LABELS, normalize_label


def _import() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise PantauError(
            "Backend transformers memerlukan paket tambahan: pip install 'pantau[transformers]'."
        ) from exc
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return torch, transformers


def _label_columns(id2label: dict[int, str], label_map: dict[str, str]) -> list[int]:
    """For each model output index, the column in `LABELS` it feeds (-1 = ignored)."""
    mapping = {str(k): v for k, v in label_map.items()}
    columns = []
    unknown = []
    for index in sorted(id2label):
        name = str(id2label[index])
        target_name = mapping.get(name, mapping.get(str(index), name))
        target = normalize_label(target_name)
        if target is None:
            unknown.append(name)
            columns.append(-1)
        else:
            columns.append(LABELS.index(target))
    if unknown or not columns:
        raise ConfigError(
            "Label model transformers tidak dapat dipetakan: "
            f"{', '.join(unknown) or '(tidak ada label)'}. Isi [sentiment] label_map, "
            'misalnya label_map = { LABEL_0 = "negatif", LABEL_1 = "netral", LABEL_2 = "positif" }.'
        )
    return columns


class TransformersClassifier(Classifier):
    def __init__(
        self,
        model: str,
        *,
        label_map: dict[str, str] | None = None,
        device: str = "auto",
        batch_size: int = 32,
        max_length: int = 256,
    ) -> None:
        torch, transformers = _import()
        self._torch = torch
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(model)
            self.model = transformers.AutoModelForSequenceClassification.from_pretrained(model)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"Model transformers '{model}' tidak dapat dimuat: {exc}") from exc
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = torch.device(device)
        self.model.to(self.device)
        self.model.eval()
        self.batch_size = batch_size
        self.max_length = min(max_length, getattr(self.tokenizer, "model_max_length", max_length))
        self.columns = _label_columns(dict(self.model.config.id2label), label_map or {})
        self.name = model
        self.version = str(getattr(self.model.config, "_commit_hash", None)
                           or getattr(self.model.config, "transformers_version", "lokal"))

    def _windows(self, texts: Sequence[str]) -> tuple[dict[str, Any], list[int]]:
        encoded = self.tokenizer(
            list(texts), truncation=True, max_length=self.max_length,
            stride=max(self.max_length // 8, 0), return_overflowing_tokens=True,
            padding=True, return_tensors="pt",
        )
        owners = encoded.pop("overflow_to_sample_mapping").tolist()
        return dict(encoded), owners

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        torch = self._torch
        texts = [t if t.strip() else "." for t in texts]
        out = np.zeros((len(texts), len(LABELS)))
        for start in range(0, len(texts), self.batch_size):
            chunk = texts[start : start + self.batch_size]
            encoded, owners = self._windows(chunk)
            sums = np.zeros((len(chunk), len(LABELS)))
            counts = np.zeros(len(chunk))
            for w in range(0, len(owners), self.batch_size):
                batch = {k: v[w : w + self.batch_size].to(self.device) for k, v in encoded.items()}
                with torch.inference_mode():
                    logits = self.model(**batch).logits
                probs = torch.softmax(logits.float(), dim=-1).cpu().numpy()
                for row, owner in zip(probs, owners[w : w + self.batch_size], strict=True):
                    mapped = np.zeros(len(LABELS))
                    for index, column in enumerate(self.columns):
                        if column >= 0:
                            mapped[column] += row[index]
                    sums[owner] += mapped
                    counts[owner] += 1
            window_mean = sums / np.maximum(counts, 1)[:, None]
            totals = window_mean.sum(axis=1, keepdims=True)
            out[start : start + len(chunk)] = window_mean / np.where(totals > 0, totals, 1)
        return out
