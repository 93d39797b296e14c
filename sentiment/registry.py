"""Where models live and which one is active.

- The bundled default model ships inside the package (`sentiment/model/`).
- Retrained and imported versions live in `PANTAU_HOME/models/<version>/`; the file
  `PANTAU_HOME/models/ACTIVE` names the active version.
- `[sentiment] model = "path"` in the config overrides both; `backend = "transformers"`
  selects a Hugging Face model instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pantau.core.errors import NotFoundError
from pantau.core.settings import get_settings
from sentiment.classifier import Classifier, LinearClassifier
from sentiment.config import SentimentConfig
from sentiment.linear import MODEL_FILE

BUNDLED_DIR = Path(__file__).parent / "model"
BUNDLED = "bawaan"
ACTIVE_FILE = "ACTIVE"


@dataclass(frozen=True)
class ModelEntry:
    version: str
    name: str
    path: Path
    created: str | None
    active: bool


def models_dir() -> Path:
    return get_settings().home / "models"


def active_version() -> str:
    """The active stored version, or `bawaan` for the bundled model."""
    marker = models_dir() / ACTIVE_FILE
    if marker.is_file():
        version = marker.read_text(encoding="utf-8").strip()
        if version and (models_dir() / version / MODEL_FILE).is_file():
            return version
    return BUNDLED


def version_path(version: str) -> Path:
    if version == BUNDLED:
        return BUNDLED_DIR
    path = models_dir() / version
    if not (path / MODEL_FILE).is_file():
        raise NotFoundError(f"Versi model '{version}' tidak ada di {models_dir()}.")
    return path


def activate(version: str) -> None:
    version_path(version)  # must exist
    folder = models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ACTIVE_FILE).write_text(version + "\n", encoding="utf-8")


def _meta(path: Path) -> dict[str, object]:
    try:
        return dict(json.loads((path / MODEL_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def list_models() -> list[ModelEntry]:
    active = active_version()
    entries = []
    folders = [(BUNDLED, BUNDLED_DIR)]
    if models_dir().is_dir():
        folders += sorted(
            (p.name, p) for p in models_dir().iterdir() if (p / MODEL_FILE).is_file()
        )
    for version, path in folders:
        meta = _meta(path)
        entries.append(ModelEntry(
            version=version, name=str(meta.get("name", "?")), path=path,
            created=str(meta["created"]) if meta.get("created") else None,
            active=version == active,
        ))
    return entries


def load_classifier(config: SentimentConfig) -> Classifier:
    """The classifier `[sentiment]` chooses: a transformers model, a linear model folder,
    else the active version."""
    if config.backend == "transformers":
        # deferred: imports torch and transformers, seconds of start-up, only for this backend
        from sentiment.transformers_backend import TransformersClassifier

        if not config.model:
            raise NotFoundError(
                "Backend transformers memerlukan [sentiment] model (id hub atau folder lokal)."
            )
        return TransformersClassifier(
            config.model, label_map=config.label_map, device=config.device,
            batch_size=config.batch_size, max_length=config.max_length,
        )
    if config.model:
        return LinearClassifier.from_folder(Path(config.model).expanduser())
    return LinearClassifier.from_folder(version_path(active_version()))
