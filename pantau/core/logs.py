"""Log lines of the long-running processes (`pantau schedule`, `pantau worker`,
`pantau serve`): plain text for people, or one JSON object per line for a log collector
(`PANTAU_LOG_FORMAT=json`: Loki, Elasticsearch, journald's JSON output)."""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from datetime import UTC, datetime
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# LogRecord attributes that are not extra fields of a call.
_STANDARD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message",
                                                                              "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, process,
    host, the exception if any, and any `extra={...}` fields of the call."""

    def __init__(self, process_name: str | None = None) -> None:
        super().__init__()
        self.process_name = process_name
        self.host = socket.gethostname()

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process or os.getpid(),
            "host": self.host,
        }
        if self.process_name:
            entry["process"] = self.process_name
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(log_format: str = "text", *, process_name: str | None = None,
                  level: int = logging.INFO) -> None:
    """Send INFO and above to stderr in `log_format` (text | json), replacing earlier
    handlers of the root logger."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter(process_name))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def uvicorn_log_config(process_name: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn (`pantau serve`) writing JSON lines; each
    uvicorn worker process applies it itself."""
    handler = {"class": "logging.StreamHandler", "formatter": "json",
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pantau.core.logs.JsonFormatter",
                                "process_name": process_name}},
        "handlers": {"default": handler},
        "loggers": {name: {"handlers": ["default"], "level": "INFO", "propagate": False}
                    for name in ("uvicorn", "uvicorn.error", "uvicorn.access")},
        "root": {"handlers": ["default"], "level": "INFO"},
    }
