"""`NearIndex` finds exactly the texts a whole comparison finds: every indexed text whose
character 5-grams, or words (texts of 5 words or more), have a Jaccard index >= 0.5 with
the text asked about, and nothing else."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from sentiment.corpus.mine_news import NearIndex, shingles, words

pytestmark = pytest.mark.no_database

NEWS = Path(__file__).parents[2] / "sentiment" / "data" / "news-tone"


def _near_by_comparing_all(indexed: list[str], text: str) -> bool:
    def close(a: set[str], b: set[str]) -> bool:
        return len(a & b) >= len(a | b) / 2

    sh, ws = shingles(text), words(text)
    return any(close(sh, shingles(other)) or (len(ws) >= 5 and close(ws, words(other)))
               for other in indexed)


def _edited(text: str, rng: random.Random) -> str:
    """The text with some of its words dropped, repeated or swapped: near it or not."""
    tokens = text.split()
    for _ in range(rng.randint(1, max(len(tokens) // 2, 1))):
        at = rng.randrange(len(tokens))
        edit = rng.choice(("drop", "repeat", "swap"))
        if edit == "drop" and len(tokens) > 1:
            del tokens[at]
        elif edit == "repeat":
            tokens.insert(at, tokens[at])
        else:
            tokens[at] = rng.choice(tokens)
    return " ".join(tokens)


def test_near_finds_what_comparing_every_text_finds() -> None:
    with (NEWS / "valid.csv").open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)][:300]
    rng = random.Random(14)
    indexed = texts[:150]
    index = NearIndex()
    for number, text in enumerate(indexed):
        index.add(str(number), text)
    asked = [_edited(rng.choice(indexed), rng) for _ in range(300)] + texts[150:] + [
        "Kemensos", "", "a b c d e"]
    found = {text: index.near(text) for text in asked}
    expected = {text: _near_by_comparing_all(indexed, text) for text in asked}
    assert {text: key is not None for text, key in found.items()} == expected
    # Both answers occur: the edits make texts on both sides of the threshold.
    assert 50 < sum(expected.values()) < len(asked) - 50
    for text, key in found.items():
        if key is not None:
            assert _near_by_comparing_all([indexed[int(key)]], text)


def test_near_finds_texts_sharing_only_common_words_at_the_threshold() -> None:
    """The hardest case for an index: the shared words are the most common ones in the index
    (many texts hold them) and the Jaccard index is exactly 0.5. The long made-up words
    keep the character 5-grams apart, so only the word comparison can find them."""
    rng = random.Random(7)

    def made_up() -> str:
        return "".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aiueo")
                       for _ in range(8))

    common = ["di", "ke", "ya", "om", "ah", "uh"]
    indexed = [" ".join([*common[:4], made_up(), made_up()]) for _ in range(40)]
    indexed.append(" ".join(common[2:]))
    index = NearIndex()
    for number, text in enumerate(indexed):
        index.add(str(number), text)
    at_half = " ".join([*common[:4], made_up(), made_up()])  # 4 shared of 8: 0.5
    below = " ".join([*common[:3], made_up(), made_up(), made_up()])  # 3 of 9
    above = " ".join([*common[:4], made_up()])  # 4 of 7
    holding = " ".join([*common[2:], *(made_up() for _ in range(4))])  # the short one whole: 0.5
    assert _near_by_comparing_all(indexed, at_half)
    assert not _near_by_comparing_all(indexed, below)
    assert _near_by_comparing_all(indexed, above)
    assert _near_by_comparing_all(indexed[-1:], holding)
    assert index.near(at_half) is not None
    assert index.near(below) is None
    assert index.near(above) is not None
    assert index.near(holding) == str(len(indexed) - 1)
