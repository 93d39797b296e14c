"""Print clippings as scans, photos or e-paper PDFs: text by OCR (Tesseract with its
Indonesian model), the image kept beside the mention.

A PDF page that already carries text (an e-paper) is read as text with poppler's
`pdftotext`, without OCR; a scanned PDF is rendered at 300 dpi (`pdftoppm`) and read by
Tesseract page by page; JPG, PNG and TIFF go to Tesseract directly (`-l ind`, so Indonesian
words and their affixes are recognised). The original file is copied under
`PANTAU_HOME/kliping/` (named by its content hash) and its path kept in the mention's
`extra["gambar"]`, so the web page and the report can show the clipping itself. The same
file imported again stores nothing.

Tesseract and poppler are system programs (Debian: `tesseract-ocr-ind`, `poppler-utils`);
when one is missing the import stops with an Indonesian message saying what to install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from collectors.config import MonitoringConfig
from collectors.dedup import content_hash
from collectors.manual import add_own_story, import_scope, is_stored
from collectors.models import Match, Mention
from collectors.query import parse_query
from pantau.core.db import session_scope
from pantau.core.errors import InputError
from pantau.core.settings import get_settings
from pantau.core.timeutil import JAKARTA, utcnow

SCAN_SOURCE = "Kliping pindaian"
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
SCAN_TYPES = (*IMAGE_TYPES, ".pdf")
# A PDF page with fewer characters than this is taken to be a scan without a text layer.
MIN_TEXT_CHARS = 40
OCR_TIMEOUT_S = 120


@dataclass(frozen=True)
class ScanText:
    text: str
    pages: int
    method: str  # "teks" (the PDF's own text) or "ocr"


@dataclass
class ScanImportResult:
    file: str
    pages: int
    method: str
    new: bool
    matched_profiles: int
    title: str


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InputError(f"Program '{name}' tidak terpasang: pasang paket Debian '{package}' "
                         f"(apt-get install {package}) untuk membaca kliping pindaian.")
    return found


def _run(args: list[str], name: str, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(args, capture_output=True, timeout=OCR_TIMEOUT_S, check=False,
                              env=env)
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"{name}: pembacaan melebihi {OCR_TIMEOUT_S} detik.") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise InputError(f"{name}: berkas tidak dapat dibaca ({detail[0]}).")
    return done.stdout.decode("utf-8", "replace")


def ocr_image(path: Path, *, name: str | None = None) -> str:
    """Text of an image by Tesseract, Indonesian model, automatic page segmentation."""
    tesseract = _tool("tesseract", "tesseract-ocr-ind")
    # One OpenMP thread: on a page this small Tesseract's threads cost more than they give
    # (measured: 4x the CPU time and 3x the wall time on a busy 2-core machine).
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    return _run([tesseract, str(path), "stdout", "-l", "ind", "--psm", "3"],
                name or path.name, env)


def read_scan(path: Path) -> ScanText:
    """The text of a scan, photo or PDF (see the module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SCAN_TYPES:
        raise InputError(f"{path.name}: format tidak didukung; gunakan JPG, PNG, TIFF atau PDF.")
    if suffix in IMAGE_TYPES:
        return ScanText(_tidy(ocr_image(path)), 1, "ocr")
    pdftotext = _tool("pdftotext", "poppler-utils")
    text = _run([pdftotext, "-layout", str(path), "-"], path.name)
    pages = max(1, text.count("\f") + (0 if text.endswith("\f") else 1))
    if len(text.strip()) >= MIN_TEXT_CHARS * pages:
        return ScanText(_tidy(text), pages, "teks")
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    with tempfile.TemporaryDirectory(prefix="pantau-ocr-") as tmp:
        _run([pdftoppm, "-r", "300", "-png", str(path), str(Path(tmp) / "hal")], path.name)
        images = sorted(Path(tmp).glob("hal*.png"))
        texts = [ocr_image(img, name=f"{path.name} halaman {n}")
                 for n, img in enumerate(images, start=1)]
    return ScanText(_tidy("\n\n".join(texts)), len(images), "ocr")


def _tidy(text: str) -> str:
    """OCR text with hyphenated line breaks joined and runs of blank lines collapsed."""
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("-") and line[:1].islower():
            joined[-1] = joined[-1][:-1] + line.lstrip()
        else:
            joined.append(line)
    out: list[str] = []
    for line in joined:
        if line.strip() or (out and out[-1].strip()):
            out.append(line.strip())
    return "\n".join(out).strip()


def _title_of(text: str) -> str:
    for line in text.splitlines():
        if len(line.strip()) >= 8:
            return line.strip()[:200]
    return ""


def import_scan(path: Path, *, config: MonitoringConfig, outlet: str, day: date,
                media_type: str = "cetak", title: str | None = None, page: str | None = None,
                profile: str | None = None) -> ScanImportResult:
    """Read `path` (see `read_scan`), keep the file, and store it as one print mention of
    `outlet` on `day` (WIB), matched against the profiles."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Berkas tidak ditemukan: {path}")
    if not outlet.strip():
        raise InputError("Nama media (--media) wajib diisi.")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    key = f"scan:{digest[:40]}"
    with session_scope() as session:
        if is_stored(session, key):
            return ScanImportResult(path.name, 0, "-", False, 0, "")
    scan = read_scan(path)
    if not scan.text:
        raise InputError(f"{path.name}: tidak ada teks yang terbaca (pindai ulang dengan "
                         "resolusi 300 dpi atau lebih).")
    headline = (title or "").strip() or _title_of(scan.text) or path.stem
    store = get_settings().ensure_home() / "kliping"
    store.mkdir(parents=True, exist_ok=True)
    kept = store / f"{digest[:32]}{path.suffix.lower()}"
    if not kept.exists():
        shutil.copyfile(path, kept)
    published = datetime.combine(day, time(6, 0), tzinfo=JAKARTA).astimezone(UTC)

    with session_scope() as session:
        source, profiles = import_scope(session, config=config, source_name=SCAN_SOURCE,
                                        kind="scan", media_type="cetak", profile=profile)
        mention = Mention(
            url_key=key, url=None, title=headline, text=scan.text, summary=None,
            outlet=outlet.strip()[:300], media_type=media_type, language="id",
            published_at=published, source_id=source.id,
            content_hash=content_hash(headline, scan.text),
            extra={"gambar": str(kept.relative_to(get_settings().home)), "ocr": scan.method,
                   "halaman_atau_program": page or "", "berkas": path.name,
                   "halaman_berkas": scan.pages},
        )
        mention_id = add_own_story(session, mention)
        matched = 0
        for prof in profiles:
            result = parse_query(prof.query).match(headline, scan.text)
            if result is None:
                continue
            session.add(Match(mention_id=mention_id, profile_id=prof.id or 0,
                              published_at=published, matched_terms=result.terms,
                              passages=result.passages))
            matched += 1
        source.items_total += 1
        source.last_run_at = source.last_success_at = utcnow()
        session.add(source)
    return ScanImportResult(path.name, scan.pages, scan.method, True, matched, headline)
