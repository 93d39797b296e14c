"""Sentiment benchmark: macro-F1 on every labelled set Pantau has, side by side with the
previous bundled model and the `sensi` package, and throughput.

    python benchmarks/bench_sentiment.py [--model DIR] [--previous DIR] [--sensi-python PATH]
                                         [--articles N]

Sets (size and source printed with each figure):
- news-tone test (`sentiment/data/news-tone/test.csv`): real news sentences labelled by
  the house rules toward the institution they name (the `target` column); the model sees
  the target. Also the article rule with the model's calibrated netral margin, and the two
  parts of the split apart: the random sample (natural distribution, mostly netral) and
  the enriched part (passages pre-filtered as likely positif/negatif, then labelled).
- written test sets, never trained on (written by other writers than the training
  passages, labelled twice): `news-tone/written-test.csv` (tone toward the named
  institution: headlines, leads, quotes, posts), `news-tone/written-subtle-test.csv` (the
  same, written for 2.5.0 in the subtler style of real coverage: tone carried by who
  speaks, verbs of attribution and the facts, sarcasm, denials, the body's own statements),
  `news-tone/written-stretch-test.csv` (stretches of two to four sentences whose tone sits
  in a sentence that does not name the institution: TV segments, posts, headline + lead)
  and `economy/written-test.csv` (economic and financial news, the tone of the passage as a
  whole: no target).
- SmSA valid (`sentiment/data/smsa/valid.tsv`): reviews and comments, 3 classes.
- NusaX-id test (`shared/data/sentiment/nusax-id/test.csv`, when present beside the
  checkout): 3 classes; the texts that overlap SmSA train were removed from Pantau's
  training data, so the figure is not inflated for the new model (it is for 1.0.0).
- IndoLEM held-out (`sentiment/data/indolem/held-out.tsv`): tweets and hotel reviews,
  binary: positif vs negatif, the larger of the two probabilities.
Macro-F1 on 3 classes is the arg-max label of each passage unless said otherwise.

Article level (the label Pantau stores for a mention): each story becomes the passages a
profile would find (`sentiment.articles`), scored and aggregated by the article rule
(`sentiment.aggregate`: the toned passages decide, with the model's calibrated margin),
beside the rule before 2.2.0 (mean over all passages, margin 0.02):
- the written article-level validation set (`news-tone/articles-valid.csv`), on which the
  rule and its margin were chosen (optimistic);
- the demo's sample articles (`collectors/sample/stories.json` with the reviewed tones in
  `expected-tones.csv`), never used for any choice: the held-out check.

sensi (binary Naive Bayes) pins numpy < 2 and nltk 3.8.1, so it lives in its own virtual
environment (default /work/sensi-venv; `python -m venv /work/sensi-venv &&
/work/sensi-venv/bin/pip install sensi 'numpy<2' nltk==3.8.1`) and is called through a
subprocess; it is optional. It is compared on the positive/negative subsets.
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

from sentiment.aggregate import aggregate  # noqa: E402
from sentiment.articles import Article, article_passages, read_articles  # noqa: E402
from sentiment.classifier import LinearClassifier  # noqa: E402
from sentiment.data import Example, read_labelled  # noqa: E402
from sentiment.labels import parse_label  # noqa: E402
from sentiment.metrics import evaluate  # noqa: E402
from sentiment.registry import BUNDLED_DIR  # noqa: E402
from sentiment.targets import marked_text  # noqa: E402

DATA = REPO / "sentiment" / "data"
PREVIOUS = REPO / "benchmarks" / "data" / "pantau-linear-id-1.0.0"
TARGET_RATE = 2000
SENSI_SCRIPT = r"""
import json, sys, time
from sensi import prediksi_nbc
texts = json.load(sys.stdin)
start = time.perf_counter()
scores = [prediksi_nbc(t) for t in texts]
json.dump({"scores": scores, "seconds": time.perf_counter() - start}, sys.stdout)
"""


def shared_dir() -> Path | None:
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "data" / "sentiment"
        if candidate.is_dir():
            return candidate
    return None


def read_nusax(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as handle:
        return [Example(r["text"], parse_label(r["label"])) for r in csv.DictReader(handle)]


def news_selection(path: Path, selection: str) -> list[Example]:
    """The passages of a news-tone split chosen one way: `sample` (the random sample of
    passages naming an institution: the natural distribution) or `enriched` (pre-filtered
    for likely positif/negatif passages; see data/README.md)."""
    with path.open(encoding="utf-8") as handle:
        chosen = [row["selection"] == selection for row in csv.DictReader(handle)]
    return [e for e, keep in zip(read_labelled(path), chosen, strict=True) if keep]


def labelled_sets() -> dict[str, tuple[str, list[Example], bool]]:
    """name -> (source, examples, binary)."""
    test = DATA / "news-tone" / "test.csv"
    sets = {
        "news-tone test": ("sentiment/data/news-tone/test.csv (NERP + kumparan, semua)",
                           read_labelled(test), False),
        "  sampel alami": ("test.csv, selection = sample (distribusi alami)",
                           news_selection(test, "sample"), False),
        "  diperkaya": ("test.csv, selection = enriched (disaring: calon positif/negatif)",
                        news_selection(test, "enriched"), False),
        "news-tone valid": ("sentiment/data/news-tone/valid.csv (kalibrasi)",
                            read_labelled(DATA / "news-tone" / "valid.csv"), False),
        "tulisan uji": ("sentiment/data/news-tone/written-test.csv (ditulis, nada ke lembaga)",
                        read_labelled(DATA / "news-tone" / "written-test.csv"), False),
        "tulisan halus uji": ("sentiment/data/news-tone/written-subtle-test.csv (ditulis, nada "
                              "tersirat ke lembaga)",
                              read_labelled(DATA / "news-tone" / "written-subtle-test.csv"), False),
        "tulisan rentang uji": ("sentiment/data/news-tone/written-stretch-test.csv (ditulis, "
                                "2-4 kalimat, nada di kalimat tanpa nama lembaga)",
                                read_labelled(DATA / "news-tone" / "written-stretch-test.csv"),
                                False),
        "ekonomi uji": ("sentiment/data/economy/written-test.csv (ditulis, nada berita ekonomi)",
                        read_labelled(DATA / "economy" / "written-test.csv"), False),
        "SmSA valid": ("sentiment/data/smsa/valid.tsv (IndoNLU)",
                       read_labelled(DATA / "smsa" / "valid.tsv"), False),
    }
    shared = shared_dir()
    if shared is not None and (shared / "nusax-id" / "test.csv").is_file():
        sets["NusaX-id test"] = ("shared/data/sentiment/nusax-id/test.csv",
                                 read_nusax(shared / "nusax-id" / "test.csv"), False)
    sets["IndoLEM held-out"] = ("sentiment/data/indolem/held-out.tsv (biner)",
                                read_labelled(DATA / "indolem" / "held-out.tsv"), True)
    return sets


def binary_labels(classifier: LinearClassifier, texts: list[str]) -> list[str]:
    return ["positif" if p.probabilities["positif"] >= p.probabilities["negatif"] else "negatif"
            for p in classifier.predict(texts)]


def scores(classifier: LinearClassifier, examples: list[Example], binary: bool,
           margin: float | None = None) -> tuple[float, float]:
    """(macro-F1, accuracy) of one model on one set; the target is marked when known."""
    texts = [marked_text(e.text, e.target) for e in examples]
    gold = [e.label for e in examples]
    if binary:
        predicted = binary_labels(classifier, texts)
    elif margin is None:
        predicted = [p.label for p in classifier.predict(texts)]
    else:
        predicted = [aggregate([p.probabilities], margin=margin).label
                     for p in classifier.predict(texts)]
    result = evaluate(gold, predicted)
    return result.macro_f1, result.accuracy


SAMPLE = REPO / "collectors" / "sample"
OLD_MARGIN = 0.02  # 2.1.0's margin for the mean over all passages


def sample_articles() -> list[Article]:
    """The demo's sample news articles that carry a reviewed tone (the held-out check)."""
    with (SAMPLE / "expected-tones.csv").open(encoding="utf-8") as handle:
        tones = {r["kunci"]: r["nada"] for r in csv.DictReader(handle)
                 if r["jenis"] == "artikel" and r["nada"]}
    stories = json.loads((SAMPLE / "stories.json").read_text(encoding="utf-8"))
    return [Article(s["slug"], s["title"], " ".join(s["paras"]), "Kementerian Sosial",
                    ("Kemensos", "Mensos", "Menteri Sosial"), tones[s["slug"]], "sampel")
            for s in stories if s["slug"] in tones]


def mean_rule(passages: list[dict[str, float]], margin: float) -> str:
    """The article rule before 2.2.0: the mean over all passages, netral below margin."""
    mean = {k: sum(p[k] for p in passages) / len(passages) for k in passages[0]}
    ranked = sorted(mean, key=lambda k: mean[k], reverse=True)
    return "netral" if mean[ranked[0]] - mean[ranked[1]] < margin else ranked[0]


def article_scores(classifier: LinearClassifier, articles: list[Article]) -> None:
    scored = [[p.probabilities for p in classifier.predict(article_passages(a))]
              for a in articles]
    gold = [a.label for a in articles]
    for name, predicted in (
            (f"toned passages, margin {classifier.margin:.2f}",
             [aggregate(s, margin=classifier.margin).label for s in scored]),
            (f"mean, margin {OLD_MARGIN:.2f} (<= 2.1.0)",
             [mean_rule(s, OLD_MARGIN) for s in scored])):
        result = evaluate(gold, predicted)
        missed = sum(g == "negatif" != p for g, p in zip(gold, predicted, strict=True))
        wrong = sum(p == "negatif" != g for g, p in zip(gold, predicted, strict=True))
        print(f"  {name:<32} F1 {result.macro_f1:.3f}  akurasi {result.accuracy:.3f}  "
              f"negatif terlewat {missed}, salah negatif {wrong}")


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
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=BUNDLED_DIR)
    parser.add_argument("--previous", type=Path, default=PREVIOUS,
                        help="the previous bundled model (1.0.0), for comparison")
    parser.add_argument("--sensi-python", type=Path, default=Path("/work/sensi-venv/bin/python"))
    parser.add_argument("--articles", type=int, default=4000)
    args = parser.parse_args()

    new = LinearClassifier.from_folder(args.model)
    old = LinearClassifier.from_folder(args.previous)
    margin = float(new.model.info.get("margin", 0.1))
    print(f"Model: {new.name} {new.version} ({args.model}); "
          f"pembanding: {old.name} {old.version} ({args.previous})")
    sets = labelled_sets()
    print(f"\n{'data':<18}{'n':>6}{'baru F1':>9}{'lama F1':>9}{'baru akurasi':>14}"
          f"{'lama akurasi':>14}   sumber")

    def row(name: str, n: int, a: tuple[float, float], b: tuple[float, float],
            source: str) -> None:
        print(f"{name:<18}{n:>6}{a[0]:>9.3f}{b[0]:>9.3f}{a[1]:>14.3f}{b[1]:>14.3f}   {source}")

    for name, (source, examples, binary) in sets.items():
        row(name, len(examples), scores(new, examples, binary), scores(old, examples, binary),
            source)
    test = sets["news-tone test"][1]
    row(f"  + margin {margin:.2f}", len(test), scores(new, test, False, margin),
        scores(old, test, False, 0.1), "aturan artikel (lama: margin 0,10)")

    for title, stories in (
            ("validasi artikel (news-tone/articles-valid.csv; aturan dipilih di sini)",
             read_articles()),
            ("sampel demo (artikel; tak pernah dipakai memilih: uji tertahan)",
             sample_articles())):
        counts = {k: sum(a.label == k for a in stories) for k in ("positif", "netral", "negatif")}
        print(f"\nTingkat artikel, {title}: {len(stories)} artikel {counts}")
        article_scores(new, stories)

    print(f"\n{'data (pos/neg)':<18}{'n':>6}{'baru F1':>9}{'lama F1':>9}{'sensi F1':>10}")
    for name, (_, examples, binary) in sets.items():
        subset = [e for e in examples if e.label in ("positif", "negatif")]
        if binary or not subset:
            continue
        texts = [marked_text(e.text, e.target) for e in subset]
        gold = [e.label for e in subset]
        ours = evaluate(gold, binary_labels(new, texts)).macro_f1
        before = evaluate(gold, binary_labels(old, texts)).macro_f1
        sensi = sensi_scores(args.sensi_python, [e.text for e in subset])
        theirs = "-" if sensi is None else (
            f"{evaluate(gold, ['positif' if s > 0 else 'negatif' for s in sensi[0]]).macro_f1:.3f}")
        print(f"{name:<18}{len(subset):>6}{ours:>9.3f}{before:>9.3f}{theirs:>10}")
    if not args.sensi_python.exists():
        print(f"(sensi tidak terpasang di {args.sensi_python}; kolomnya '-')")

    sources = [e.text for _, examples, _ in sets.values() for e in examples]
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
