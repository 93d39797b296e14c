"""OCR quality of print-clipping scans: character error rate on rendered test pages.

Pages are made here, not downloaded: the bundled sample stories (collectors/sample/
stories.json, Indonesian news text) are typeset in serif and sans fonts at newspaper column
width and rendered as clean 300 dpi greyscale scans; `collectors.scans.read_scan` (Tesseract,
Indonesian model) reads them back, and the character error rate (Levenshtein distance over
the reference length, whitespace normalised) is printed per page and overall, with the time
per page.

    python benchmarks/bench_ocr.py [--pages 8]

Target: CER < 3% on clean 300 dpi pages. Exit status 1 when the overall CER is above it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import matplotlib
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from collectors.scans import read_scan  # noqa: E402

TARGET_CER = 0.03
FONTS = ["DejaVuSerif.ttf", "DejaVuSans.ttf"]
COLUMN_CHARS = 60  # a newspaper column at this font size


def render(path: Path, text: str, font_file: str) -> str:
    """Typeset `text` on a 300 dpi page; returns the reference text as laid out."""
    font = ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / font_file),
                              38)
    lines = textwrap.wrap(text, COLUMN_CHARS)
    image = Image.new("L", (2480, 240 + 62 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((200, 120 + 62 * n), line, font=font, fill=0)
    image.save(path, dpi=(300, 300))
    return "\n".join(lines)


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def normalise(text: str) -> str:
    return " ".join(text.split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()
    stories = json.loads((ROOT / "collectors" / "sample" / "stories.json").read_text("utf-8"))
    errors = chars = 0
    seconds = 0.0
    print(f"{'halaman':<34} {'huruf':>6} {'galat':>6} {'CER':>7} {'detik':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.pages):
            story = stories[n % len(stories)]
            font = FONTS[n % len(FONTS)]
            text = story["title"] + ". " + " ".join(story["paras"])[:1400]
            page = Path(tmp) / f"halaman-{n}.png"
            reference = normalise(render(page, text, font))
            start = time.perf_counter()
            read = normalise(read_scan(page).text)
            took = time.perf_counter() - start
            distance = levenshtein(reference, read)
            errors, chars, seconds = errors + distance, chars + len(reference), seconds + took
            label = f"{story['slug'][:24]} ({font.split('.')[0]})"
            print(f"{label:<34} {len(reference):>6} {distance:>6} "
                  f"{distance / len(reference):>6.2%} {took:>6.1f}")
    cer = errors / max(chars, 1)
    print(f"\nCER keseluruhan: {cer:.2%} ({errors} galat dari {chars} huruf, {args.pages} "
          f"halaman 300 dpi); {seconds / args.pages:.1f} detik per halaman. "
          f"Target < {TARGET_CER:.0%}: {'tercapai' if cer < TARGET_CER else 'TIDAK tercapai'}")
    return 0 if cer < TARGET_CER else 1


if __name__ == "__main__":
    sys.exit(main())
