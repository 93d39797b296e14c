"""Add labelled candidates (from `mine_news`) to the news-tone splits.

    python -m sentiment.corpus.merge_enriched CANDIDATES.csv LABELS_A LABELS_B

LABELS_A/B: the two annotation passes, whitespace-separated `<row><label>` tokens with
label p (positif), o (netral), n (negatif) or x (not a tone toward an Indonesian public
body: a foreign body, a party office, another person of the same name; dropped).
Split by article: a passage joins the split of the labelled passages in its block of 50
consecutive sentences (NERP's own valid and test files stay valid and test); a block
with none is assigned by the SHA-1 of its key: 60% test, 20% valid, 20% train (the
positif and negatif passages are rare, and the test split needs them most). New rows
carry `selection` = enriched; the earlier rows (a random sample) `selection` = sample.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

from sentiment.corpus.mine_news import NEWS

LABELS = {"p": "positif", "o": "netral", "n": "negatif"}
FIELDS = ["id", "text", "target", "label", "label_a", "label_b", "adjudicated", "source",
          "target_type", "selection"]


def block_of(sid: str) -> tuple[str, int]:
    prefix, number = sid.rsplit("-", 1)
    return prefix, int(number) // 50


def new_block_split(key: tuple[str, int]) -> str:
    digest = int(hashlib.sha1(f"{key[0]}:{key[1]}".encode()).hexdigest(), 16) % 10
    return "test" if digest < 6 else "valid" if digest < 8 else "train"


def read_pass(path: Path) -> dict[int, str]:
    return {int(token[:-1]): token[-1] for token in path.read_text().split()}


def main() -> None:
    with Path(sys.argv[1]).open(encoding="utf-8") as handle:
        candidates = list(csv.DictReader(handle))
    first, second = read_pass(Path(sys.argv[2])), read_pass(Path(sys.argv[3]))
    splits: dict[str, list[dict[str, str]]] = {}
    blocks: dict[tuple[str, int], str] = {}
    for name in ("train", "valid", "test"):
        with (NEWS / f"{name}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            row.setdefault("selection", "sample")
            row["selection"] = row["selection"] or "sample"
            blocks[block_of(row["id"])] = name
        splits[name] = rows
    added = {name: 0 for name in splits}
    present = {row["id"] for rows in splits.values() for row in rows}
    for number, row in enumerate(candidates):
        if row["id"] in present:  # run twice: nothing added twice
            continue
        a, b = first[number], second[number]
        if a != b:
            raise SystemExit(f"row {number}: passes differ ({a}/{b}); adjudicate first")
        if a == "x":
            continue
        prefix, _ = key = block_of(row["id"])
        if prefix in ("nerp-valid", "nerp-test"):
            split = prefix.removeprefix("nerp-")
        else:
            split = blocks.setdefault(key, new_block_split(key))
        splits[split].append({
            "id": row["id"], "text": row["text"], "target": row["target"],
            "label": LABELS[a], "label_a": LABELS[a], "label_b": LABELS[b],
            "adjudicated": "tidak", "source": row["source"],
            "target_type": row["target_type"], "selection": "enriched"})
        added[split] += 1
    for name, rows in splits.items():
        with (NEWS / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    print(f"added: {added}", file=sys.stderr)


if __name__ == "__main__":
    main()
