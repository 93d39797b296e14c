"""The TOML configuration (PANTAU_CONFIG): institution, monitoring profiles, sources,
survey units, sentiment, indicators, schedules, alerts and the web app.

Each domain owns the model of its own section (`<domain>/config.py`); this module only
composes them, so the file has one schema and one loader.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from collectors.config import CollectConfig, ProfileConfig, SourceConfig
from indicators.config import IndicatorsConfig
from jobs.config import AlertsConfig, ScheduleConfig
from pantau.core.errors import ConfigError
from pantau.core.settings import get_settings
from pantau.web.config import WebConfig
from sentiment.config import SentimentConfig
from survey.config import SurveyConfig


class InstitutionConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "Instansi Contoh"
    short_name: str | None = None
    unit: str = "Biro Hubungan Masyarakat"


class PantauConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    institution: InstitutionConfig = Field(default_factory=InstitutionConfig)
    profiles: list[ProfileConfig] = Field(default_factory=list)
    sources: list[SourceConfig] = Field(default_factory=list)
    collect: CollectConfig = Field(default_factory=CollectConfig)
    survey: SurveyConfig = Field(default_factory=SurveyConfig)
    sentiment: SentimentConfig = Field(default_factory=SentimentConfig)
    indicators: IndicatorsConfig = Field(default_factory=IndicatorsConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
    web: WebConfig = Field(default_factory=WebConfig)


def _describe(err: dict) -> str:  # type: ignore[type-arg]
    where = ".".join(str(p) for p in err["loc"]) or "(akar)"
    return f"{where}: {err['msg']}"


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


def get_config() -> PantauConfig:
    """The configuration named by the settings. Read it once at an edge (the CLI, the web
    app factory, the scheduler) and pass it down; domain code never calls this."""
    return load_config(get_settings().config)
