"""The texts that carry a match's tone: the passages that mention the institution, or the
title and lead when the collector found none; a social-media post is read whole."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LEAD_SENTENCES = 2
# `collectors.config.MEDIA_TYPES`' social-media type. A post's sentences carry each
# other's tone: "Bansos telat lagi? Dinsos memang hebat." reads as praise without its first
# sentence (sarcasm is read for what it means: rule 9 of the labelling guide). So a post
# is one passage, title and text together, up to `WHOLE_POST_WORDS` words (a longer post
# is read by its passages, as news is). Chosen on the article validation set: its social
# posts read whole are labelled right 13 of 16 times, sentence by sentence 12.
SOCIAL_MEDIA = "media sosial"
WHOLE_POST_WORDS = 150


def lead(text: str, sentences: int = LEAD_SENTENCES) -> str:
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    return " ".join(parts[:sentences])


def whole_post(title: str, text: str) -> str:
    title, text = title.strip(), text.strip()
    if not title or title in text:
        return text
    if text in title:
        return title
    return f"{title}\n{text}"


def match_texts(
    passages: list[str] | None, title: str, text: str, summary: str | None,
    *, media_type: str | None = None,
) -> list[str]:
    if media_type == SOCIAL_MEDIA:
        post = whole_post(title, text or summary or "")
        if post and len(post.split()) <= WHOLE_POST_WORDS:
            return [post]
    cleaned = [p.strip() for p in passages or [] if p and p.strip()]
    if cleaned:
        return cleaned
    fallback = " ".join(part for part in (title.strip(), lead(summary or text)) if part)
    return [fallback] if fallback else []
