"""Training the default linear model: from labelled files, and again with analysts'
corrections folded in (`retrain`)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from collectors.models import Match, Mention
from pantau.core.errors import InputError
from pantau.core.timeutil import utcnow
from sentiment.classifier import LinearClassifier
from sentiment.data import Example, read_many
from sentiment.linear import MODEL_FILE, LinearModel
from sentiment.models import SentimentLabel
from sentiment.passages import match_texts
from sentiment.registry import BUNDLED, activate, active_version, models_dir, version_path
from sentiment.retrain_log import (
    CARD_NAME,
    HeldOutScore,
    append_retraining_log,
    audited_match_ids,
    heldout_files,
    heldout_scores,
)

CORPUS_DIR = Path(__file__).parent / "corpus"
DEFAULT_CORPORA = [CORPUS_DIR / "pantau-id.csv", CORPUS_DIR / "smsa-train.tsv"]
MODEL_NAME = "pantau-linear-id"
CORRECTION_WEIGHT = 5.0
Echo = Callable[[str], None]


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _describe(paths: list[Path]) -> list[str]:
    return [p.name if p.parent == CORPUS_DIR else str(p) for p in paths]


def train_files(
    data: list[Path],
    out: Path,
    *,
    name: str = MODEL_NAME,
    version: str | None = None,
    extra: list[tuple[Example, float]] | None = None,
    echo: Echo = _say,
) -> LinearModel:
    """Train on labelled files (plus weighted extra examples) and save to `out`."""
    if not data:
        raise InputError("Sebutkan paling sedikit satu berkas data dengan --data.")
    _check_target(out)
    examples = read_many(data)
    weighted = [(e, 1.0) for e in examples] + list(extra or [])
    echo(f"Melatih model dari {len(weighted)} contoh ({len(extra or [])} dari koreksi analis)...")
    created = utcnow()
    model = LinearModel.train(
        [e.text for e, _ in weighted], [e.label for e, _ in weighted],
        sample_weight=[w for _, w in weighted],
        name=name, version=version or created.strftime("%Y%m%d-%H%M%S"),
        info={"created": created.isoformat(timespec="seconds"),
              "training_data": _describe(data), "corrections": len(extra or [])},
    )
    _save_replacing(model, out)
    echo(f"Model {model.name} versi {model.version} disimpan di {out}.")
    return model


def _check_target(out: Path) -> None:
    """Only a new or empty folder, or an earlier model folder, may receive a model."""
    if out.exists() and (not out.is_dir() or (
            any(out.iterdir()) and not (out / MODEL_FILE).is_file())):
        raise InputError(
            f"{out} sudah berisi berkas lain; pilih folder baru, kosong, atau folder model."
        )


def _save_replacing(model: LinearModel, out: Path) -> None:
    """Write the model next to `out`, then swap it in: a failed run leaves `out` as it was."""
    _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.baru-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    model.save(staging)
    if out.exists():
        retired = out.with_name(f".{out.name}.lama-{os.getpid()}")
        out.rename(retired)
        staging.rename(out)
        shutil.rmtree(retired)
    else:
        staging.rename(out)


def correction_examples(session: Session, *, exclude: set[int] | None = None
                        ) -> list[tuple[Example, float]]:
    """Every analyst label as training examples: the match's passages (or title and lead)
    with the human label, weighted above the base corpus; matches in `exclude` (audited
    mentions, kept as held-out data) are left out."""
    rows = session.exec(
        select(SentimentLabel, Match, Mention)
        .join(Match, Match.id == SentimentLabel.match_id)  # type: ignore[arg-type]
        .join(Mention, Mention.id == Match.mention_id)  # type: ignore[arg-type]
        .where(SentimentLabel.human_label.is_not(None))  # type: ignore[union-attr]
        .order_by(SentimentLabel.id)  # type: ignore[arg-type]
    ).all()
    examples = []
    seen: set[tuple[str, str]] = set()
    for label, match, mention in rows:
        if exclude and match.id in exclude:
            continue
        for text in match_texts(match.passages, mention.title, mention.text, mention.summary):
            key = (text, label.human_label or "")
            if key not in seen:
                seen.add(key)
                examples.append((Example(text, label.human_label or ""), CORRECTION_WEIGHT))
    return examples


@dataclass(frozen=True)
class RetrainResult:
    version: str
    path: Path
    corrections: int
    previous: str = BUNDLED
    scores: list[HeldOutScore] = field(default_factory=list)


def retrain(
    session: Session, *, data: list[Path] | None = None, echo: Echo = _say,
    heldout: list[Path] | None = None, margin: float = 0.1,
) -> RetrainResult:
    """A new model version from the base corpora plus every correction (audited mentions
    excepted), made active; the held-out scores of the replaced and the new model are
    appended to the model card's retraining log."""
    extra = correction_examples(session, exclude=audited_match_ids(session))
    previous = active_version()
    version = "r" + utcnow().strftime("%Y%m%d-%H%M%S")
    out = models_dir() / version
    suffix = 1
    while out.exists():
        suffix += 1
        out = models_dir() / f"{version}-{suffix}"
    model = train_files(data or DEFAULT_CORPORA, out, version=out.name, extra=extra, echo=echo)
    before = LinearClassifier.from_folder(version_path(previous))
    activate(model.version)
    scores = heldout_scores(session, before=before, after=LinearClassifier.from_folder(out),
                            files=heldout_files(heldout or []), margin=margin)
    append_retraining_log(models_dir() / CARD_NAME, when=utcnow(), version=model.version,
                          previous=previous, corrections=len(extra), scores=scores)
    return RetrainResult(version=model.version, path=out, corrections=len(extra),
                         previous=previous, scores=scores)
