"""Tables owned by web."""

from __future__ import annotations
