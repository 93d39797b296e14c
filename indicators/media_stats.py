"""Pure computations of the media report: breakdowns of counted rows, key terms and
clusters of the period's headlines. The people quoted are `indicators.people`'s."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from indicators.counting import ToneCounts

_JAKARTA_OFFSET = timedelta(hours=7)


@dataclass
class Breakdown:
    tones: ToneCounts = field(default_factory=ToneCounts)
    by_day: dict[date, ToneCounts] = field(default_factory=dict)
    by_media: dict[str, ToneCounts] = field(default_factory=dict)
    by_outlet: dict[str, ToneCounts] = field(default_factory=dict)
    # The outlets' reach (nasional / provinsi / kabupaten-kota, or why none is known) and
    # province, when the breakdown was given a `place` function (the outlet catalogue).
    by_scope: dict[str, ToneCounts] = field(default_factory=dict)
    by_province: dict[str, ToneCounts] = field(default_factory=dict)


# (outlet, media type) -> (scope label, province or None)
Place = Callable[[str | None, str], tuple[str, str | None]]


def jakarta_day(value: datetime) -> date:
    """The Jakarta calendar day of an aware timestamp (Asia/Jakarta is UTC+7 without
    daylight saving since 1964: a fixed offset is exact and much faster per row)."""
    return (value.astimezone(UTC) + _JAKARTA_OFFSET).date()


def breakdown(rows: Iterable[tuple[str | None, datetime, str, str | None]],
              days: Sequence[date] = (), place: Place | None = None) -> Breakdown:
    """Counts per tone, Jakarta day, media type and outlet from (label, published_at,
    media_type, outlet) rows. `days` pre-fills the days of the period (zeros included).
    With `place`, also per outlet scope and province (rows without a province are left out
    of `by_province`)."""
    by_day: Counter[tuple[date, str | None]] = Counter()
    by_media: Counter[tuple[str, str | None]] = Counter()
    by_outlet: Counter[tuple[str, str | None]] = Counter()
    by_place: Counter[tuple[str | None, str, str | None]] = Counter()
    for label, published, media, outlet in rows:
        by_day[jakarta_day(published), label] += 1
        by_media[media or "lainnya", label] += 1
        by_outlet[outlet or "(tanpa nama media)", label] += 1
        if place is not None:
            by_place[outlet, media or "lainnya", label] += 1
    out = Breakdown(by_day={d: ToneCounts() for d in days})
    for (outlet, media, label), n in by_place.items():
        scope, province = place(outlet, media) if place is not None else ("", None)
        out.by_scope.setdefault(scope, ToneCounts()).add(label, n)
        if province:
            out.by_province.setdefault(province, ToneCounts()).add(label, n)
    for (day, label), n in by_day.items():
        out.tones.add(label, n)
        out.by_day.setdefault(day, ToneCounts()).add(label, n)
    for (media, label), n in by_media.items():
        out.by_media.setdefault(media, ToneCounts()).add(label, n)
    for (outlet, label), n in by_outlet.items():
        out.by_outlet.setdefault(outlet, ToneCounts()).add(label, n)
    out.by_day = dict(sorted(out.by_day.items()))
    return out


def change(current: int, previous: int) -> float | None:
    """Percentage change against the previous period; None when it had nothing."""
    if previous == 0:
        return None
    return round((current - previous) / previous * 100, 2)


# ---------------------------------------------------------------- key terms and clusters

_STOP_TEXT = """
ada adalah agar akan akhir aku anda antara apa apakah atas atau bagaimana bagi bahkan bahwa
baik banyak baru beberapa belum berbagai bersama besar bisa bukan cara dalam dan dapat dari
demikian di dia dengan depan diri dua hal hanya harus hari hingga ia ini itu jadi jika juga
jumat kabar kali kamis kami kata ke kemudian kepada kita lagi lain lalu lebih maka mana masih
melalui memang menjadi menurut mereka minggu misalnya mulai namun oleh pada para pula pun
rabu saat saja sampai sangat satu saya sebagai sebelum sedang sehingga sejak selasa semua
senin sendiri serta setelah seperti soal sudah tahun tak tanpa telah tengah tentang terhadap
terkait tersebut tetapi tidak untuk usai yaitu yakni yang begini begitu sabtu pukul wib jelang
bakal buat kok nih sih dong jakarta secara jumlah sekitar hanya ungkap ujar kata sebut
"""
STOPWORDS_ID = frozenset(_STOP_TEXT.split())


@dataclass
class Term:
    term: str
    documents: int
    weight: float


@dataclass
class Cluster:
    terms: list[str]
    size: int
    negative: int
    example: str
    # Indices (into the titles given) of every headline nearest this cluster's centre.
    members: list[int] = field(default_factory=list)


def _sample(items: Sequence[int], limit: int) -> list[int]:
    if len(items) <= limit:
        return list(items)
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def key_terms(titles: Sequence[str], *, top: int = 12, limit: int = 10000) -> list[Term]:
    """The period's key terms: unigrams and bigrams of the headlines ranked by summed
    TF-IDF weight (scikit-learn), with the number of headlines holding each."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    idx = _sample([i for i, t in enumerate(titles) if t and t.strip()], limit)
    docs = [titles[i] for i in idx]
    if not docs:
        return []
    vec = TfidfVectorizer(lowercase=True, stop_words=sorted(STOPWORDS_ID), ngram_range=(1, 2),
                          token_pattern=r"(?u)\b[^\W\d_]{3,}\b", min_df=2 if len(docs) >= 20 else 1,
                          max_features=20000)
    try:
        matrix = vec.fit_transform(docs)
    except ValueError:  # nothing left after stop words
        return []
    weights = matrix.sum(axis=0).A1
    doc_freq = (matrix > 0).sum(axis=0).A1
    names = vec.get_feature_names_out()
    order = weights.argsort()[::-1][:top]
    return [Term(str(names[i]), int(doc_freq[i]), round(float(weights[i]), 3)) for i in order]


def clusters(titles: Sequence[str], labels: Sequence[str | None], *, max_k: int = 6,
             limit: int = 5000) -> list[Cluster]:
    """Topic clusters of the headlines: k-means (scikit-learn MiniBatchKMeans) on TF-IDF;
    each cluster is named by its strongest terms, with its size (scaled back when the
    headlines were sampled), negative count and a representative headline."""
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    idx = _sample([i for i, t in enumerate(titles) if t and t.strip()], limit)
    if len(idx) < 20:
        return []
    docs = [titles[i] for i in idx]
    vec = TfidfVectorizer(stop_words=sorted(STOPWORDS_ID), token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
                          min_df=2, max_df=0.5, max_features=3000)
    try:
        matrix = vec.fit_transform(docs)
    except ValueError:
        return []
    k = max(2, min(max_k, len(docs) // 10))
    model = MiniBatchKMeans(n_clusters=k, random_state=0, n_init=1, batch_size=1024, max_iter=30)
    assign = model.fit_predict(matrix)
    names = vec.get_feature_names_out()
    every = [i for i, t in enumerate(titles) if t and t.strip()]
    scale = len(every) / len(docs)
    # Every headline (the sampled ones and the rest) to its nearest cluster.
    nearest = assign if len(every) == len(idx) else model.predict(
        vec.transform([titles[i] for i in every]))
    out = []
    for c in range(k):
        members = np.flatnonzero(assign == c)
        if len(members) == 0:
            continue
        centre = model.cluster_centers_[c]
        top_terms = [str(names[i]) for i in centre.argsort()[::-1][:4] if centre[i] > 0]
        scores = matrix[members] @ centre
        example = docs[members[int(np.asarray(scores).ravel().argmax())]]
        negative = sum(1 for m in members if labels[idx[m]] == "negatif")
        out.append(Cluster(top_terms, round(len(members) * scale), round(negative * scale),
                           example, [every[j] for j in np.flatnonzero(nearest == c)]))
    return sorted(out, key=lambda c: c.size, reverse=True)
