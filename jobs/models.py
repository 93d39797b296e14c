"""Tables owned by jobs."""

from __future__ import annotations
