"""Article-level validation data: stories written in the style of real coverage, each with
the institution the tone is toward and the article's tone (`data/news-tone/articles-valid.csv`,
described in `data/README.md`).

A story becomes passages exactly as a profile match does: a query of the institution's
names (`"name" OR "alias" ...`, with the short forms Pantau knows) picks the sentences of
the headline and body that name it, and those names are marked as the target. The article
rule's settings are chosen on these stories (`sentiment.calibration`); the passage model is
never trained on them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from collectors.api import SOCIAL_MEDIA, parse_query
from pantau.core.errors import InputError
from sentiment.labels import LABELS
from sentiment.passages import match_texts
from sentiment.targets import mark_target, profile_target_names, target_names, target_pattern

ARTICLES_FILE = Path(__file__).parent / "data" / "news-tone" / "articles-valid.csv"
SOCIAL_KIND = "media-sosial"  # the `kind` of a story that is a social-media post
FIELDS = ("id", "title", "body", "institution", "aliases", "label", "kind", "origin")


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    body: str
    institution: str
    aliases: tuple[str, ...]
    label: str
    kind: str


def read_articles(path: Path = ARTICLES_FILE) -> list[Article]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"Berkas {path}: tidak ada kolom: {', '.join(missing)}")
        articles = []
        for number, row in enumerate(reader, start=2):
            if row["label"] not in LABELS:
                raise InputError(f"{path} baris {number} kolom label: '{row['label']}' bukan "
                                 "positif, netral, negatif")
            articles.append(Article(
                id=row["id"], title=row["title"], body=row["body"],
                institution=row["institution"],
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                label=row["label"], kind=row["kind"]))
    return articles


def article_sentences(path: Path = ARTICLES_FILE) -> list[tuple[str, str]]:
    """Every headline and body sentence of the set, keyed `<id>:<n>`: the texts no training
    passage may copy."""
    out = []
    for article in read_articles(path):
        sentences = [article.title, *re.split(r"(?<=[.!?])\s+", article.body)]
        out += [(f"{article.id}:{i}", s) for i, s in enumerate(sentences) if s.strip()]
    return out


def article_passages(article: Article) -> list[str]:
    """The passages a profile for the article's institution would store, target marked."""
    names = target_names(article.institution, article.aliases)
    query = parse_query(" OR ".join(f'"{name}"' for name in names))
    found = query.match(article.title, article.body)
    if found is None:
        raise InputError(f"Artikel {article.id} tidak menyebut {article.institution}.")
    pattern = target_pattern(profile_target_names(article.institution, found.terms))
    return [mark_target(text, pattern)
            for text in match_texts(found.passages, article.title, article.body, None,
                                    media_type=SOCIAL_MEDIA if article.kind == SOCIAL_KIND
                                    else None)]
