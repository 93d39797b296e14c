"""Backups: one archive holding a consistent copy of the database and the files Pantau keeps
under PANTAU_HOME (web uploads in progress, trained sentiment models, the outlet list, the
web signing key), and the restore that puts them back.

- SQLite: a snapshot through SQLite's online backup API (consistent while the web app and the
  scheduler keep writing; copying the file could catch a half-written page or miss the WAL).
- PostgreSQL: `pg_dump --format=custom`; the restore drops every table and runs the dump
  (`pg_restore` to a script, `psql`) in one transaction (the client programs, package
  `postgresql-client`, must be on PATH). The password goes to them
  through `PGPASSWORD`, never on their command line.
- Reports under `laporan/` are left out: they are rebuilt from the data.

The archive (`.tar.gz`, written whole, readable by its owner only) holds `manifest.json`,
`database.sqlite` or `database.pgdump`, and `home/...`. It contains password hashes and the
signing key: keep it where only administrators can read it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from pantau.core.errors import InputError, PantauError
from pantau.core.files import atomic_output
from pantau.core.timeutil import utcnow

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
PG_FILE = "database.pgdump"
HOME_DIR = "home"
# Left out of the archive: rebuilt from the data, or belonging to a running process.
HOME_SKIPPED_DIRS = frozenset({"laporan"})
HOME_SKIPPED_SUFFIXES = (".lock", "-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    database: str  # "sqlite" | "postgresql"
    created_at: str
    home_files: int


def _dialect(url: URL) -> str:
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise InputError(f"Basis data '{backend}' tidak didukung untuk cadangan.")
    return backend


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise InputError("Basis data SQLite di memori tidak dapat dicadangkan.")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database onto another with the online backup API."""
    src = sqlite3.connect(str(source), timeout=30)
    try:
        dst = sqlite3.connect(str(target), timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PantauError(f"Program {name} tidak ditemukan. Pasang klien PostgreSQL (paket "
                          f"postgresql-client) dengan versi yang sama dengan servernya.")
    return found


# Every table of the public schema (a partitioned table takes its partitions with it).
_DROP_TABLES = ("DO $$ DECLARE t text; BEGIN FOR t IN SELECT tablename FROM pg_tables "
                "WHERE schemaname = 'public' LOOP "
                "EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', t); END LOOP; END $$")


def _pg_run(args: list[str], url: URL) -> None:
    """Run pg_dump/pg_restore against `url`, the password in the environment only."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    done = subprocess.run([*args, "--dbname", conninfo], env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PantauError(f"{Path(args[0]).name} gagal (kode {done.returncode}): "
                          + (detail[-1] if detail else "tanpa keterangan"))


def _home_files(home: Path, skip: set[Path]) -> list[Path]:
    if not home.is_dir():
        return []
    found = []
    for path in sorted(home.rglob("*")):
        rel = path.relative_to(home)
        if not path.is_file() or path.is_symlink() or path.resolve() in skip:
            continue
        if rel.parts[0] in HOME_SKIPPED_DIRS or path.name.endswith(HOME_SKIPPED_SUFFIXES):
            continue
        if path.name.startswith(".") and path.name.endswith(".tmp"):  # a half-written file
            continue
        found.append(path)
    return found


def create_backup(out: Path, *, database_url: str, home: Path,
                  pantau_version: str = "") -> BackupSummary:
    """Write a backup archive of the database at `database_url` and of `home` to `out`."""
    url = make_url(database_url)
    dialect = _dialect(url)
    out = Path(out)
    skip = {out.resolve()}
    created = utcnow().isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(prefix="pantau-cadangan-") as tmp_name:
        tmp = Path(tmp_name)
        if dialect == "sqlite":
            source = _sqlite_path(url)
            if not source.is_file():
                raise InputError(f"Basis data {source} tidak ditemukan.")
            skip |= {source.resolve()}
            db_file = tmp / SQLITE_FILE
            _sqlite_copy(source, db_file)
        else:
            db_file = tmp / PG_FILE
            _pg_run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                     "--file", str(db_file)], url)
        files = _home_files(home, skip)
        manifest = {"format": FORMAT_VERSION, "database": dialect, "created_at": created,
                    "pantau_version": pantau_version, "home_files": len(files)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        with atomic_output(out) as part, tarfile.open(part, "w:gz") as tar:
            tar.add(tmp / MANIFEST, arcname=MANIFEST)
            tar.add(db_file, arcname=db_file.name)
            for path in files:
                tar.add(path, arcname=f"{HOME_DIR}/{path.relative_to(home).as_posix()}")
    return BackupSummary(out, dialect, created, len(files))


def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest of a backup archive; InputError when the file is not one."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"Berkas cadangan {archive} tidak ditemukan.") from exc
    except (tarfile.TarError, KeyError, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{archive} bukan berkas cadangan Pantau yang utuh.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise InputError(f"{archive}: versi berkas cadangan tidak dikenal.")
    return manifest


def restore_backup(archive: Path, *, database_url: str, home: Path) -> BackupSummary:
    """Replace the database at `database_url` and the backed-up files under `home` with the
    archive's. The database must be of the same kind (SQLite or PostgreSQL) as the backup.
    Close every connection to the database first (stop the web app and the scheduler)."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    url = make_url(database_url)
    dialect = _dialect(url)
    if manifest.get("database") != dialect:
        raise InputError(f"Cadangan ini dari basis data {manifest.get('database')}, sedangkan "
                         f"basis data tujuan {dialect}. Pulihkan ke basis data yang sejenis.")
    with tempfile.TemporaryDirectory(prefix="pantau-pulih-") as tmp_name:
        tmp = Path(tmp_name)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # The "data" filter refuses absolute paths, `..`, links out and devices.
                tar.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise InputError(f"{archive} rusak atau tidak lengkap: {exc}") from exc
        if dialect == "sqlite":
            source = tmp / SQLITE_FILE
            if not source.is_file():
                raise InputError(f"{archive} tidak memuat basis data SQLite.")
            target = _sqlite_path(url)
            target.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(source, target)
        else:
            dump = tmp / PG_FILE
            if not dump.is_file():
                raise InputError(f"{archive} tidak memuat salinan PostgreSQL.")
            # `pg_restore --clean` cannot drop a partition's inherited primary key (the
            # mention table is partitioned): the dump becomes a script that psql runs in
            # one transaction after dropping every table, so a failure changes nothing.
            script = tmp / "pulih.sql"
            done = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges",
                                   "--file", str(script), str(dump)],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise InputError(f"{archive}: salinan PostgreSQL tidak terbaca: "
                                 f"{done.stderr.strip()}")
            _pg_run([_pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
                     "--set", "ON_ERROR_STOP=1", "--command", _DROP_TABLES,
                     "--file", str(script)], url)
        saved = tmp / HOME_DIR
        count = 0
        if saved.is_dir():
            home.mkdir(parents=True, exist_ok=True)
            for top in sorted(saved.iterdir()):
                # A folder is replaced whole (uploads that came later are not kept).
                dest = home / top.name
                if top.is_dir():
                    shutil.rmtree(dest, ignore_errors=True)
                    shutil.copytree(top, dest)
                else:
                    shutil.copy2(top, dest)
            count = sum(1 for p in saved.rglob("*") if p.is_file())
    return BackupSummary(archive, dialect, str(manifest.get("created_at", "")), count)
