"""Synthetic but realistic survey responses: for the bundled sample and the benchmark.

Answers lean to 3 with a per-unit quality; a few elements (waiting time, complaints) score
lower, as they usually do in published SKM results.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from pantau.core import spreadsheet
from survey.questionnaire import ELEMENTS

# Per element: shift of the answer distribution (negative = weaker element).
_ELEMENT_BIAS = (0.1, 0.0, -0.35, 0.45, 0.05, 0.1, 0.2, -0.3, -0.1)
_EDU = (("SMA", 30), ("D4/S1", 35), ("D1-D3", 12), ("S2", 10), ("SMP", 6), ("SD", 3),
        ("S3", 4))
_JOB = (("PNS", 25), ("Swasta", 30), ("Wirausaha", 18), ("Lainnya", 20), ("TNI", 3),
        ("POLRI", 4))
_SARAN = (
    "Pelayanan sudah baik, pertahankan.", "Mohon waktu tunggu dipercepat.",
    "Petugas ramah dan membantu.", "Sediakan ruang tunggu yang lebih nyaman.",
    "Informasi persyaratan perlu diumumkan di situs web.",
    "Kanal pengaduan belum jelas, mohon ditindaklanjuti.", "Parkir terlalu sempit.",
    "Terima kasih atas pelayanannya.", "",
)

HEADERS = ["Tanggal Survei", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan",
           "Jenis Layanan", *(f"{e.code} {e.name}" for e in ELEMENTS), "Saran"]


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _answer(rng: random.Random, mean: float) -> int:
    return max(1, min(4, round(rng.gauss(mean, 0.6))))


def responses(n: int, *, seed: int = 1, quality: float = 3.2,
              services: Sequence[str] = ("Layanan",),
              start: date = date(2025, 1, 1), days: int = 180,
              labels: bool = False) -> Iterator[list[object]]:
    """`n` rows in `HEADERS` order; answers as numbers or (labels=True) answer labels."""
    rng = random.Random(seed)
    for _ in range(n):
        answers = [_answer(rng, quality + bias) for bias in _ELEMENT_BIAS]
        cells: list[object] = [
            (start + timedelta(days=rng.randrange(days))).isoformat(),
            rng.choice("LP"), rng.randint(18, 68), _pick(rng, _EDU), _pick(rng, _JOB),
            rng.choice(list(services)),
        ]
        if labels:
            cells += [e.labels[a - 1] for e, a in zip(ELEMENTS, answers, strict=True)]
        else:
            cells += answers
        cells.append(rng.choice(_SARAN))
        yield cells


def write_csv(path: Path, rows: Iterator[list[object]], *, headers: Sequence[str] = HEADERS,
              delimiter: str = ",", encoding: str = "utf-8") -> Path:
    return spreadsheet.write_csv(path, headers, rows, delimiter=delimiter, encoding=encoding)



# ---------------------------------------------------------------- the bundled sample

SAMPLE_UNITS = (
    ("PPID", "Pejabat Pengelola Informasi dan Dokumentasi (PPID)",
     ("Permohonan Informasi Publik", "Konsultasi Informasi"), 140),
    ("HUMAS", "Bagian Hubungan Masyarakat",
     ("Peliputan dan Dokumentasi", "Penyediaan Bahan Publikasi", "Layanan Media"), 150),
)
SAMPLE_PERIOD = "2026-S1"
SAMPLE_START = date(2026, 1, 1)


def write_sample(folder: Path) -> list[Path]:
    """Regenerate the bundled sample (survey/sample): a form-tool export for PPID (UTF-8,
    comma, question texts, answer labels, the annex's order with Sarana before Pengaduan)
    and a hand-kept sheet for HUMAS (Indonesian Excel: semicolon, Windows-1252, U8/U9
    swapped, numbers, dd/mm/yyyy dates)."""
    ppid = [ELEMENTS[i] for i in (0, 1, 2, 3, 4, 5, 6, 8, 7)]
    form_headers = ["Cap waktu", "Jenis Kelamin", "Usia", "Pendidikan Terakhir", "Pekerjaan",
                    "Jenis Layanan", *(f"{n}. {e.question}" for n, e in enumerate(ppid, 1)),
                    "Saran dan masukan"]
    order = [ELEMENTS.index(e) for e in ppid]

    def form_rows() -> Iterator[list[object]]:
        rng = random.Random(11)
        for cells in responses(112, seed=3, quality=3.35, services=SAMPLE_UNITS[0][2],
                               start=SAMPLE_START, labels=True):
            day = date.fromisoformat(str(cells[0]))
            stamp = f"{day:%Y/%m/%d} {rng.randint(8, 15):02d}:{rng.randint(0, 59):02d}:" \
                    f"{rng.randint(0, 59):02d} GMT+7"
            answers = cells[6:15]
            yield [stamp, "Laki-laki" if cells[1] == "L" else "Perempuan", cells[2],
                   cells[3], cells[4], cells[5], *(answers[i] for i in order), cells[15]]

    humas = [ELEMENTS[i] for i in (0, 1, 2, 3, 4, 5, 6, 8, 7)]
    sheet_headers = ["No", "Tanggal", "JK", "Umur", "Pendidikan", "Pekerjaan", "Layanan",
                     *(f"U{n} {e.name}" for n, e in enumerate(humas, 1)), "Saran"]

    def sheet_rows() -> Iterator[list[object]]:
        for n, cells in enumerate(responses(96, seed=5, quality=3.0, start=SAMPLE_START,
                                            services=SAMPLE_UNITS[1][2]), start=1):
            day = date.fromisoformat(str(cells[0]))
            answers = cells[6:15]
            saran = str(cells[15]).replace(", ", " – ") if cells[15] else ""
            yield [n, f"{day:%d/%m/%Y}", cells[1], cells[2], cells[3], cells[4], cells[5],
                   *(answers[i] for i in order), saran]

    return [
        write_csv(folder / "ppid-formulir-2026-s1.csv", form_rows(), headers=form_headers),
        write_csv(folder / "humas-rekap-2026-s1.csv", sheet_rows(), headers=sheet_headers,
                  delimiter=";", encoding="cp1252"),
    ]
