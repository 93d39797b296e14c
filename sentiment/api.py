"""What other packages may call in sentiment (the CLI, the web app, the scheduler's steps,
the demo, indicators). Everything else in the package is internal.

- Tone: the label names, and the effective tone of a match (the analyst's label wins) in
  Python and in SQL; every count and page uses these.
- Mentions: one filter and one row shape for listing and exporting stored mentions with
  their tone.
- The review queue (labels most likely wrong first; an audit sample's items, blind).
- Labelling, analysts' corrections, models (train, retrain, evaluate, activate).

Functions that depend on the configuration take `[sentiment]` as `sentiment=` (or `config`).
"""

from __future__ import annotations

from sentiment.classifier import Classifier, LinearClassifier
from sentiment.config import SentimentConfig
from sentiment.corrections import correct, correct_matches, match_for_mention
from sentiment.data import read_labelled
from sentiment.demo import run_sentiment_demo
from sentiment.labels import (
    LABEL_NAMES,
    LABELS,
    UNLABELLED,
    UNLABELLED_NAME,
    effective_tone,
    effective_tone_expr,
    normalize_label,
    parse_label,
)
from sentiment.mention_export import EXPORT_FIELDS, EXPORT_FORMATS, export_mentions
from sentiment.mentions import (
    FilterChoices,
    MatchDetail,
    MentionDetail,
    MentionFilter,
    MentionRow,
    PageKey,
    count_mentions,
    filter_choices,
    list_mentions,
    mention_detail,
    paged_mentions,
    select_mentions,
)
from sentiment.metrics import evaluate
from sentiment.registry import ModelEntry, activate, list_models, load_classifier
from sentiment.review import ReviewItem, ReviewQueue, audit_queue, review_queue
from sentiment.service import label_batch, label_pending, pending_matches
from sentiment.targets import (
    MARKER,
    mark_target,
    marked_text,
    profile_target_names,
    target_names,
    target_pattern,
)
from sentiment.training import DEFAULT_TRAINING, RetrainResult, TrainingFile, retrain, train_files

__all__ = [
    "DEFAULT_TRAINING",
    "MARKER",
    "TrainingFile",
    "mark_target",
    "marked_text",
    "profile_target_names",
    "target_names",
    "target_pattern",
    "EXPORT_FIELDS",
    "EXPORT_FORMATS",
    "LABELS",
    "LABEL_NAMES",
    "UNLABELLED",
    "UNLABELLED_NAME",
    "Classifier",
    "FilterChoices",
    "LinearClassifier",
    "MatchDetail",
    "MentionDetail",
    "MentionFilter",
    "MentionRow",
    "PageKey",
    "ModelEntry",
    "RetrainResult",
    "ReviewItem",
    "ReviewQueue",
    "SentimentConfig",
    "activate",
    "audit_queue",
    "correct",
    "correct_matches",
    "count_mentions",
    "effective_tone",
    "effective_tone_expr",
    "evaluate",
    "export_mentions",
    "filter_choices",
    "label_batch",
    "label_pending",
    "pending_matches",
    "list_mentions",
    "list_models",
    "load_classifier",
    "match_for_mention",
    "mention_detail",
    "paged_mentions",
    "normalize_label",
    "parse_label",
    "read_labelled",
    "retrain",
    "review_queue",
    "run_sentiment_demo",
    "select_mentions",
    "train_files",
]
