"""The two SKM methods Pantau scores, and the weight variants offices used to publish.

- `14/2017` (PermenPANRB 14/2017, the default): nine elements, weight 1/9.
- `25/2004` (Kepmenpan 25/2004): fourteen elements, weight 1/14, its own bands.

The bands are written at a fixed number of decimals (the IKM at two, the NRR at three for
14/2017 and two for 25/2004); a value is graded as it is printed (rounded half-up to those
decimals), so the grade beside a number always agrees with the table in the report.

Weight variants reproduce a figure already published with a circulated weight (0,111,
0,111 with NRR tertimbang rounded to three decimals, 0,11). They are never the default and
their name is printed wherever they are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from pantau.core.errors import InputError
from survey.questionnaire import ELEMENTS, ELEMENTS_2004, Element


@dataclass(frozen=True)
class Grade:
    letter: str  # A-D
    label: str  # Sangat Baik / Baik / Kurang Baik / Tidak Baik


GRADE_A = Grade("A", "Sangat Baik")
GRADE_B = Grade("B", "Baik")
GRADE_C = Grade("C", "Kurang Baik")
GRADE_D = Grade("D", "Tidak Baik")
NO_GRADE = Grade("-", "Belum ada data")


@dataclass(frozen=True)
class Method:
    code: str  # "14/2017" | "25/2004"
    regulation: str  # as printed in reports
    elements: tuple[Element, ...]
    # Lower bounds of A, B, C (anything below C's is D), at the printed decimals.
    ikm_bands: tuple[tuple[Fraction, Grade], ...]
    nrr_bands: tuple[tuple[Fraction, Grade], ...]
    nrr_decimals: int  # the element NRR as printed and graded
    # The regulation's table: mutu, kinerja, nilai interval (NI), nilai interval konversi.
    grade_table: tuple[tuple[str, str, str, str], ...]

    @property
    def weight(self) -> Fraction:
        return Fraction(1, len(self.elements))

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(e.column for e in self.elements)


def _bands(a: str, b: str, c: str) -> tuple[tuple[Fraction, Grade], ...]:
    return ((Fraction(a), GRADE_A), (Fraction(b), GRADE_B), (Fraction(c), GRADE_C))


METHOD_2017 = Method(
    code="14/2017", regulation="PermenPANRB Nomor 14 Tahun 2017", elements=ELEMENTS,
    ikm_bands=_bands("88.31", "76.61", "65.00"),
    # The NI table's edges (3,5324 / 3,0644 / 2,60) against an NRR printed at three decimals:
    # 3,532 is B and 3,533 is A, as the table reads.
    nrr_bands=_bands("3.5324", "3.0644", "2.60"), nrr_decimals=3,
    grade_table=(
        ("A", "Sangat Baik", "3,5324 - 4,00", "88,31 - 100,00"),
        ("B", "Baik", "3,0644 - 3,532", "76,61 - 88,30"),
        ("C", "Kurang Baik", "2,60 - 3,064", "65,00 - 76,60"),
        ("D", "Tidak Baik", "1,00 - 2,5996", "25,00 - 64,99"),
    ))
METHOD_2004 = Method(
    code="25/2004", regulation="Kepmenpan Nomor KEP/25/M.PAN/2/2004", elements=ELEMENTS_2004,
    ikm_bands=_bands("81.26", "62.51", "43.76"),
    nrr_bands=_bands("3.26", "2.51", "1.76"), nrr_decimals=2,
    grade_table=(
        ("A", "Sangat Baik", "3,26 - 4,00", "81,26 - 100,00"),
        ("B", "Baik", "2,51 - 3,25", "62,51 - 81,25"),
        ("C", "Kurang Baik", "1,76 - 2,50", "43,76 - 62,50"),
        ("D", "Tidak Baik", "1,00 - 1,75", "25,00 - 43,75"),
    ))
METHODS = {m.code: m for m in (METHOD_2017, METHOD_2004)}
DEFAULT_METHOD = METHOD_2017.code


def get_method(code: str | None) -> Method:
    if code is None:
        return METHOD_2017
    try:
        return METHODS[code.strip()]
    except KeyError:
        raise InputError(f"Metode SKM '{code}' tidak dikenal. Pilih dari: "
                         f"{', '.join(METHODS)}.") from None


@dataclass(frozen=True)
class Weights:
    code: str  # as written on the command line and printed: "baku", "0,111", ...
    label: str  # Indonesian description printed in every output that uses it
    weight: Fraction | None  # None: the method's own 1/n
    round_weighted: int | None = None  # NRR tertimbang rounded to these decimals first

    @property
    def standard(self) -> bool:
        return self.weight is None

    def of(self, method: Method) -> Fraction:
        return self.weight if self.weight is not None else method.weight

    def describe(self, method: Method) -> str:
        if self.standard:
            return f"bobot 1/{len(method.elements)} sesuai {method.regulation} (nilai baku)"
        return self.label


STANDARD = Weights("baku", "bobot baku 1/n sesuai peraturan", None)
WEIGHTS_0111 = Weights(
    "0,111", "VARIAN REKONSILIASI bobot 0,111 tanpa pembulatan (bukan nilai baku)",
    Fraction("0.111"))
WEIGHTS_0111_R3 = Weights(
    "0,111-r3", "VARIAN REKONSILIASI bobot 0,111, NRR tertimbang dibulatkan 3 desimal "
    "(praktik spreadsheet, bukan nilai baku)", Fraction("0.111"), 3)
WEIGHTS_011 = Weights(
    "0,11", "VARIAN REKONSILIASI bobot 0,11 (bukan nilai baku)", Fraction("0.11"))
WEIGHTS = {w.code: w for w in (STANDARD, WEIGHTS_0111, WEIGHTS_0111_R3, WEIGHTS_011)}


def get_weights(code: str | None, method: Method = METHOD_2017) -> Weights:
    """A weight variant by its code (`baku`, `0,111`, `0,111-r3`, `0,11`; a dot works as
    the decimal comma). The variants reproduce 14/2017 figures only."""
    if code is None:
        return STANDARD
    key = code.strip().lower().replace(".", ",")
    weights = WEIGHTS.get(key)
    if weights is None:
        raise InputError(f"Varian bobot '{code}' tidak dikenal. Pilih dari: "
                         f"{', '.join(WEIGHTS)}.")
    if not weights.standard and method.code != METHOD_2017.code:
        raise InputError(f"Varian bobot {weights.code} hanya untuk metode 14/2017; metode "
                         f"{method.code} memakai bobot 1/{len(method.elements)}.")
    return weights
