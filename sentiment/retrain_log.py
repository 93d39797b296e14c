"""How much each retraining moved the held-out scores, written into the model card.

`pantau sentiment retrain` scores the model it replaces and the new one on the same
held-out data, and appends one row to the "Retraining log" section of the office's model
card (`PANTAU_HOME/models/MODEL_CARD.md`, started as a copy of the bundled card). Held-out
data never used for training:

- the office's audited mentions (the items of audit samples an analyst labelled): they are
  kept out of retraining, so they stay a fair measure of it (judged per article, with the
  article rule);
- the labelled held-out splits the package ships (`sentiment/data/`: the news-tone test
  split, SmSA valid, the IndoLEM held-out part; the news-tone valid split calibrates every
  model, so it is not among them) and any files given with `--heldout`. A file's `target`
  column is marked as the bundled model's training data is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from collectors.models import Match, Mention, Profile
from pantau.core.files import atomic_output
from sentiment.aggregate import aggregate
from sentiment.classifier import Classifier
from sentiment.data import read_labelled
from sentiment.metrics import evaluate
from sentiment.models import AuditItem, SentimentLabel
from sentiment.passages import match_texts
from sentiment.targets import mark_target, marked_text, profile_target_names, target_pattern

CARD_NAME = "MODEL_CARD.md"
BUNDLED_CARD = Path(__file__).with_name(CARD_NAME)
DATA_DIR = Path(__file__).parent / "data"
SHIPPED_HELDOUT = (DATA_DIR / "news-tone" / "test.csv", DATA_DIR / "smsa" / "valid.tsv",
                   DATA_DIR / "indolem" / "held-out.tsv")
LOG_HEADING = "## Retraining log"
LOG_HEADER = ("| date (UTC) | new version (replaces) | corrections used | held-out macro-F1: "
              "before -> after (change) |\n|---|---|---|---|\n")
AUDITED = "audited mentions"


@dataclass(frozen=True)
class HeldOutScore:
    name: str
    size: int
    before: float | None
    after: float


def audited_match_ids(session: Session) -> set[int]:
    """Matches of every audit sample that an analyst has labelled."""
    return {int(m) for m in session.exec(
        select(AuditItem.match_id).join(
            SentimentLabel, col(SentimentLabel.match_id) == col(AuditItem.match_id))
        .where(col(SentimentLabel.human_label).is_not(None))).all()}


def _audited_articles(session: Session) -> list[tuple[list[str], str]]:
    ids = audited_match_ids(session)
    if not ids:
        return []
    rows = session.exec(
        select(Match, Mention, SentimentLabel, Profile)
        .join(Mention, col(Mention.id) == col(Match.mention_id))
        .join(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
        .join(Profile, col(Profile.id) == col(Match.profile_id))
        .where(col(Match.id).in_(ids)).order_by(col(Match.id))).all()
    out = []
    for match, mention, label, profile in rows:
        texts = match_texts(match.passages, mention.title, mention.text, mention.summary,
                            media_type=mention.media_type)
        pattern = target_pattern(profile_target_names(profile.institution,
                                                      match.matched_terms))
        if texts and label.human_label:
            out.append(([mark_target(t, pattern) for t in texts], label.human_label))
    return out


def _article_f1(classifier: Classifier, articles: Sequence[tuple[list[str], str]],
                margin: float | None) -> float:
    # None: the netral margin the model was calibrated with.
    margin = getattr(classifier, "margin", 0.1) if margin is None else margin
    flat = [t for texts, _ in articles for t in texts]
    probabilities = [p.probabilities for p in classifier.predict(flat)]
    predicted, position = [], 0
    for texts, _ in articles:
        predicted.append(aggregate(probabilities[position:position + len(texts)],
                                   margin=margin).label)
        position += len(texts)
    return evaluate([label for _, label in articles], predicted).macro_f1


def _file_f1(classifier: Classifier, path: Path) -> tuple[int, float]:
    examples = read_labelled(path)
    predicted = [p.label for p in classifier.predict(
        [marked_text(e.text, e.target) for e in examples])]
    return len(examples), evaluate([e.label for e in examples], predicted).macro_f1


def heldout_files(extra: Sequence[Path] = ()) -> list[Path]:
    return [*SHIPPED_HELDOUT, *extra]


def heldout_scores(session: Session, *, before: Classifier | None, after: Classifier,
                   files: Sequence[Path], margin: float | None) -> list[HeldOutScore]:
    scores = []
    articles = _audited_articles(session)
    if articles:
        scores.append(HeldOutScore(
            AUDITED, len(articles),
            _article_f1(before, articles, margin) if before else None,
            _article_f1(after, articles, margin)))
    for path in files:
        size, new = _file_f1(after, path)
        old = _file_f1(before, path)[1] if before else None
        name = path.relative_to(DATA_DIR).as_posix() if path.is_relative_to(DATA_DIR) \
            else path.name
        scores.append(HeldOutScore(name, size, old, new))
    return scores


def _cell(s: HeldOutScore) -> str:
    if s.before is None:
        return f"{s.name} ({s.size}): {s.after:.3f}"
    return f"{s.name} ({s.size}): {s.before:.3f} -> {s.after:.3f} ({s.after - s.before:+.3f})"


def append_retraining_log(card: Path, *, when: datetime, version: str, previous: str,
                          corrections: int, scores: Sequence[HeldOutScore]) -> None:
    """Append one row to the card's "Retraining log" (the card starts as a copy of the
    bundled card; the section and its table header are added when missing)."""
    text = card.read_text(encoding="utf-8") if card.is_file() else \
        BUNDLED_CARD.read_text(encoding="utf-8")
    if LOG_HEADING not in text:
        text = text.rstrip("\n") + f"\n\n---\n\n{LOG_HEADING}\n\n"
    if LOG_HEADER.splitlines()[0] not in text:
        text = text.rstrip("\n") + "\n\n" + LOG_HEADER
    moved = "; ".join(_cell(s) for s in scores) or "no held-out data"
    row = (f"| {when:%Y-%m-%d %H:%M} | {version} ({previous}) | {corrections} | "
           f"{moved} |\n")
    card.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(card) as tmp:
        Path(tmp).write_text(text.rstrip("\n") + "\n" + row, encoding="utf-8")
