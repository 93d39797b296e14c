"""Article extraction: trafilatura for the text and metadata, plus the page's own
machine-readable publication time (which keeps the hour, unlike a bare date).

Used by the crawl subprocess and by the benchmark (the "bare extractor").
"""

from __future__ import annotations

import json
import re
from typing import Any

import trafilatura
from w3lib.encoding import html_to_unicode

_META_TIME = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|pubdate|publishdate|
    datePublished|dc\.date|content_PublishedDate|og:published_time)["'][^>]*>""",
    re.IGNORECASE | re.VERBOSE,
)
_CONTENT = re.compile(r"""content=["']([^"']+)["']""", re.IGNORECASE)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TIME_TAG = re.compile(r"""<time[^>]+datetime=["']([^"']+)["']""", re.IGNORECASE)
# An Indonesian outlet's related-link line inside the article body ("Baca juga: ...",
# "BACA JUGA - ..."): another story's headline, not this story's text.
_RELATED_LINK = re.compile(r"\s*baca\s+juga\s*[:\-–—]", re.IGNORECASE)


def decode_html(body: bytes, header_content_type: str | None = None) -> str:
    """Decode a page. Valid UTF-8 wins over a wrong declared charset (a common fault of
    Indonesian sites declaring iso-8859-1); otherwise BOM, HTTP header, <meta>, then a
    guess (w3lib, as Scrapy does)."""
    try:
        text = body.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        return text
    except UnicodeDecodeError:
        pass
    _enc, text = html_to_unicode(header_content_type, body)
    return text


def page_published_time(html: str) -> str | None:
    head = html[:200_000]
    m = _META_TIME.search(head)
    if m:
        c = _CONTENT.search(m.group(0))
        if c:
            return c.group(1).strip()
    m2 = _JSONLD_DATE.search(head)
    if m2:
        return m2.group(1).strip()
    m3 = _TIME_TAG.search(head)
    return m3.group(1).strip() if m3 else None


def clean_text(text: str) -> str:
    """The article text without related-link lines ("Baca juga: ...") and without a
    paragraph that repeats an earlier one word for word (a lead printed twice). Applied
    before the text is stored, so the content hash and the SimHash of a new story are
    computed from the cleaned text (stories stored before keep theirs)."""
    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in text.split("\n"):
        key = " ".join(paragraph.split())
        if not key:
            continue
        if _RELATED_LINK.match(key) or key in seen:
            continue
        seen.add(key)
        kept.append(paragraph.strip())
    return "\n".join(kept)


def extract_article(html: str, url: str) -> dict[str, Any] | None:
    """title, text, author, published (ISO string or None), outlet, language; None when
    no article text can be found."""
    doc = trafilatura.bare_extraction(
        html, url=url, fast=True, with_metadata=True, include_comments=False,
        include_tables=False, deduplicate=False,
    )
    if doc is None:
        return None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = clean_text(data.get("text") or "")
    if not text:
        return None
    return {
        "title": (data.get("title") or "").strip(),
        "text": text,
        "author": data.get("author") or None,
        "published": page_published_time(html) or data.get("date") or None,
        "outlet": data.get("sitename") or None,
        "language": data.get("language") or None,
        "description": data.get("description") or None,
    }


def to_json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
