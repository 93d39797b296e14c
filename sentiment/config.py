"""Config section owned by sentiment: which classifier labels mentions.

```toml
[sentiment]
backend = "linear"          # "linear" (default, offline) or "transformers"
model = "..."               # linear: a model folder; transformers: a hub id or local path
label_map = { LABEL_0 = "negatif", LABEL_1 = "netral", LABEL_2 = "positif" }
device = "auto"             # transformers: "auto", "cpu", "cuda", "cuda:1"
batch_size = 32
max_length = 256            # transformers: tokens per window; longer texts use windows
margin = 0.1                # article rule: toned passages' positif and negatif means
                            # closer than this give netral (default: the margin the
                            # model was calibrated with on article-level validation data)
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class SentimentConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["linear", "transformers"] = "linear"
    model: str | None = None
    label_map: dict[str, str] = Field(default_factory=dict)
    device: str = "auto"
    batch_size: int = Field(default=32, ge=1, le=4096)
    max_length: int = Field(default=256, ge=8, le=4096)
    margin: float | None = Field(default=None, ge=0.0, le=1.0)
