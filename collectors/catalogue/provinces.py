"""The 38 provinces of Indonesia and the names people actually type for them.

Official names follow the spelling Badan Pusat Statistik uses in its tables ("DKI Jakarta",
"DI Yogyakarta"); the long forms, the usual abbreviations (Jabar, Sumut, NTB, Kaltara, PBD,
...) and the capital cities people use as shorthand map to them.
"""

from __future__ import annotations

import re

from pantau.core.errors import InputError

PROVINCES: tuple[str, ...] = (
    "Aceh",
    "Sumatera Utara",
    "Sumatera Barat",
    "Riau",
    "Jambi",
    "Sumatera Selatan",
    "Bengkulu",
    "Lampung",
    "Kepulauan Bangka Belitung",
    "Kepulauan Riau",
    "DKI Jakarta",
    "Jawa Barat",
    "Jawa Tengah",
    "DI Yogyakarta",
    "Jawa Timur",
    "Banten",
    "Bali",
    "Nusa Tenggara Barat",
    "Nusa Tenggara Timur",
    "Kalimantan Barat",
    "Kalimantan Tengah",
    "Kalimantan Selatan",
    "Kalimantan Timur",
    "Kalimantan Utara",
    "Sulawesi Utara",
    "Sulawesi Tengah",
    "Sulawesi Selatan",
    "Sulawesi Tenggara",
    "Gorontalo",
    "Sulawesi Barat",
    "Maluku",
    "Maluku Utara",
    "Papua Barat",
    "Papua Barat Daya",
    "Papua",
    "Papua Selatan",
    "Papua Tengah",
    "Papua Pegunungan",
)

_ALIASES: dict[str, str] = {
    "nad": "Aceh", "nanggroe aceh darussalam": "Aceh", "banda aceh": "Aceh",
    "sumut": "Sumatera Utara", "sumatra utara": "Sumatera Utara", "medan": "Sumatera Utara",
    "sumbar": "Sumatera Barat", "sumatra barat": "Sumatera Barat", "padang": "Sumatera Barat",
    "pekanbaru": "Riau",
    "sumsel": "Sumatera Selatan", "sumatra selatan": "Sumatera Selatan",
    "palembang": "Sumatera Selatan",
    "babel": "Kepulauan Bangka Belitung", "bangka belitung": "Kepulauan Bangka Belitung",
    "kepulauan babel": "Kepulauan Bangka Belitung",
    "kepri": "Kepulauan Riau", "batam": "Kepulauan Riau",
    "jakarta": "DKI Jakarta", "dki": "DKI Jakarta",
    "daerah khusus ibukota jakarta": "DKI Jakarta", "daerah khusus ibu kota jakarta": "DKI Jakarta",
    "daerah khusus jakarta": "DKI Jakarta", "dkj": "DKI Jakarta",
    "jabar": "Jawa Barat", "bandung": "Jawa Barat",
    "jateng": "Jawa Tengah", "semarang": "Jawa Tengah",
    "diy": "DI Yogyakarta", "d.i. yogyakarta": "DI Yogyakarta", "yogyakarta": "DI Yogyakarta",
    "daerah istimewa yogyakarta": "DI Yogyakarta", "jogja": "DI Yogyakarta",
    "jogjakarta": "DI Yogyakarta", "yogya": "DI Yogyakarta",
    "jatim": "Jawa Timur", "surabaya": "Jawa Timur",
    "denpasar": "Bali",
    "ntb": "Nusa Tenggara Barat", "mataram": "Nusa Tenggara Barat",
    "ntt": "Nusa Tenggara Timur", "kupang": "Nusa Tenggara Timur",
    "kalbar": "Kalimantan Barat", "pontianak": "Kalimantan Barat",
    "kalteng": "Kalimantan Tengah", "palangka raya": "Kalimantan Tengah",
    "palangkaraya": "Kalimantan Tengah",
    "kalsel": "Kalimantan Selatan", "banjarmasin": "Kalimantan Selatan",
    "kaltim": "Kalimantan Timur", "samarinda": "Kalimantan Timur",
    "kaltara": "Kalimantan Utara", "tanjung selor": "Kalimantan Utara",
    "sulut": "Sulawesi Utara", "manado": "Sulawesi Utara",
    "sulteng": "Sulawesi Tengah", "palu": "Sulawesi Tengah",
    "sulsel": "Sulawesi Selatan", "makassar": "Sulawesi Selatan",
    "sultra": "Sulawesi Tenggara", "kendari": "Sulawesi Tenggara",
    "sulbar": "Sulawesi Barat", "mamuju": "Sulawesi Barat",
    "ambon": "Maluku",
    "malut": "Maluku Utara", "ternate": "Maluku Utara", "sofifi": "Maluku Utara",
    "pabar": "Papua Barat", "manokwari": "Papua Barat",
    "pbd": "Papua Barat Daya", "sorong": "Papua Barat Daya",
    "jayapura": "Papua",
    "pasel": "Papua Selatan", "merauke": "Papua Selatan",
    "pateng": "Papua Tengah", "nabire": "Papua Tengah",
    "papeg": "Papua Pegunungan", "wamena": "Papua Pegunungan", "jayawijaya": "Papua Pegunungan",
}


def _key(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().casefold())
    return re.sub(r"^(provinsi|prov\.?)\s+", "", text)


_LOOKUP: dict[str, str] = {_key(p): p for p in PROVINCES}
_LOOKUP.update({_key(k): v for k, v in _ALIASES.items()})


def find_province(text: str) -> str | None:
    """The official name of the province `text` names (case-insensitive; "Provinsi Jawa
    Barat", "jabar", "DIY" and "Bandung" all give "Jawa Barat"/"DI Yogyakarta"), or None."""
    return _LOOKUP.get(_key(text))


def normalize_province(text: str) -> str:
    """Like `find_province`, but an unknown name is an InputError listing the provinces."""
    found = find_province(text)
    if found is None:
        raise InputError(
            f"Provinsi tidak dikenal: {text!r}. Pilih salah satu dari 38 provinsi: "
            + ", ".join(PROVINCES)
        )
    return found
