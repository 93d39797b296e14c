"""The outlet catalogue: one validated `Outlet` per row of ``outlets.csv``, the office's
override file merged over it, queries by province/scope/media type, and the mapping of an
outlet name or URL to its one canonical outlet.

Why CSV (and not TOML): the catalogue is a table of ~200 rows with the same eleven columns,
and the people who correct it are Biro Humas staff who open it in Excel or LibreOffice. A
CSV shows every outlet on one line (short diffs, easy review, ``grep``-able), and the
office's override file is the very same format with only the columns it changes, so one
reader and one set of error messages serve both. Lists inside a cell (aliases) are
separated by ``|``.

Override file: ``PANTAU_HOME/outlets.csv`` (see `default_override_path`), or any path passed
to `load_catalogue`. Same header names; only ``id`` is required. For an ``id`` the catalogue
has, every non-empty cell replaces the shipped value and ``-`` empties an optional field
(``feed_url``, ``sitemap_url``, ``aliases``, ``notes``); an unknown ``id`` adds an outlet,
which then needs every required column. Comma, semicolon or tab delimited; UTF-8 or
Windows-1252 (what Excel writes).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from collectors.catalogue.provinces import PROVINCES, find_province, normalize_province
from pantau.core.errors import InputError, NotFoundError
from pantau.core.settings import get_settings

CATALOGUE_FILE = Path(__file__).with_name("outlets.csv")
OVERRIDE_FILE_NAME = "outlets.csv"

FIELDS: tuple[str, ...] = (
    "id", "name", "media_type", "scope", "province", "homepage", "feed_url", "sitemap_url",
    "aliases", "dewan_pers_verified", "notes",
)
REQUIRED_FIELDS: tuple[str, ...] = ("id", "name", "media_type", "scope", "homepage")
CLEARABLE_FIELDS: tuple[str, ...] = ("province", "feed_url", "sitemap_url", "aliases", "notes")
CLEAR = "-"

OutletMediaType = Literal["online", "cetak", "televisi", "radio"]
OUTLET_MEDIA_TYPES: tuple[str, ...] = ("online", "cetak", "televisi", "radio")
Scope = Literal["nasional", "provinsi", "kabupaten-kota"]
SCOPES: tuple[str, ...] = ("nasional", "provinsi", "kabupaten-kota")

_MEDIA_ALIASES = {
    "online": "online", "daring": "online", "siber": "online", "cetak": "cetak",
    "koran": "cetak", "surat kabar": "cetak", "majalah": "cetak", "print": "cetak",
    "televisi": "televisi", "tv": "televisi", "radio": "radio",
}
_SCOPE_ALIASES = {
    "nasional": "nasional", "national": "nasional", "provinsi": "provinsi",
    "province": "provinsi", "regional": "provinsi", "kabupaten-kota": "kabupaten-kota",
    "kabupaten/kota": "kabupaten-kota", "kabupaten kota": "kabupaten-kota",
    "kab/kota": "kabupaten-kota", "kota": "kabupaten-kota", "kabupaten": "kabupaten-kota",
    "lokal": "kabupaten-kota",
}
_TRUE = {"true", "ya", "yes", "1", "terverifikasi", "benar"}
_FALSE = {"false", "tidak", "no", "0", "belum", "salah"}
_UNKNOWN = {"", "unknown", "tidak diketahui", "?"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def _host(netloc: str) -> str:
    host = netloc.lower().rsplit("@", 1)[-1].split(":")[0].rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def _check_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError("harus URL lengkap yang diawali http:// atau https://")
    if not parts.hostname or not _HOST.match(parts.hostname.lower()):
        raise ValueError("nama host di URL tidak valid")
    return value


def name_key(text: str) -> str:
    """The key outlet names are compared by: case, spaces and punctuation ignored, so
    "KOMPAS.com", "Kompas.com" and "kompas com" are one name."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def looks_like_domain(text: str) -> bool:
    text = text.strip().lower()
    return " " not in text and bool(_HOST.match(text.split("/")[0].removeprefix("www.")))


class Outlet(BaseModel):
    """One outlet (a newsroom under one name). `media_type` is the outlet's own medium;
    what Pantau collects from its website is an online mention whatever that medium is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    media_type: OutletMediaType
    scope: Scope
    province: str | None = None
    homepage: str
    feed_url: str | None = None
    sitemap_url: str | None = None
    aliases: tuple[str, ...] = ()
    dewan_pers_verified: bool | None = None  # None: not known
    notes: str = ""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        value = value.strip()
        if not _SLUG.match(value):
            raise ValueError("harus slug: huruf kecil, angka dan tanda hubung (contoh: kompas-com)")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("wajib diisi")
        return value

    @field_validator("media_type", mode="before")
    @classmethod
    def _media(cls, value: Any) -> Any:
        if isinstance(value, str):
            found = _MEDIA_ALIASES.get(value.strip().casefold())
            if found is None:
                raise ValueError(f"{value!r} tidak dikenal; pilih online, cetak, televisi "
                                 "(atau tv) atau radio")
            return found
        return value

    @field_validator("scope", mode="before")
    @classmethod
    def _scope(cls, value: Any) -> Any:
        if isinstance(value, str):
            found = _SCOPE_ALIASES.get(value.strip().casefold())
            if found is None:
                raise ValueError(f"{value!r} tidak dikenal; pilih nasional, provinsi atau "
                                 "kabupaten-kota")
            return found
        return value

    @field_validator("province", mode="before")
    @classmethod
    def _province(cls, value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                return None
            found = find_province(value)
            if found is None:
                raise ValueError(f"{value!r} bukan salah satu dari 38 provinsi")
            return found
        return value

    @field_validator("homepage")
    @classmethod
    def _homepage(cls, value: str) -> str:
        return _check_url(value)

    @field_validator("feed_url", "sitemap_url", mode="before")
    @classmethod
    def _optional_url(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _check_url(value) if value.strip() else None
        return value

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split("|")
        if isinstance(value, list | tuple):
            return tuple(a for a in (" ".join(str(v).split()) for v in value) if a)
        return value

    @field_validator("dewan_pers_verified", mode="before")
    @classmethod
    def _verified(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().casefold()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            if text in _UNKNOWN:
                return None
            raise ValueError(f"{value!r} tidak dikenal; isi true, false atau unknown")
        return value

    @model_validator(mode="after")
    def _scope_province(self) -> Outlet:
        if self.scope == "nasional" and self.province:
            raise ValueError("media berlingkup nasional tidak diisi provinsinya (kosongkan "
                             "kolom province)")
        if self.scope != "nasional" and not self.province:
            raise ValueError(f"media berlingkup {self.scope} wajib diisi provinsinya")
        return self

    @property
    def host(self) -> str:
        return _host(urlsplit(self.homepage).netloc)

    @property
    def path_prefix(self) -> str:
        """The homepage path without its trailing slash ("" for a whole site): outlets that
        share a host (``detik.com/jabar``, ``rri.co.id/medan``) are told apart by it."""
        return urlsplit(self.homepage).path.rstrip("/").lower()

    @property
    def domains(self) -> tuple[str, ...]:
        """Hosts whose pages belong to this outlet: the homepage's and domain aliases."""
        hosts = [self.host]
        for alias in self.aliases:
            if looks_like_domain(alias) and "/" not in alias:
                host = _host(alias)
                if host not in hosts:
                    hosts.append(host)
        return tuple(hosts)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON: aliases as a list, unknown verification as "unknown"."""
        data = self.model_dump()
        data["aliases"] = list(self.aliases)
        data["dewan_pers_verified"] = (
            "unknown" if self.dewan_pers_verified is None else self.dewan_pers_verified)
        return data

    def to_row(self) -> dict[str, str]:
        """The outlet as a CSV row of `FIELDS`."""
        verified = self.dewan_pers_verified
        return {
            "id": self.id, "name": self.name, "media_type": self.media_type,
            "scope": self.scope, "province": self.province or "", "homepage": self.homepage,
            "feed_url": self.feed_url or "", "sitemap_url": self.sitemap_url or "",
            "aliases": "|".join(self.aliases), "notes": self.notes,
            "dewan_pers_verified": "unknown" if verified is None else str(verified).lower(),
        }


# --------------------------------------------------------------------------- reading


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _read_csv(path: Path, *, require_all: bool) -> list[_Row]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise NotFoundError(f"Berkas katalog media tidak ditemukan: {path}") from exc
    text = _decode(raw)
    head = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=head.count) if any(d in head for d in ";,\t") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError(f"{path.name}: berkas kosong (baris judul kolom tidak ada)") from exc
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    unknown = [h for h in names if h and h not in FIELDS]
    problems: list[str] = []
    if unknown:
        problems.append(f"kolom tidak dikenal: {', '.join(unknown)} (kolom yang dikenal: "
                        f"{', '.join(FIELDS)})")
    wanted = FIELDS if require_all else ("id",)
    missing = [f for f in wanted if f not in names]
    if missing:
        problems.append(f"kolom wajib tidak ada: {', '.join(missing)}")
    if problems:
        raise InputError(f"{path.name}: judul kolom tidak sesuai", problems)
    rows: list[_Row] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        cells = {n: v.strip() for n, v in zip(names, values, strict=False) if n}
        rows.append(_Row(reader.line_num, cells))
    return rows


def _describe(err: Any) -> tuple[str, str]:
    loc = err.get("loc") or ()
    where = str(loc[0]) if loc else ""
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    if err.get("type") == "missing":
        msg = "wajib diisi"
    elif err.get("type") == "literal_error":
        msg = f"nilai {err.get('input')!r} tidak dikenal"
    return where, msg


def _build(cells: dict[str, str], source: str, line: int, problems: list[str]) -> Outlet | None:
    data: dict[str, Any] = {k: v for k, v in cells.items() if k in FIELDS}
    for req in REQUIRED_FIELDS:
        if not data.get(req):
            data.pop(req, None)
    label = f"{source} baris {line}" + (f" (id {cells['id']!r})" if cells.get("id") else "")
    try:
        return Outlet.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where, msg = _describe(err)
            problems.append(f"{label}, kolom {where}: {msg}" if where else f"{label}: {msg}")
        return None


@lru_cache(maxsize=4)
def _builtin(path: Path, mtime_ns: int) -> tuple[Outlet, ...]:
    rows = _read_csv(path, require_all=True)
    problems: list[str] = []
    outlets = [_build(r.cells, path.name, r.line, problems) for r in rows]
    if problems:
        raise InputError(f"Katalog media {path} tidak valid", problems)
    return tuple(o for o in outlets if o is not None)


def read_catalogue_file(path: Path = CATALOGUE_FILE) -> tuple[Outlet, ...]:
    """Every outlet of a complete catalogue file (the shipped one by default)."""
    return _builtin(path, path.stat().st_mtime_ns if path.exists() else 0)


def apply_overrides(outlets: Iterable[Outlet], path: Path) -> tuple[Outlet, ...]:
    """`outlets` with the office's override file `path` merged in (see the module
    docstring). Every bad row is reported at once, naming the file, line, id and column."""
    merged: dict[str, Outlet] = {o.id: o for o in outlets}
    problems: list[str] = []
    seen: set[str] = set()
    for row in _read_csv(path, require_all=False):
        oid = row.cells.get("id", "")
        if not oid:
            problems.append(f"{path.name} baris {row.line}, kolom id: wajib diisi")
            continue
        if oid in seen:
            problems.append(f"{path.name} baris {row.line} (id {oid!r}): id ini sudah ada di "
                            "baris sebelumnya")
            continue
        seen.add(oid)
        base = merged.get(oid)
        if base is None:
            cells = {k: ("" if v == CLEAR else v) for k, v in row.cells.items()}
        else:
            cells = base.to_row()
            for key, value in row.cells.items():
                if key == "id" or value == "":
                    continue
                if value == CLEAR:
                    if key not in CLEARABLE_FIELDS:
                        problems.append(f"{path.name} baris {row.line} (id {oid!r}), kolom "
                                        f"{key}: tidak boleh dikosongkan dengan '-'")
                        continue
                    value = ""
                cells[key] = value
        outlet = _build(cells, path.name, row.line, problems)
        if outlet is not None:
            merged[oid] = outlet
    if problems:
        raise InputError(f"Berkas koreksi katalog media {path} tidak valid", problems)
    return tuple(merged.values())


def default_override_path() -> Path:
    """Where the office keeps its corrections: ``PANTAU_HOME/outlets.csv``."""
    return get_settings().home / OVERRIDE_FILE_NAME


# --------------------------------------------------------------------------- catalogue


@dataclass
class Catalogue:
    """The outlets, with lookups by id, name/alias and host built once."""

    outlets: tuple[Outlet, ...]
    override_path: Path | None = None
    _by_id: dict[str, Outlet] = field(init=False, repr=False)
    _by_name: dict[str, Outlet] = field(init=False, repr=False)
    _by_host: dict[str, list[Outlet]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        problems: list[str] = []
        self._by_id = {}
        self._by_name = {}
        self._by_host = {}
        for outlet in self.outlets:
            if outlet.id in self._by_id:
                problems.append(f"id {outlet.id!r} dipakai lebih dari satu media")
            self._by_id[outlet.id] = outlet
            for label in (outlet.name, *outlet.aliases):
                key = name_key(label)
                if not key:
                    continue
                other = self._by_name.get(key)
                if other is not None and other.id != outlet.id:
                    problems.append(f"nama/alias {label!r} ({outlet.id}) sama dengan nama atau "
                                    f"alias {other.id!r}")
                self._by_name.setdefault(key, outlet)
            for host in outlet.domains:
                bucket = self._by_host.setdefault(host, [])
                if outlet not in bucket:
                    bucket.append(outlet)
        if problems:
            raise InputError("Katalog media tidak konsisten", problems)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets)

    def __len__(self) -> int:
        return len(self.outlets)

    def get(self, outlet_id: str) -> Outlet:
        try:
            return self._by_id[outlet_id]
        except KeyError:
            raise NotFoundError(f"Media dengan id {outlet_id!r} tidak ada di katalog") from None

    @property
    def provinces(self) -> list[str]:
        """Provinces with at least one outlet, in the official order."""
        present = {o.province for o in self.outlets if o.province}
        return [p for p in PROVINCES if p in present]

    def select(
        self,
        *,
        province: str | None = None,
        scope: str | None = None,
        media_type: str | None = None,
        with_source: bool = False,
    ) -> list[Outlet]:
        """Outlets matching every given filter, in catalogue order. `province` accepts the
        usual short names ("jabar", "DIY"); `with_source` keeps outlets that have a feed or
        a sitemap. Unknown filter values are an InputError."""
        prov = normalize_province(province) if province else None
        if scope is not None:
            scope_value = _SCOPE_ALIASES.get(scope.strip().casefold())
            if scope_value is None:
                raise InputError(f"Lingkup tidak dikenal: {scope!r}; pilih "
                                 + ", ".join(SCOPES))
            scope = scope_value
        if media_type is not None:
            media_value = _MEDIA_ALIASES.get(media_type.strip().casefold())
            if media_value is None:
                raise InputError(f"Jenis media tidak dikenal: {media_type!r}; pilih "
                                 + ", ".join(OUTLET_MEDIA_TYPES))
            media_type = media_value
        return [
            o for o in self.outlets
            if (prov is None or o.province == prov)
            and (scope is None or o.scope == scope)
            and (media_type is None or o.media_type == media_type)
            and (not with_source or bool(o.feed_url or o.sitemap_url))
        ]

    def selection(self, spec: str) -> list[Outlet]:
        """The set `pantau sources add --from-catalogue SPEC` means: ``nasional`` (every
        national outlet), ``semua`` (everything), an outlet id, or a province (every outlet
        of that province, whatever its scope)."""
        text = spec.strip()
        low = text.casefold()
        if low in ("nasional", "national"):
            return self.select(scope="nasional")
        if low in ("semua", "all"):
            return list(self.outlets)
        if low in self._by_id:
            return [self._by_id[low]]
        if find_province(text) is not None:
            return self.select(province=text)
        raise InputError(f"Pilihan katalog tidak dikenal: {spec!r}. Gunakan 'nasional', "
                         "'semua', id media, atau nama provinsi (mis. 'Jawa Barat', 'jabar').")

    def by_name(self, name: str) -> Outlet | None:
        """The outlet whose canonical name or alias is `name` (see `name_key`)."""
        return self._by_name.get(name_key(name)) if name_key(name) else None

    def by_url(self, url: str) -> Outlet | None:
        """The outlet a page URL (or a bare domain such as ``jabar.tribunnews.com``) belongs
        to: the most specific host (a regional subdomain before its network), then the
        longest homepage path that prefixes the URL's path; among equals an online outlet."""
        text = url.strip()
        if "://" not in text:
            text = "http://" + text.lstrip("/")
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return None
        host = _host(parts.netloc)
        path = (parts.path or "/").lower()
        labels = host.split(".")
        for start in range(len(labels) - 1):
            candidates = self._by_host.get(".".join(labels[start:]))
            if not candidates:
                continue
            best: Outlet | None = None
            best_rank: tuple[int, int] = (-1, -1)
            for outlet in candidates:
                prefix = outlet.path_prefix if outlet.host == ".".join(labels[start:]) else ""
                if prefix and not (path == prefix or path.startswith(prefix + "/")):
                    continue
                rank = (len(prefix), 1 if outlet.media_type == "online" else 0)
                if rank > best_rank:
                    best, best_rank = outlet, rank
            if best is not None:
                return best
        return None

    def canonical_outlet(self, name_or_url: str) -> Outlet | None:
        """The outlet `name_or_url` refers to: a URL or domain is resolved by host and path
        (`by_url`), anything else by name or alias (`by_name`); a domain-looking name that
        matches no host is still tried as a name. None when the catalogue has no such
        outlet."""
        text = (name_or_url or "").strip()
        if not text:
            return None
        if "://" in text or looks_like_domain(text):
            found = self.by_url(text)
            if found is not None:
                return found
        return self.by_name(text)

    def canonical_name(self, name_or_url: str) -> str:
        """The one spelling reports use: the catalogue name, else `name_or_url` as given."""
        outlet = self.canonical_outlet(name_or_url)
        return outlet.name if outlet is not None else name_or_url


def load_catalogue(override: Path | None = None, *, use_default_override: bool = True
                   ) -> Catalogue:
    """The shipped catalogue with the office's corrections merged in: `override` when
    given (it must exist), else ``PANTAU_HOME/outlets.csv`` when that file exists and
    `use_default_override` is true."""
    outlets = read_catalogue_file()
    path = override
    if path is None and use_default_override:
        candidate = default_override_path()
        path = candidate if candidate.is_file() else None
    if path is not None:
        if not Path(path).is_file():
            raise NotFoundError(f"Berkas koreksi katalog media tidak ditemukan: {path}")
        outlets = apply_overrides(outlets, Path(path))
    try:
        return Catalogue(outlets, override_path=path)
    except InputError as exc:
        if path is None:
            raise
        raise InputError(f"Katalog media tidak konsisten setelah koreksi dari {path}",
                         exc.problems) from exc


def canonical_outlet(name_or_url: str, catalogue: Catalogue | None = None) -> Outlet | None:
    """`Catalogue.canonical_outlet` on `catalogue` (default: `load_catalogue()`)."""
    return (catalogue or load_catalogue()).canonical_outlet(name_or_url)
