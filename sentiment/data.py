"""Labelled text files: CSV with a header (`text,label`, optionally `target`: the
institution the tone is toward; other columns ignored) or TSV without a header (text, tab,
label). Labels in Indonesian or English."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from pantau.core.errors import InputError
from sentiment.labels import normalize_label

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    target: str | None = None


def _is_tsv(path: Path, first_line: str) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return True
    if suffix == ".csv":
        return False
    return "\t" in first_line


def read_labelled(path: Path) -> list[Example]:
    """Read one labelled file; every bad row is reported with file, row and field."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"Berkas data tidak ditemukan: {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"Berkas {path} bukan teks UTF-8.") from exc
    lines = raw.splitlines()
    if not any(line.strip() for line in lines):
        raise InputError(f"Berkas {path} kosong.")
    problems: list[str] = []
    examples: list[Example] = []

    def add(row_number: int, text: str, label_value: str, target: str | None = None) -> None:
        text = text.strip()
        label = normalize_label(label_value)
        if not text:
            problems.append(f"{path} baris {row_number} kolom text: teks kosong")
        elif label is None:
            problems.append(
                f"{path} baris {row_number} kolom label: '{label_value}' bukan positif, "
                "netral, negatif (atau positive, neutral, negative)"
            )
        else:
            examples.append(Example(text, label, (target or "").strip() or None))

    if _is_tsv(path, lines[0]):
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            text, sep, label_value = line.rpartition("\t")
            if not sep:
                problems.append(f"{path} baris {number}: tidak ada tab antara teks dan label")
                continue
            add(number, text, label_value)
    else:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        reader = csv.DictReader(raw.splitlines(keepends=True))
        fields = {name.strip().lower(): name for name in reader.fieldnames or [] if name}
        missing = [name for name in ("text", "label") if name not in fields]
        if missing:
            raise InputError(
                f"Berkas {path} harus berkepala kolom text dan label; "
                f"tidak ada kolom: {', '.join(missing)}."
            )
        target_field = fields.get("target")
        for row in reader:
            number = reader.line_num
            add(number, row.get(fields["text"]) or "", row.get(fields["label"]) or "",
                row.get(target_field) if target_field else None)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"... dan {len(problems) - MAX_PROBLEMS} masalah lain")
        raise InputError(f"Data berlabel di {path} tidak valid:", shown)
    return examples


def read_many(paths: list[Path]) -> list[Example]:
    examples: list[Example] = []
    for path in paths:
        examples.extend(read_labelled(path))
    return examples
