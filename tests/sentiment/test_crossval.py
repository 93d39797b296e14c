"""The model-choice tool (`benchmarks/cv_sentiment.py`): folds keep an article block
together, its file options do what they say, and a small cross-validation runs."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from sentiment.corpus.merge_enriched import block_of
from sentiment.training import DEFAULT_TRAINING, NEWS_DIR, TrainingFile
from tests.benchmark_scripts import load_benchmark

pytestmark = pytest.mark.no_database


def _tool() -> ModuleType:
    return load_benchmark("cv_sentiment")


def test_an_article_block_stays_in_one_fold_and_every_fold_is_used() -> None:
    tool = _tool()
    with (NEWS_DIR / "train.csv").open(encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    folds: dict[tuple[str, int], set[int]] = defaultdict(set)
    for example_id in ids:
        folds[block_of(example_id)].add(tool.fold_of(example_id, 5))
    assert all(len(f) == 1 for f in folds.values())
    assert set().union(*folds.values()) == set(range(5))


def test_file_options_add_reweight_and_drop(tmp_path: Path) -> None:
    tool = _tool()
    extra = tmp_path / "extra.csv"
    files = tool.training_files([f"{extra}:3"], [f"{NEWS_DIR / 'train.csv'}:0",
                                                 f"{NEWS_DIR / 'written.csv'}:2.5"])
    paths = {f.path: f.weight for f in files}
    assert NEWS_DIR / "train.csv" not in paths
    assert paths[NEWS_DIR / "written.csv"] == 2.5 and paths[extra.resolve()] == 3.0
    assert len(files) == len(DEFAULT_TRAINING)
    with pytest.raises(SystemExit, match="names no default file"):
        tool.training_files([], [f"{extra}:1"])


def test_a_small_cross_validation_scores_the_real_passages() -> None:
    tool = _tool()
    macro, polar = tool.cross_validate([TrainingFile(NEWS_DIR / "train.csv", 1.0)], 2)
    assert 0.2 < macro < 1.0 and 0.0 < polar <= 1.0
