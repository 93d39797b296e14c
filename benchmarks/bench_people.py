"""Precision and recall of the people-quoted extractor (`indicators.quotes`).

    python benchmarks/bench_people.py [--errors] [--nerp DIR]

1. The labelled sample `benchmarks/data/people-sample.txt` (Indonesian news sentences
   written for Pantau, with the people each quotes): precision and recall of the names
   found, over the whole sample and over its two halves (odd lines were looked at while
   the word lists were tuned, even lines were not), and how often the title matches.
   Target: precision and recall >= 0.90 each.
2. NERP (real Indonesian news with person spans; `../shared/data/sentiment/nerp/`), the
   test split, which the lexicon was not built from: the sentences holding an attribution
   cue, with the person spans next to the cue as the people quoted. NERP is lower-cased:
   the words of its entity spans and each sentence's first word are capitalised again
   before extraction, so the figure measures the cues and the title/name split on real
   sentences, not the reading of capitals. Reported separately, no target.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from indicators.quotes import (  # noqa: E402
    PASSIVE_CUES,
    VERBS_AFTER_SPEAKER,
    VERBS_BEFORE_SPEAKER,
    extract_quotes,
    quoted_names,
)

SAMPLE = HERE / "data" / "people-sample.txt"
NERP = HERE.parent.parent / "shared" / "data" / "sentiment" / "nerp"
TARGET = 0.90


def read_sample(path: Path = SAMPLE) -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sentence, names, titles = (p.strip() for p in line.split("||"))
        rows.append((sentence, [n.strip() for n in names.split(";") if n.strip()],
                     [t.strip() for t in titles.split(";") if t.strip()]))
    return rows


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def score(pairs: list[tuple[list[str], list[str]]]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for gold, found in pairs:
        g = {_norm(x) for x in gold}
        f = {_norm(x) for x in found}
        tp += len(g & f)
        fp += len(f - g)
        fn += len(g - f)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def sample_figures(show_errors: bool = False) -> dict[str, tuple[float, float, int, int, int]]:
    rows = read_sample()
    results = []
    title_ok = title_n = 0
    for k, (sentence, gold, titles) in enumerate(rows):
        found = quoted_names(sentence)
        results.append((gold, found))
        quotes = {_norm(q.name): q.title for q in extract_quotes(sentence) if q.alias_of is None}
        for name, title in zip(gold, titles, strict=False):
            if _norm(name) in quotes:
                title_n += 1
                want = "" if title == "-" else title
                title_ok += _norm(quotes[_norm(name)]).strip(" ,") == _norm(want).strip(" ,")
        if show_errors and {_norm(x) for x in gold} != {_norm(x) for x in found}:
            part = "dev" if k % 2 else "held-out"
            print(f"  [{part}] {sentence}\n      gold={gold} found={found}")
    out = {"all": score(results), "dev (odd lines)": score(results[1::2]),
           "held-out (even lines)": score(results[0::2])}
    print(f"Labelled sample: {len(rows)} sentences, "
          f"{sum(1 for _s, g, _t in rows if g)} quoting someone, "
          f"{sum(len(g) for _s, g, _t in rows)} people quoted")
    for part, (p, r, tp, fp, fn) in out.items():
        print(f"  {part:22s} precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    if title_n:
        print(f"  title written with the name matches: {title_ok}/{title_n} "
              f"({title_ok / title_n:.3f})")
    return out


# ---------------------------------------------------------------- NERP

_CUES = VERBS_AFTER_SPEAKER | VERBS_BEFORE_SPEAKER | PASSIVE_CUES | {"menurut"}


def _spans(tags: list[str], kind: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != f"I-{kind}":
            spans.append((start, i))
            start = None
        if tag == f"B-{kind}":
            start = i
    return spans


def nerp_figures(nerp: Path = NERP, show_errors: bool = False) -> tuple[float, float, int] | None:
    path = nerp / "test_preprocess.txt"
    if not path.exists():
        print(f"NERP: {path} not found, skipped")
        return None
    from benchmarks_build import read_sentences  # type: ignore[import-not-found]

    pairs = []
    for sentence in read_sentences(path):
        words = [w for w, _t in sentence]
        tags = [t for _w, t in sentence]
        lows = [w.lower() for w in words]
        if not any(w in _CUES for w in lows):
            continue
        gold = []
        for a, b in _spans(tags, "PPL"):
            before = [lows[k] for k in range(max(0, a - 4), a)]
            after = lows[b:b + 4]
            if (any(w in VERBS_BEFORE_SPEAKER or w in PASSIVE_CUES or w == "menurut"
                    for w in before[-2:])
                    or any(w in VERBS_AFTER_SPEAKER for w in after[:3])):
                gold.append(" ".join(words[a:b]))
        cased = []
        for k, (w, t) in enumerate(sentence):
            cap = t != "O" or k == 0
            cased.append(w[:1].upper() + w[1:] if cap else w)
        text = " ".join(cased)
        for p in (" ,", " .", " !", " ?", " )", " :"):
            text = text.replace(p, p.strip())
        text = text.replace("( ", "(")
        found = quoted_names(text)
        pairs.append((gold, found))
        if show_errors and {_norm(g) for g in gold} != {_norm(f) for f in found}:
            print(f"  [nerp] {text}\n      gold={gold} found={found}")
    p, r, tp, fp, fn = score(pairs)
    print(f"NERP test split: {len(pairs)} sentences with an attribution cue, "
          f"{sum(len(g) for g, _f in pairs)} person spans next to a cue")
    print(f"  precision {p:.3f}  recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    return p, r, len(pairs)


def main(argv: list[str]) -> int:
    show = "--errors" in argv
    nerp = Path(argv[argv.index("--nerp") + 1]) if "--nerp" in argv else NERP
    figures = sample_figures(show)
    sys.path.insert(0, str(HERE))
    import build_people_lexicon

    sys.modules["benchmarks_build"] = build_people_lexicon
    nerp_figures(nerp, show and "--nerp-errors" in argv)
    p, r, *_ = figures["all"]
    ok = p >= TARGET and r >= TARGET
    print(f"Target precision and recall >= {TARGET:.2f} on the labelled sample: "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
