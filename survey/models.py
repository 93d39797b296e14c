"""Tables owned by survey."""

from __future__ import annotations
