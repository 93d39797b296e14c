"""Officers' uploads kept server-side between the preview and the confirmation.

An upload is stored under PANTAU_HOME/web-uploads as `<id>.<ext>` with `<id>.json` (unit,
period, original name, who). Ids are random; nothing from the user names a path."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from fastapi import UploadFile

from pantau.core.errors import InputError, NotFoundError
from pantau.core.timeutil import utcnow

ALLOWED = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument"
           ".spreadsheetml.sheet"}
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP_HOURS = 24


@dataclass
class StoredUpload:
    id: str
    file_name: str
    ext: str
    unit: str
    period: str
    username: str
    created: str
    new_unit: bool = False  # the officer asked to create the unit (it is not defined yet)

    def path(self, folder: Path) -> Path:
        return folder / f"{self.id}{self.ext}"

    def rejected_path(self, folder: Path) -> Path:
        """The invalid rows of the upload with their reasons (CSV), written by the preview."""
        return folder / f"{self.id}-ditolak.csv"

    @property
    def rejected_name(self) -> str:
        return f"{Path(self.file_name).stem}-ditolak.csv"


def check_upload(file_name: str, data: bytes, max_bytes: int) -> str:
    """The extension of an acceptable upload, else InputError naming the problem."""
    name = file_name or "(tanpa nama)"
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED:
        raise InputError(f"Berkas {name}: jenis berkas tidak didukung. Unggah CSV (.csv) atau "
                         "Excel (.xlsx).")
    if not data:
        raise InputError(f"Berkas {name} kosong.")
    if len(data) > max_bytes:
        raise InputError(f"Berkas {name} terlalu besar ({len(data) / 1048576:.1f} MB); batasnya "
                         f"{max_bytes / 1048576:.0f} MB.")
    if ext == ".xlsx" and not data.startswith(b"PK\x03\x04"):
        raise InputError(f"Berkas {name} bukan berkas Excel .xlsx yang valid.")
    if ext == ".csv" and b"\x00" in data[:65536]:
        raise InputError(f"Berkas {name} bukan berkas teks CSV (berisi data biner).")
    return ext


async def receive_upload(file: UploadFile, max_mb: float) -> tuple[bytes, str]:
    """The bytes and extension of an uploaded survey file, checked (`check_upload`); reads
    at most one byte over the limit."""
    max_bytes = int(max_mb * 1048576)
    data = await file.read(max_bytes + 1)
    return data, check_upload(file.filename or "", data, max_bytes)


def save_upload(folder: Path, *, file_name: str, data: bytes, ext: str, unit: str,
                period: str, username: str, new_unit: bool = False) -> StoredUpload:
    purge_old(folder)
    upload = StoredUpload(id=secrets.token_urlsafe(18), file_name=Path(file_name).name[:200],
                          ext=ext, unit=unit, period=period, username=username,
                          created=utcnow().isoformat(), new_unit=new_unit)
    upload.path(folder).write_bytes(data)
    (folder / f"{upload.id}.json").write_text(json.dumps(asdict(upload)), encoding="utf-8")
    return upload


def load_upload(folder: Path, upload_id: str) -> StoredUpload:
    meta = folder / f"{upload_id}.json"
    if not _ID.match(upload_id) or not meta.is_file():
        raise NotFoundError("Unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah ulang "
                            "berkasnya.")
    return StoredUpload(**json.loads(meta.read_text(encoding="utf-8")))


def delete_upload(folder: Path, upload: StoredUpload) -> None:
    for path in (upload.path(folder), folder / f"{upload.id}.json",
                 upload.rejected_path(folder)):
        path.unlink(missing_ok=True)


def purge_old(folder: Path) -> None:
    """Forget uploads nobody confirmed within KEEP_HOURS."""
    limit = utcnow().timestamp() - KEEP_HOURS * 3600
    for path in folder.glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
