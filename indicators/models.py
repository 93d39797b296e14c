"""Tables owned by indicators."""

from __future__ import annotations
