"""placeholder"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

router = APIRouter()


def survey_units() -> list[Any]:
    return []
