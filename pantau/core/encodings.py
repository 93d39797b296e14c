"""Which legacy encoding a text file that is not UTF-8 is in. Pantau reads such files as
Windows-1252 (Excel's "CSV" on Indonesian Windows), which decodes almost any bytes: a file
saved as Shift-JIS, GBK, Big5 or EUC-KR would be read as silent mojibake. `refuse_east_asian`
stops such a file with a clear Indonesian message instead.
"""

from __future__ import annotations

import re

from pantau.core.errors import InputError

# (codec, name shown). Each is tried strictly; Windows-1252 text with a few accented letters
# or typographic quotes almost never decodes as one of them (their second bytes differ).
_CANDIDATES = (("cp932", "Shift-JIS (Jepang)"), ("gbk", "GBK (Tionghoa)"),
               ("big5", "Big5 (Tionghoa)"), ("euc_kr", "EUC-KR (Korea)"))
# Two East Asian characters in a row: a word. A Windows-1252 file can decode as one of these
# codecs by chance ("Jum’at" is GBK-valid), but then gives lone characters between letters.
_CJK_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]{2}")
SAMPLE = 1 << 16


def east_asian_encoding(data: bytes) -> str | None:
    """The name of the East Asian encoding `data` (not valid UTF-8) is written in, or None."""
    sample = data[:SAMPLE]
    if not any(b >= 0x80 for b in sample):
        return None
    for codec, name in _CANDIDATES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start < len(sample) - 2:  # not just a character cut at the sample's end
                continue
            text = sample[:exc.start].decode(codec)
        if _CJK_WORD.search(text):
            return name
    return None


def refuse_east_asian(data: bytes, name: str) -> None:
    """InputError when `data` (not valid UTF-8) reads as an East Asian encoding."""
    found = east_asian_encoding(data)
    if found:
        raise InputError(
            f"{name}: berkas tampaknya berpengodean {found}, bukan UTF-8 maupun Windows-1252; "
            "bila dibaca isinya menjadi huruf acak. Simpan ulang sebagai CSV UTF-8.")
