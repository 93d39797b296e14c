"""Add a writer's passages, labelled again blind, to a written training set.

    python -m sentiment.corpus.merge_written WRITTEN.csv BLIND.csv OUT.csv [--no-target]

WRITTEN.csv: the writer's passages, columns `id,text,target,label,kind` (`target` empty
with `--no-target`: the tone of the passage as a whole, as in `economy/`).
BLIND.csv: the second label of each passage by another annotator who saw only the
labelling guide and the shuffled texts with their targets, columns `id,label`.
OUT.csv: the training file (`id,text,target,label,label_b,kind,origin`), created when
missing; rows already in it are kept and never added twice, so a re-run adds nothing.

A passage joins only when both labels agree and it is not a near copy
(`mine_news.NearIndex`) of a held-out text (the news-tone valid and test splits, the
written test sets, the article validation set, the demo's sample, the guide's examples),
of a passage already trained on (`DEFAULT_TRAINING`, OUT.csv) or of another passage of
the same batch. The rules are in `sentiment/data/README.md`; `tests/sentiment/
test_news_data.py` checks the shipped outcome.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pantau.core.errors import InputError
from pantau.core.files import atomic_output
from sentiment.articles import article_sentences
from sentiment.corpus.mine_news import NearIndex, evaluation_texts
from sentiment.labels import LABELS

DATA = Path(__file__).parents[1] / "data"
FIELDS = ["id", "text", "target", "label", "label_b", "kind", "origin"]
KINDS = ("headline", "lead", "body", "quote", "post")
HELD_OUT = ("news-tone/valid.csv", "news-tone/test.csv", "news-tone/written-test.csv",
            "news-tone/written-subtle-test.csv", "news-tone/written-stretch-test.csv",
            "economy/written-test.csv")


@dataclass
class MergeReport:
    added: int = 0
    present: int = 0
    disagree: int = 0
    copies_held_out: int = 0
    copies_trained: int = 0
    labels: Counter[str] = field(default_factory=Counter)


def _read(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"Berkas {path}: tidak ada kolom: {', '.join(missing)}")
        return list(reader)


def read_written(path: Path, *, targeted: bool = True) -> list[dict[str, str]]:
    """The writer's passages, checked: every problem names the file, the row and the field."""
    rows = _read(path, ("id", "text", "target", "label", "kind"))
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        where = f"{path} baris {number}"
        if not row["id"] or row["id"] in seen:
            raise InputError(f"{where} kolom id: '{row['id']}' kosong atau ganda")
        seen.add(row["id"])
        if row["label"] not in LABELS:
            raise InputError(f"{where} kolom label: '{row['label']}' bukan positif, netral, "
                             "negatif")
        if row["kind"] not in KINDS:
            raise InputError(f"{where} kolom kind: '{row['kind']}' bukan {', '.join(KINDS)}")
        if targeted and (not row["target"]
                         or row["target"].casefold() not in row["text"].casefold()):
            raise InputError(f"{where} kolom target: '{row['target']}' tidak ada di teks")
        if not targeted and row["target"]:
            raise InputError(f"{where} kolom target: harus kosong (nada teks seluruhnya)")
    return rows


def read_blind(path: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    for number, row in enumerate(_read(path, ("id", "label")), start=2):
        if row["label"] not in LABELS:
            raise InputError(f"{path} baris {number} kolom label: '{row['label']}' bukan "
                             "positif, netral, negatif")
        labels[row["id"]] = row["label"]
    return labels


def held_out_index() -> NearIndex:
    index = NearIndex()
    for name in HELD_OUT:
        for row in _read(DATA / name, ("id", "text")):
            index.add(f"{name}:{row['id']}", row["text"])
    for key, sentence in article_sentences():
        index.add(f"articles-valid:{key}", sentence)
    for key, text in evaluation_texts():
        index.add(key, text)
    return index


def trained_index(out: Path) -> NearIndex:
    from sentiment.training import DEFAULT_TRAINING

    index = NearIndex()
    paths = [f.path for f in DEFAULT_TRAINING if f.path.suffix == ".csv"]
    for path in [*paths, out] if out not in paths else paths:
        if path.exists():
            for row in _read(path, ("id", "text")):
                index.add(f"{path.name}:{row['id']}", row["text"])
    return index


def merge(written: Path, blind: Path, out: Path, *, targeted: bool = True) -> MergeReport:
    rows = read_written(written, targeted=targeted)
    second = read_blind(blind)
    unlabelled = [row["id"] for row in rows if row["id"] not in second]
    if unlabelled:
        raise InputError(f"{blind}: tidak ada label kedua untuk {len(unlabelled)} teks, "
                         f"mis. {unlabelled[0]}")
    existing = _read(out, tuple(FIELDS)) if out.exists() else []
    present = {row["id"] for row in existing}
    held_out, trained = held_out_index(), trained_index(out)
    report = MergeReport()
    added = []
    for row in rows:
        if row["id"] in present:
            report.present += 1
            continue
        if row["label"] != second[row["id"]]:
            report.disagree += 1
        elif held_out.near(row["text"]) is not None:
            report.copies_held_out += 1
        elif trained.near(row["text"]) is not None:
            report.copies_trained += 1
        else:
            trained.add(f"{written.name}:{row['id']}", row["text"])
            added.append({"id": row["id"], "text": row["text"], "target": row["target"],
                          "label": row["label"], "label_b": second[row["id"]],
                          "kind": row["kind"], "origin": "written"})
            report.labels[row["label"]] += 1
    report.added = len(added)
    with atomic_output(out) as staging, staging.open("w", encoding="utf-8",
                                                      newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows([{k: row[k] for k in FIELDS} for row in existing] + added)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("written", type=Path)
    parser.add_argument("blind", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-target", action="store_true",
                        help="the passages are judged as a whole (economic news)")
    args = parser.parse_args(argv)
    try:
        report = merge(args.written, args.blind, args.out, targeted=not args.no_target)
    except InputError as error:
        sys.exit(str(error))
    print(f"{args.written.name}: {report.added} ditambahkan ({dict(report.labels)}), "
          f"{report.present} sudah ada, {report.disagree} label berbeda, "
          f"{report.copies_held_out} mirip data uji, {report.copies_trained} mirip data latih")


if __name__ == "__main__":
    main()
