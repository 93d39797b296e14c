"""Domain errors. Raised inside the domain packages, translated at the edges (CLI, web).

Messages are user-facing and therefore written in Bahasa Indonesia.
"""

from __future__ import annotations


class PantauError(Exception):
    """Base class for errors whose message an end user should read."""


class ConfigError(PantauError):
    """Settings or the TOML configuration are invalid."""


class NotFoundError(PantauError):
    """A named object (unit, period, profile, plan, ...) does not exist."""


class InputError(PantauError):
    """A user-supplied file or value is invalid. `problems` lists every problem found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        base = super().__str__()
        if not self.problems:
            return base
        return base + "\n" + "\n".join(f"  - {p}" for p in self.problems)
