"""The shipped news-tone set keeps its promises: split by article, no copies across
splits, nothing trained on that is a copy of an evaluation text (the demo's sample stories
and clippings, the guide's examples), two labels per passage and the final one."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sentiment.corpus.merge_enriched import block_of
from sentiment.corpus.mine_news import NearIndex, evaluation_texts

NEWS = Path(__file__).parents[2] / "sentiment" / "data" / "news-tone"
SPLITS = ("train", "valid", "test")


def _rows(name: str) -> list[dict[str, str]]:
    with (NEWS / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_each_article_block_is_in_one_split_only() -> None:
    seen: dict[tuple[str, int], str] = {}
    ids: set[str] = set()
    for split in SPLITS:
        for row in _rows(split):
            assert row["id"] not in ids, row["id"]
            ids.add(row["id"])
            block = block_of(row["id"])
            assert seen.setdefault(block, split) == split, (row["id"], seen[block], split)
            if block[0] in ("nerp-valid", "nerp-test"):
                assert split == block[0].removeprefix("nerp-"), row["id"]


def test_labels_are_two_annotations_and_the_settled_one() -> None:
    for split in SPLITS:
        for row in _rows(split):
            assert row["selection"] in ("sample", "enriched"), row["id"]
            assert {row["label"], row["label_a"], row["label_b"]} <= {
                "positif", "netral", "negatif"}, row["id"]
            if row["label_a"] == row["label_b"]:
                assert row["label"] == row["label_a"] and row["adjudicated"] == "tidak"
            else:
                assert row["adjudicated"] == "ya", row["id"]
            assert row["target"].casefold() in row["text"].casefold(), row["id"]


@pytest.mark.slow
def test_no_copies_across_splits_or_of_evaluation_texts() -> None:
    held_out = NearIndex()
    for split in ("valid", "test"):
        for row in _rows(split):
            held_out.add(f"{split}:{row['id']}", row["text"])
    for key, text in evaluation_texts():
        held_out.add(key, text)
    copies = []
    for name in ("train", "written"):
        for row in _rows(name):
            near = held_out.near(row["text"])
            if near is not None:
                copies.append((f"{name}:{row['id']}", near))
    assert not copies, copies[:10]
    test_index = NearIndex()
    for row in _rows("test"):
        test_index.add(row["id"], row["text"])
    copies = [(row["id"], near) for row in _rows("valid")
              if (near := test_index.near(row["text"])) is not None]
    assert not copies, copies[:10]
