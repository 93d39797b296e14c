"""Build `indicators/data/people-lexicon.tsv` from the NERP training split (Indonesian
news sentences with person, place, institution, event and product spans; IndoNLU).

    python benchmarks/build_people_lexicon.py [NERP_DIR]

For every lower-cased token seen at least twice: how often it was part of a person span
(PPL), of a place or institution (PLC, IND), of an event or product (EVT, FNB), outside any
span (O), and how often it came right before a person span (a title: "menteri", "kepala").
Only the training split is read; `bench_people.py` checks on the test split.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "data" / "sentiment" / "nerp"
OUT = HERE.parent / "indicators" / "data" / "people-lexicon.tsv"
COLUMNS = ("PPL", "PLC", "IND", "EVT", "FNB", "O", "BEFORE_PPL")


def read_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.rpartition("\t")
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def main(argv: list[str]) -> int:
    nerp = Path(argv[1]) if len(argv) > 1 else DEFAULT
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in read_sentences(nerp / "train_preprocess.txt"):
        for i, (token, tag) in enumerate(sentence):
            kind = tag.split("-", 1)[-1] if tag != "O" else "O"
            counts[token.lower()][kind] += 1
            if tag == "O" and i + 1 < len(sentence) and sentence[i + 1][1] == "B-PPL":
                counts[token.lower()]["BEFORE_PPL"] += 1
    rows = [(tok, c) for tok, c in counts.items()
            if sum(c[k] for k in COLUMNS[:6]) >= 2 and tok.isalpha()]
    rows.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# Built by benchmarks/build_people_lexicon.py from NERP train_preprocess.txt "
                 "(IndoNLU). token, then counts per tag.\n")
        fh.write("token\t" + "\t".join(COLUMNS) + "\n")
        for tok, c in rows:
            fh.write(tok + "\t" + "\t".join(str(c[k]) for k in COLUMNS) + "\n")
    print(f"{len(rows)} tokens written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
