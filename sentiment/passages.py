"""The texts that carry a match's tone: the passages that mention the institution, or the
title and lead when the collector found none."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LEAD_SENTENCES = 2


def lead(text: str, sentences: int = LEAD_SENTENCES) -> str:
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    return " ".join(parts[:sentences])


def match_texts(
    passages: list[str] | None, title: str, text: str, summary: str | None
) -> list[str]:
    cleaned = [p.strip() for p in passages or [] if p and p.strip()]
    if cleaned:
        return cleaned
    fallback = " ".join(part for part in (title.strip(), lead(summary or text)) if part)
    return [fallback] if fallback else []
