"""The SKM questionnaires: the nine elements (unsur) of PermenPANRB 14/2017 and the fourteen
of Kepmenpan 25/2004 in their regulations' order, their standard answer labels, the
respondent profile and the header vocabulary used to recognise columns in officers' files.

Everything here is plain data and pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Element:
    code: str  # U1..U9, the regulation's order
    name: str
    question: str
    labels: tuple[str, str, str, str]  # answers 1..4
    # Whole-header aliases (normalised) and the keyword that identifies a question text.
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]

    @property
    def column(self) -> str:
        """The column in `survey_response`: u1..u9."""
        return self.code.lower()


ELEMENTS: tuple[Element, ...] = (
    Element(
        "U1", "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("persyaratan", "syarat", "persyaratan pelayanan"),
        ("persyaratan", "syarat"),
    ),
    Element(
        "U2", "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("sistem mekanisme dan prosedur", "sistem mekanisme prosedur", "prosedur",
         "mekanisme", "sistem mekanisme dan prosedur pelayanan", "prosedur pelayanan"),
        ("prosedur", "mekanisme"),
    ),
    Element(
        "U3", "Waktu Penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("waktu penyelesaian", "waktu", "waktu pelayanan", "kecepatan waktu",
         "waktu penyelesaian pelayanan"),
        ("waktu", "kecepatan"),
    ),
    Element(
        "U4", "Biaya/Tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("biaya tarif", "biaya", "tarif", "biaya dan tarif", "kewajaran biaya"),
        ("biaya", "tarif"),
    ),
    Element(
        "U5", "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
        "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("produk spesifikasi jenis pelayanan", "produk", "produk layanan", "produk pelayanan",
         "spesifikasi jenis pelayanan", "produk spesifikasi jenis layanan"),
        ("produk", "spesifikasi"),
    ),
    Element(
        "U6", "Kompetensi Pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("kompetensi pelaksana", "kompetensi", "kompetensi petugas", "kemampuan petugas"),
        ("kompetensi", "kemampuan"),
    ),
    Element(
        "U7", "Perilaku Pelaksana",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
         "Sangat sopan dan ramah"),
        ("perilaku pelaksana", "perilaku", "perilaku petugas", "sikap petugas"),
        ("perilaku", "kesopanan", "keramahan", "sikap"),
    ),
    Element(
        "U8", "Penanganan Pengaduan, Saran dan Masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
         "Dikelola dengan baik"),
        ("penanganan pengaduan saran dan masukan", "penanganan pengaduan", "pengaduan",
         "penanganan pengaduan saran masukan", "pengaduan saran dan masukan"),
        ("pengaduan",),
    ),
    Element(
        "U9", "Sarana dan Prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
        ("sarana dan prasarana", "sarana prasarana", "sarana", "prasarana",
         "sarpras", "fasilitas"),
        ("sarana", "prasarana", "fasilitas"),
    ),
)
ELEMENT_BY_CODE = {e.code: e for e in ELEMENTS}
ELEMENT_NAMES = tuple(e.name for e in ELEMENTS)
ANSWER_COLUMNS = tuple(e.column for e in ELEMENTS)


def _element_2004(number: int, name: str, question: str, labels: tuple[str, str, str, str],
                  aliases: tuple[str, ...], keywords: tuple[str, ...]) -> Element:
    return Element(f"U{number}", name, question, labels, aliases, keywords)


# Kepmenpan 25/2004 (Indeks Kepuasan Masyarakat): fourteen elements, weight 1/14. Many
# offices still run it; its answers are stored in u1..u14 of their own responses, never
# mapped onto the 2017 elements (their names overlap but their meaning does not).
ELEMENTS_2004: tuple[Element, ...] = (
    _element_2004(1, "Prosedur pelayanan",
                  "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
                  ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
                  ("prosedur pelayanan", "prosedur", "kemudahan prosedur pelayanan"),
                  ("prosedur",)),
    _element_2004(2, "Persyaratan pelayanan",
                  "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan "
                  "jenis pelayanannya?",
                  ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
                  ("persyaratan pelayanan", "persyaratan"), ("persyaratan", "syarat")),
    _element_2004(3, "Kejelasan petugas pelayanan",
                  "Bagaimana pendapat Saudara tentang kejelasan dan kepastian petugas yang "
                  "melayani?",
                  ("Tidak jelas", "Kurang jelas", "Jelas", "Sangat jelas"),
                  ("kejelasan petugas pelayanan", "kejelasan petugas"), ("kejelasan",)),
    _element_2004(4, "Kedisiplinan petugas pelayanan",
                  "Bagaimana pendapat Saudara tentang kedisiplinan petugas dalam memberikan "
                  "pelayanan?",
                  ("Tidak disiplin", "Kurang disiplin", "Disiplin", "Sangat disiplin"),
                  ("kedisiplinan petugas pelayanan", "kedisiplinan petugas", "kedisiplinan"),
                  ("kedisiplinan", "disiplin")),
    _element_2004(5, "Tanggung jawab petugas pelayanan",
                  "Bagaimana pendapat Saudara tentang tanggung jawab petugas dalam memberikan "
                  "pelayanan?",
                  ("Tidak bertanggung jawab", "Kurang bertanggung jawab", "Bertanggung jawab",
                   "Sangat bertanggung jawab"),
                  ("tanggung jawab petugas pelayanan", "tanggung jawab petugas",
                   "tanggung jawab"), ("tanggung",)),
    _element_2004(6, "Kemampuan petugas pelayanan",
                  "Bagaimana pendapat Saudara tentang kemampuan petugas dalam memberikan "
                  "pelayanan?",
                  ("Tidak mampu", "Kurang mampu", "Mampu", "Sangat mampu"),
                  ("kemampuan petugas pelayanan", "kemampuan petugas", "kemampuan"),
                  ("kemampuan",)),
    _element_2004(7, "Kecepatan pelayanan",
                  "Bagaimana pendapat Saudara tentang kecepatan pelayanan di unit ini?",
                  ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
                  ("kecepatan pelayanan", "kecepatan"), ("kecepatan",)),
    _element_2004(8, "Keadilan mendapatkan pelayanan",
                  "Bagaimana pendapat Saudara tentang keadilan untuk mendapatkan pelayanan di "
                  "unit ini?",
                  ("Tidak adil", "Kurang adil", "Adil", "Sangat adil"),
                  ("keadilan mendapatkan pelayanan", "keadilan"), ("keadilan", "adil")),
    _element_2004(9, "Kesopanan dan keramahan petugas",
                  "Bagaimana pendapat Saudara tentang kesopanan dan keramahan petugas dalam "
                  "memberikan pelayanan?",
                  ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
                   "Sangat sopan dan ramah"),
                  ("kesopanan dan keramahan petugas", "kesopanan dan keramahan",
                   "kesopanan keramahan petugas"), ("kesopanan", "keramahan")),
    _element_2004(10, "Kewajaran biaya pelayanan",
                  "Bagaimana pendapat Saudara tentang kewajaran biaya untuk mendapatkan "
                  "pelayanan?",
                  ("Tidak wajar", "Kurang wajar", "Wajar", "Sangat wajar"),
                  ("kewajaran biaya pelayanan", "kewajaran biaya"), ("kewajaran",)),
    _element_2004(11, "Kepastian biaya pelayanan",
                  "Bagaimana pendapat Saudara tentang kesesuaian antara biaya yang dibayarkan "
                  "dengan biaya yang telah ditetapkan?",
                  ("Selalu tidak sesuai", "Kadang-kadang sesuai", "Banyak sesuainya",
                   "Selalu sesuai"),
                  ("kepastian biaya pelayanan", "kepastian biaya"), ("kepastian",)),
    _element_2004(12, "Kepastian jadwal pelayanan",
                  "Bagaimana pendapat Saudara tentang ketepatan pelaksanaan terhadap jadwal "
                  "waktu pelayanan?",
                  ("Selalu tidak tepat", "Kadang-kadang tepat", "Banyak tepatnya",
                   "Selalu tepat"),
                  ("kepastian jadwal pelayanan", "kepastian jadwal"), ("jadwal",)),
    _element_2004(13, "Kenyamanan lingkungan",
                  "Bagaimana pendapat Saudara tentang kenyamanan di lingkungan unit pelayanan?",
                  ("Tidak nyaman", "Kurang nyaman", "Nyaman", "Sangat nyaman"),
                  ("kenyamanan lingkungan", "kenyamanan"), ("kenyamanan", "nyaman")),
    _element_2004(14, "Keamanan pelayanan",
                  "Bagaimana pendapat Saudara tentang keamanan pelayanan di unit ini?",
                  ("Tidak aman", "Kurang aman", "Aman", "Sangat aman"),
                  ("keamanan pelayanan", "keamanan"), ("keamanan", "aman")),
)
# Every answer column of `survey_response`: u1..u9 for 14/2017, u1..u14 for 25/2004.
ALL_ANSWER_COLUMNS = tuple(e.column for e in ELEMENTS_2004)


@dataclass(frozen=True)
class ProfileField:
    key: str  # attribute / column name
    label: str  # Indonesian header
    aliases: tuple[str, ...]


PROFILE_FIELDS: tuple[ProfileField, ...] = (
    ProfileField("tanggal_survei", "Tanggal Survei",
                 ("tanggal survei", "tanggal", "tgl", "tanggal pengisian", "tgl survei",
                  "tanggal survey", "timestamp", "cap waktu", "stempel waktu",
                  "waktu pengisian", "tanggal pelayanan")),
    ProfileField("jenis_kelamin", "Jenis Kelamin",
                 ("jenis kelamin", "jk", "kelamin", "gender", "l p", "sex")),
    ProfileField("usia", "Usia", ("usia", "umur", "usia tahun", "umur tahun", "usia th")),
    ProfileField("pendidikan", "Pendidikan",
                 ("pendidikan", "pendidikan terakhir", "pendidikan tertinggi")),
    ProfileField("pekerjaan", "Pekerjaan", ("pekerjaan", "pekerjaan utama", "profesi")),
    ProfileField("jenis_layanan", "Jenis Layanan",
                 ("jenis layanan", "jenis pelayanan", "layanan", "pelayanan",
                  "layanan yang diterima", "jenis layanan yang diterima",
                  "layanan yang digunakan")),
    ProfileField("saran", "Saran",
                 ("saran", "saran dan masukan", "kritik dan saran", "saran masukan",
                  "kritik saran", "masukan", "komentar", "catatan", "saran perbaikan")),
)
PROFILE_BY_KEY = {f.key: f for f in PROFILE_FIELDS}

# Columns found in real files that carry nothing the survey stores.
IGNORED_HEADERS = frozenset({
    "no", "nomor", "no urut", "nama", "nama responden", "email", "email address",
    "alamat email", "no hp", "nomor hp", "no telepon", "telepon", "no wa", "alamat",
    "responden", "id", "kode responden", "no responden", "nomor responden", "nama lengkap",
    "instansi", "asal instansi", "no telp", "nomor telepon", "skor", "score",
})
IGNORE = "abaikan"

GENDERS = {"L": "Laki-laki", "P": "Perempuan"}
_GENDER_WORDS = {
    "l": "L", "lk": "L", "laki laki": "L", "laki": "L", "pria": "L", "male": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "female": "P",
    "l laki laki": "L", "p perempuan": "P", "laki laki l": "L", "perempuan p": "P",
}

EDUCATION = ("SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2", "S3")
_EDUCATION_WORDS = {
    "sd": "SD", "sd sederajat": "SD", "tidak tamat sd": "SD", "mi": "SD",
    "smp": "SMP", "sltp": "SMP", "mts": "SMP", "smp sederajat": "SMP",
    "sma": "SMA", "slta": "SMA", "smk": "SMA", "ma": "SMA", "sma smk": "SMA",
    "sma sederajat": "SMA", "slta sederajat": "SMA", "sma slta": "SMA",
    "d1": "D1-D3", "d2": "D1-D3", "d3": "D1-D3", "d1 d3": "D1-D3", "diploma": "D1-D3",
    "d i": "D1-D3", "d ii": "D1-D3", "d iii": "D1-D3", "d1 d2 d3": "D1-D3",
    "d4": "D4/S1", "s1": "D4/S1", "d4 s1": "D4/S1", "sarjana": "D4/S1", "d iv": "D4/S1",
    "s 1": "D4/S1", "s2": "S2", "s 2": "S2", "magister": "S2", "s3": "S3", "s 3": "S3",
    "doktor": "S3", "strata 1": "D4/S1", "strata 2": "S2", "strata 3": "S3",
    "sma smk ma": "SMA", "sma smk sederajat": "SMA", "smp sederajat mts": "SMP",
    "diploma d1 d2 d3": "D1-D3", "d1 d2 d3 diploma": "D1-D3", "d4 s1 sarjana": "D4/S1",
    "s1 d4": "D4/S1", "s1 sarjana": "D4/S1", "s2 magister": "S2", "s3 doktor": "S3",
}

OCCUPATIONS = ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya")
_OCCUPATION_WORDS = {
    "pns": "PNS", "asn": "PNS", "pegawai negeri": "PNS", "pegawai negeri sipil": "PNS",
    "pns asn": "PNS", "tni": "TNI", "polri": "POLRI", "polisi": "POLRI",
    "swasta": "Swasta", "pegawai swasta": "Swasta", "karyawan swasta": "Swasta",
    "karyawan": "Swasta", "wirausaha": "Wirausaha", "wiraswasta": "Wirausaha",
    "pengusaha": "Wirausaha", "lainnya": "Lainnya", "lain lain": "Lainnya",
}

# Age bands for breakdowns (inclusive lower bounds).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("< 20 tahun", 0, 19),
    ("20-29 tahun", 20, 29),
    ("30-39 tahun", 30, 39),
    ("40-49 tahun", 40, 49),
    ("50-59 tahun", 50, 59),
    (">= 60 tahun", 60, 200),
)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: object) -> str:
    """Lowercase ASCII words separated by single spaces: 'Biaya/Tarif ' -> 'biaya tarif'."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub(" ", folded.lower()).strip()


@cache
def answer_lookup(element: Element) -> Mapping[str, int]:
    """Every accepted spelling of an answer to `element` -> 1..4 (built once per element:
    each submission of the public form builds a row parser)."""
    table = {str(i): i for i in range(1, 5)}
    for i, label in enumerate(element.labels, start=1):
        table[normalise(label)] = i
    if element.name == "Sarana dan Prasarana":  # a common wording of answer 2 on printed forms
        table["kurang baik"] = 2
    return table


def gender_code(value: str) -> str | None:
    return _GENDER_WORDS.get(normalise(value))


def education_code(value: str) -> str | None:
    return _EDUCATION_WORDS.get(normalise(value))


def occupation_code(value: str) -> str:
    """Occupations outside the regulation's list are 'Lainnya', as the form itself says."""
    return _OCCUPATION_WORDS.get(normalise(value), "Lainnya")


def age_band(age: int | None) -> str:
    if age is None:
        return "Tidak diisi"
    for label, lo, hi in AGE_BANDS:
        if lo <= age <= hi:
            return label
    return "Tidak diisi"
