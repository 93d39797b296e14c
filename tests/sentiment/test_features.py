"""The feature hash is the one the models were built with: MurmurHash3 (x86, 32 bits,
unsigned) of the UTF-8 text, as scikit-learn's `murmurhash3_32(positive=True)` computes it.
A different hash would silently scramble every shipped and retrained model's weights."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sklearn.utils import murmurhash3_32

from sentiment.features import FeatureSettings, HashedFeaturizer

pytestmark = pytest.mark.no_database

DATA = Path(__file__).parents[2] / "sentiment" / "data" / "news-tone"
MODEL = Path(__file__).parents[2] / "sentiment" / "model"


def test_the_hash_is_scikit_learns_murmurhash3_on_real_and_odd_words() -> None:
    with (DATA / "valid.csv").open(encoding="utf-8") as handle:
        words = {w for row in csv.DictReader(handle) for w in re.findall(r"\w+", row["text"])}
    words |= {"", "lex:positif", "_target_", "ñandú", "中文", "🙂", "ß" * 300}
    for seed in (0, 17, 2**31 - 1):
        featurizer = HashedFeaturizer(FeatureSettings(seed=seed))
        different = [w for w in words
                     if featurizer._hash(w) != murmurhash3_32(w, seed=seed, positive=True)]
        assert not different, different[:10]
    assert len(words) > 1000


def test_labelling_does_not_load_scikit_learn() -> None:
    """A process that only labels (the web app, a worker) skips scikit-learn's import (about
    1 s and 60 MB): the web app loaded, the bundled model's labels."""
    code = ("import sys; from pathlib import Path; "
            "from sentiment.classifier import LinearClassifier; "
            "import sentiment.service, pantau.web.app; "
            f"model = LinearClassifier.from_folder(Path({str(MODEL)!r})); "
            "assert model.predict(['_TARGET_ menyalurkan bantuan.'])[0].label; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
