"""`pantau backup` / `pantau restore`: a round trip on the suite's database (SQLite, or
PostgreSQL with PANTAU_TEST_POSTGRES_URL) puts back every row and every file, and refuses
what is not a backup."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

from pantau.core.audit import AuditEvent, record
from pantau.core.db import session_scope
from survey.models import Response
from tests.survey.helpers import write_csv

HEADERS = ["No", "Jenis Kelamin", "Usia", *[f"U{i}" for i in range(1, 10)], "Saran"]


def _counts() -> tuple[int, int]:
    with session_scope() as s:
        return (int(s.exec(select(func.count()).select_from(Response)).one()),
                int(s.exec(select(func.count()).select_from(AuditEvent)).one()))


def _import(cli_runner: Any, tmp_path: Path, name: str, rows: int) -> None:
    path = write_csv(tmp_path / name, HEADERS,
                     [[str(n), "P", "30", *[str(1 + (n + i) % 4) for i in range(9)], name]
                      for n in range(1, rows + 1)])
    cli_runner(["survey", "import", str(path), "--unit", "loket", "--new-unit",
               "--period", "2026-05"])


def test_backup_and_restore_round_trip(cli_runner: Any, tmp_path: Path,
                                       pantau_env: Path) -> None:
    _import(cli_runner, tmp_path, "mei.csv", 5)
    (pantau_env / "models").mkdir(parents=True)
    (pantau_env / "models" / "model-a.skops").write_bytes(b"bobot model")
    (pantau_env / "web-uploads").mkdir()
    (pantau_env / "web-uploads" / "u1.csv").write_text("unggahan", encoding="utf-8")
    (pantau_env / "laporan").mkdir()
    (pantau_env / "laporan" / "harian.pdf").write_bytes(b"%PDF")
    before = _counts()
    assert before == (5, 1)

    archive = tmp_path / "cadangan.tar.gz"
    out = cli_runner(["backup", "--out", str(archive)]).output
    assert "ditulis ke" in out
    assert archive.stat().st_mode & 0o077 == 0  # password hashes inside: owner only
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "home/models/model-a.skops", "home/web-uploads/u1.csv"} <= names
    assert not any(n.startswith("home/laporan") for n in names)

    # Later work, then a mistake: more rows, a model replaced, an upload added.
    _import(cli_runner, tmp_path, "juni.csv", 3)
    (pantau_env / "models" / "model-a.skops").write_bytes(b"rusak")
    (pantau_env / "web-uploads" / "u2.csv").write_text("baru", encoding="utf-8")
    assert _counts() == (8, 2)

    assert "dipulihkan" in cli_runner(["restore", str(archive), "--yes"]).output
    assert _counts() == before
    assert (pantau_env / "models" / "model-a.skops").read_bytes() == b"bobot model"
    assert sorted(p.name for p in (pantau_env / "web-uploads").iterdir()) == ["u1.csv"]
    assert (pantau_env / "laporan" / "harian.pdf").exists()
    # The restored database is in use again: the same file may not be imported twice.
    with session_scope() as s:
        record(s, actor="uji", action="test.after", entity="x", entity_id=1)
    assert _counts() == (5, 2)


def test_restore_asks_first_and_refuses_what_is_not_a_backup(cli_runner: Any,
                                                            tmp_path: Path) -> None:
    archive = tmp_path / "cadangan.tar.gz"
    cli_runner(["backup", "--out", str(archive)])
    answer = cli_runner(["restore", str(archive)], input="t\n", expect_ok=False)
    assert answer.exit_code != 0 and "Timpa basis data" in answer.output

    junk = tmp_path / "bukan.tar.gz"
    junk.write_bytes(b"bukan arsip")
    result = cli_runner(["restore", str(junk), "--yes"], expect_ok=False)
    assert result.exit_code == 1 and "Galat:" in result.output
    assert "bukan berkas cadangan Pantau" in result.output and "Traceback" not in result.output

    missing = cli_runner(["restore", str(tmp_path / "tidak-ada.tar.gz"), "--yes"],
                         expect_ok=False)
    assert "tidak ditemukan" in missing.output


@pytest.mark.parametrize("member", ["../luar.txt", "/etc/pantau-jahat"])
def test_restore_refuses_paths_outside_the_archive(cli_runner: Any, tmp_path: Path,
                                                   member: str) -> None:
    from pantau.core.settings import get_settings

    dialect = "postgresql" if get_settings().effective_database_url.startswith("postgresql") \
        else "sqlite"
    archive = tmp_path / "jahat.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (("manifest.json", json.dumps({"format": 1, "database": dialect})),
                           (member, "isi")):
            info = tarfile.TarInfo(name)
            info.size = len(data.encode())
            tar.addfile(info, io.BytesIO(data.encode()))
    result = cli_runner(["restore", str(archive), "--yes"], expect_ok=False)
    assert result.exit_code == 1 and "Galat:" in result.output
    assert not (tmp_path.parent / "luar.txt").exists()
