"""The TOML configuration (PANTAU_CONFIG): institution, monitoring profiles, sources,
survey units, sentiment, indicators, schedules, alerts and the web app.

Each domain owns the model of its own section (`<domain>/config.py`); this module only
composes them, so the file has one schema and one loader.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from collectors.config import CollectConfig, ProfileConfig, SourceConfig, SpeechConfig
from indicators.config import Comparison, IndicatorsConfig, Official
from jobs.config import AlertsConfig, ScheduleConfig
from pantau.core.errors import ConfigError
from pantau.core.settings import get_settings
from pantau.core.units import DEFAULT_UNIT
from sentiment.config import SentimentConfig
from survey.config import SurveyConfig


class InstitutionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "Instansi Contoh"
    short_name: str | None = None
    unit: str = "Biro Hubungan Masyarakat"
    # The institution's own officials and spokespeople, with the names the press uses
    # (`[[institution.officials]]`): their quotes are merged and marked as its own.
    officials: list[Official] = Field(default_factory=list)


class WebConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Set when the app is served over HTTPS (directly or behind a TLS-terminating proxy):
    # session cookies get the Secure flag. `X-Forwarded-Proto: https` from a trusted proxy
    # has the same effect per request.
    https: bool = False
    # Trust X-Forwarded-For / X-Forwarded-Proto (only behind your own reverse proxy).
    trust_proxy_headers: bool = False
    # Public base URL used in QR codes and links for the service desk, e.g.
    # "https://skm.example.go.id". Empty: the URL the page was requested with.
    public_url: str = ""
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    # Public questionnaire: submissions per IP address per minute. Generous on purpose: a
    # service desk tablet behind one NAT address serves many respondents. 0 disables.
    public_submissions_per_minute: int = Field(default=120, ge=0)
    # Failed logins per IP address per 15 minutes before a pause.
    login_attempts_per_15min: int = Field(default=20, ge=1)
    # Uploads (CSV/XLSX) larger than this are refused.
    max_upload_mb: float = Field(default=10.0, gt=0, le=200)
    # How long a public form token stays valid.
    form_token_hours: int = Field(default=24, ge=1)
    page_size: int = Field(default=50, ge=5, le=500)


UNIT_CODE = r"^[a-z0-9][a-z0-9_-]{0,49}$"


class OrgUnitConfig(BaseModel):
    """One `[[units]]` entry: an organisation unit of a deployment serving many (see
    `pantau.core.units`). A single office lists none: everything is the default unit's."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=UNIT_CODE)
    name: str = Field(min_length=1, max_length=200)
    # Where the unit's own reports are written (a folder the unit reads, e.g. its share);
    # default: `<report folder>/<code>`. Absolute: a relative path would depend on the
    # directory each process happens to start in.
    report_dir: Path | None = None

    @field_validator("report_dir")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_absolute():
            raise ValueError(f"folder laporan unit harus path absolut (mis. /srv/pantau/"
                             f"laporan-unit), bukan '{value}'")
        return value


class PantauConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    institution: InstitutionConfig = Field(default_factory=InstitutionConfig)
    units: list[OrgUnitConfig] = Field(default_factory=list)
    profiles: list[ProfileConfig] = Field(default_factory=list)
    sources: list[SourceConfig] = Field(default_factory=list)
    collect: CollectConfig = Field(default_factory=CollectConfig)
    speech: SpeechConfig = Field(default_factory=SpeechConfig)
    survey: SurveyConfig = Field(default_factory=SurveyConfig)
    sentiment: SentimentConfig = Field(default_factory=SentimentConfig)
    indicators: IndicatorsConfig = Field(default_factory=IndicatorsConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
    web: WebConfig = Field(default_factory=WebConfig)
    # Peer institutions for the share of voice (`[[comparisons]]`, each with its profile).
    comparisons: list[Comparison] = Field(default_factory=list)

    @model_validator(mode="after")
    def _comparison_profiles(self) -> PantauConfig:
        """A profile named by `[[comparisons]]` is a comparison profile; a profile with
        `comparison = true` and no `[[comparisons]]` entry is compared under its
        institution's name."""
        by_name = {p.name: p for p in self.profiles}
        for n, c in enumerate(self.comparisons):
            if c.profile not in by_name:
                raise ValueError(f"comparisons.{n}.profile: profil '{c.profile}' tidak ada di "
                                 "[[profiles]]")
            by_name[c.profile].comparison = True
        named = {c.profile for c in self.comparisons}
        for p in self.profiles:
            if p.comparison and p.name not in named:
                self.comparisons.append(Comparison(name=p.institution or p.name,
                                                   profile=p.name))
        if self.indicators.report_profile in {c.profile for c in self.comparisons}:
            raise ValueError(f"indicators.report_profile: '{self.indicators.report_profile}' "
                             "adalah profil pembanding, bukan profil instansi sendiri")
        return self

    @model_validator(mode="after")
    def _known_units(self) -> PantauConfig:
        codes = [u.code for u in self.units]
        if len(set(codes)) != len(codes):
            raise ValueError("units: kode unit organisasi ganda")
        known = {DEFAULT_UNIT, *codes}
        owners = [("profiles", i, p.name, p.unit) for i, p in enumerate(self.profiles)]
        owners += [("sources", i, s.name, s.unit) for i, s in enumerate(self.sources)]
        owners += [("survey.units", i, u.code, u.unit) for i, u in enumerate(self.survey.units)]
        owners += [("alerts.channels", i, c.name, c.unit)
                   for i, c in enumerate(self.alerts.channels)]
        owners += [("alerts.rules", i, r.label, r.unit) for i, r in enumerate(self.alerts.rules)]
        for where, i, name, unit in owners:
            if unit is not None and unit not in known:
                raise ValueError(f"{where}[{i}] ({name}): unit '{unit}' tidak ada di [[units]]")
        self._unit_report_dirs()
        profile_unit = self.profile_units()
        for i, rule in enumerate(self.alerts.rules):
            owner = profile_unit.get(rule.profile or "")
            if rule.unit is not None and owner is not None and owner != rule.unit:
                raise ValueError(f"alerts.rules[{i}] ({rule.label}): profil '{rule.profile}' "
                                 f"milik unit '{owner}', bukan unit '{rule.unit}'")
        return self

    def _unit_report_dirs(self) -> None:
        """Two units' reports (or a unit's and the deployment's) never share a folder: their
        files have the same names and one would overwrite the other."""
        taken: dict[Path, str] = {}
        for i, unit in enumerate(self.units):
            if unit.report_dir is None:
                continue
            folder = Path(os.path.normpath(unit.report_dir))
            where = f"units.{i}.report_dir: folder laporan '{folder.as_posix()}'"
            deployment = self.schedule.report_dir
            if deployment is not None and folder == Path(os.path.normpath(deployment)):
                raise ValueError(f"{where} adalah folder laporan penyelenggara "
                                 "([schedule] report_dir)")
            if folder in taken:
                raise ValueError(f"{where} sudah dipakai unit {taken[folder]}")
            taken[folder] = unit.code

    def unit_names(self) -> dict[str, str]:
        """Code -> name of every organisation unit, the default unit first."""
        names = {DEFAULT_UNIT: self.institution.name}
        names.update({u.code: u.name for u in self.units})
        return names

    def profile_units(self) -> dict[str, str]:
        """Profile name -> the code of the unit that owns it (configured profiles)."""
        return {p.name: p.unit or DEFAULT_UNIT for p in self.profiles}

    def survey_unit_units(self) -> dict[str, str]:
        """Service unit code (lower case) -> the code of the organisation unit that owns it."""
        return {u.code.lower(): u.unit or DEFAULT_UNIT for u in self.survey.units}


def _describe(err: dict) -> str:  # type: ignore[type-arg]
    where = ".".join(str(p) for p in err["loc"]) or "(akar)"
    return f"{where}: {err['msg'].removeprefix('Value error, ')}"


def load_config(path: Path | None) -> PantauConfig:
    """Read and validate a TOML config file; no file means the defaults."""
    if path is None:
        return PantauConfig()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"Berkas konfigurasi tidak ditemukan: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Berkas konfigurasi {path} bukan TOML yang valid: {exc}") from exc
    try:
        return PantauConfig.model_validate(data)
    except ValidationError as exc:
        problems = "\n".join(f"  - {_describe(e)}" for e in exc.errors())  # type: ignore[arg-type]
        raise ConfigError(f"Konfigurasi {path} tidak valid:\n{problems}") from exc


def add_to_config_file(toml_text: str) -> Path:
    """Append `toml_text` (e.g. `[[sources]]` tables) to the configuration file named by
    PANTAU_CONFIG, whole or not at all: the result is validated before it replaces the file,
    so a mistake never leaves a broken configuration behind."""
    from pantau.core.files import atomic_output

    path = get_settings().config
    if path is None:
        raise ConfigError("PANTAU_CONFIG belum diatur: buat berkas konfigurasi TOML (lihat "
                          "README, Konfigurasi) lalu atur PANTAU_CONFIG ke berkas itu.")
    current = Path(path).read_text(encoding="utf-8")
    updated = current.rstrip("\n") + "\n\n" + toml_text
    try:
        PantauConfig.model_validate(tomllib.loads(updated))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigError(f"Tambahan untuk {path} tidak valid; berkas tidak diubah: {exc}") from exc
    with atomic_output(Path(path)) as tmp:
        tmp.write_text(updated, encoding="utf-8")
    return Path(path)


def get_config() -> PantauConfig:
    """The configuration named by the settings. Read it once at an edge (the CLI, the web
    app factory, the scheduler) and pass it down; domain code never calls this."""
    return load_config(get_settings().config_path)
