"""The one settings object: environment variables (and `.env`), validated at start-up.

Everything else reads settings through `get_settings()`; nothing calls `os.getenv`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pantau.core.errors import ConfigError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PANTAU_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(default_factory=lambda: Path(user_data_dir("pantau", appauthor=False)))
    database_url: str | None = None
    # Database connections each process keeps open (a web worker's threads, a worker's
    # tasks); up to 10 more are opened for a burst and closed after it.
    database_pool_size: int = Field(default=20, ge=1, le=1000)
    config: Path | None = None
    timezone: str = "Asia/Jakarta"
    # The task queue's broker (Celery; e.g. amqp://guest:guest@127.0.0.1:5672//). Unset: every
    # job runs in-process as on a single machine; set: the scheduler only enqueues and
    # `pantau worker` processes (on any machine) run the tasks.
    broker_url: str | None = None
    # The queue's name on the broker (several deployments, or test runs, may share one).
    broker_queue: str = Field(default="pantau", pattern=r"^[A-Za-z0-9_.-]{1,100}$")
    # Redis only: a message a worker took and did not acknowledge (the worker died) is given
    # to another worker after this many seconds; keep it above the longest task
    # (`collect_timeout_minutes`), or a running task is delivered a second time.
    broker_visibility_timeout: int = Field(default=3600, ge=1)
    # Log lines of the long-running processes (schedule, worker, serve): text or json.
    log_format: Literal["text", "json"] = "text"

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("hanya sqlite:/// atau postgresql:// yang didukung")
        return value

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        if not value.startswith(("amqp://", "amqps://", "pyamqp://", "redis://", "rediss://")):
            raise ValueError("hanya amqp:// (RabbitMQ) atau redis:// yang didukung")
        return value.strip()

    @field_validator("config")
    @classmethod
    def _config_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"berkas konfigurasi tidak ditemukan: {value}")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'pantau.db'}"

    @property
    def home_config(self) -> Path:
        """The config file beside the data (written by `pantau demo`), used when
        PANTAU_CONFIG is not set."""
        return self.home / "pantau.toml"

    @property
    def config_path(self) -> Path | None:
        """The TOML config in use: PANTAU_CONFIG, else `PANTAU_HOME/pantau.toml` when it
        exists, else none (the defaults)."""
        if self.config is not None:
            return self.config
        return self.home_config if self.home_config.is_file() else None

    def ensure_home(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment; invalid values stop with a clear message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = [
            f"PANTAU_{'_'.join(str(p) for p in err['loc']).upper()}: "
            f"{err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        ]
        raise ConfigError("Pengaturan Pantau tidak valid:\n" + "\n".join(problems)) from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def reset_settings() -> None:
    """Forget cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()
