"""Report downloads: a file written into a temporary folder, sent, then removed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from pantau.core.errors import InputError

# Media types of the report formats the pages offer, in the order they are offered.
REPORT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def report_type(fmt: str) -> str:
    """The media type of a report format a page asked for; InputError for any other."""
    if fmt not in REPORT_TYPES:
        *first, last = REPORT_TYPES
        raise InputError(f"Format '{fmt}' tidak didukung: pilih {', '.join(first)} atau {last}.")
    return REPORT_TYPES[fmt]


def temp_folder(prefix: str) -> Path:
    """A fresh folder for one download's files (removed after the response is sent)."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def file_download(path: Path, media_type: str, tmp: Path) -> FileResponse:
    """Send `path` as an attachment and remove `tmp` (its folder) once it is sent."""

    def cleanup() -> None:
        for p in tmp.glob("*"):
            p.unlink(missing_ok=True)
        tmp.rmdir()

    return FileResponse(path, media_type=media_type, filename=path.name,
                        background=BackgroundTask(cleanup))
