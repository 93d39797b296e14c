"""Pure computations of the media report: breakdowns of counted rows, key terms and
clusters of the period's headlines. The people quoted are `indicators.people`'s."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

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
demikian di dia dengan depan diri hal hanya harus hingga ia ini itu jadi jika juga
kabar kali kami kata ke kemudian kepada kita lagi lain lalu lebih maka mana masih
melalui memang menjadi menurut mereka misalnya mulai namun oleh pada para pula pun
saat saja sampai sangat saya sebagai sebelum sedang sehingga sejak
sendiri serta setelah seperti soal sudah tak tanpa telah tengah tentang terhadap
terkait tersebut tetapi tidak untuk usai yaitu yakni yang begini begitu pukul wib jelang
bakal buat kok nih sih dong jakarta secara jumlah sekitar ungkap ujar sebut
"""
# Number words: "tiga pengungsian" is an issue about refugees, not about three.
_NUMBER_TEXT = """
nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas belas puluh
puluhan ratus ratusan ribu ribuan juta jutaan miliar triliun seratus seribu sejuta
separuh setengah pertama kedua ketiga keempat kelima
"""
# Time words: when a story ran or an event happened is no issue.
_TIME_TEXT = """
pagi siang sore malam dini hari harian pekan sepekan pekanan minggu bulan sebulan tahun
setahun kemarin besok lusa tadi nanti kini sekarang senin selasa rabu kamis jumat
sabtu januari februari maret april mei juni juli agustus september oktober november
desember
"""
# Headline filler: reporting verbs and newsroom words that name no issue.
_HEADLINE_TEXT = """
teken tegaskan tekankan minta ungkap ungkapkan sebut klaim imbau ajak beri berikan gelar
tinjau kunjungi hadiri resmi resmikan terkini update berita video foto simak begini
inilah viral breaking exclusive eksklusif pers rilis siaran keluhkan soroti sorot desak
pertanyakan singgung bantah akui janji janjikan pastikan dorong datang warga nomor
mohon tolong dicek cek terima kasih min mimin admin kak kakak pak bapak ibu mas mbak halo
hai salam semoga kalian yuk ayo gimana kenapa kapan dimana tolonglah please
"""
STOPWORDS_ID = frozenset((_STOP_TEXT + _NUMBER_TEXT + _TIME_TEXT + _HEADLINE_TEXT).split())

# The title Pantau gives a broadcast airing ("Nusantara Pagi (TV Nusantara, 16-11-2026
# 06:30 WIB)", `collectors.broadcast`): a programme's name, which names no issue.
_BROADCAST_TITLE = re.compile(r"^[^()]*\([^()]*,\s*\d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB\)\s*$")
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class OwnNames:
    """Names that name no issue of the report: the institution's own names and aliases,
    its profiles' names and query terms, the outlets' and programmes' names. A name of
    several words is taken out of a headline as a phrase ("Kementerian Sosial": "bantuan
    sosial" keeps its "sosial"), a name of one word as a word ("Kemensos")."""

    phrases: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str]) -> OwnNames:
        phrases: set[str] = set()
        words: set[str] = set()
        for name in names:
            parts = [t for t in _TOKEN.findall(name.casefold()) if t.isalnum()]
            if len(parts) > 1:
                phrases.add(" ".join(parts))
            elif parts:
                words.add(parts[0])
        # The longest first: "Warta Nusantara Online" before "Warta Nusantara".
        return cls(tuple(sorted(phrases, key=lambda p: (-len(p), p))), frozenset(words))

    def runs(self, title: str) -> list[list[str]]:
        """The headline's runs of issue words: words of 3 letters or more that are no stop
        word, number, time or own name; a phrase never spans a removed word or a
        punctuation mark, so every phrase is read as written."""
        if not title or _BROADCAST_TITLE.match(title):
            return []
        tokens = _TOKEN.findall(title.casefold())
        out: list[list[str]] = []
        run: list[str] = []
        i = 0
        while i < len(tokens):
            skip = self._phrase_at(tokens, i)
            word = tokens[i]
            if word in ("@", "#") and i + 1 < len(tokens):
                skip = 2  # an account (@kemensosri) or a hashtag names no issue in words
            if skip or not (word.isalpha() and len(word) >= 3) or word in STOPWORDS_ID \
                    or word in self.words:
                if run:
                    out.append(run)
                run = []
                i += max(skip, 1)
                continue
            run.append(word)
            i += 1
        if run:
            out.append(run)
        return out

    def _phrase_at(self, tokens: Sequence[str], i: int) -> int:
        for parts in self._by_first_word.get(tokens[i], ()):
            if list(tokens[i:i + len(parts)]) == parts:
                return len(parts)
        return 0

    @cached_property
    def _by_first_word(self) -> dict[str, list[list[str]]]:
        """The phrases by their first word, longest first: a headline's word is compared
        with the few phrases it can begin (a month's outlets are hundreds of names)."""
        table: dict[str, list[list[str]]] = {}
        for phrase in self.phrases:  # already longest first
            parts = phrase.split(" ")
            table.setdefault(parts[0], []).append(parts)
        return table

    def terms(self, title: str, ngrams: int = 2) -> list[str]:
        """The headline's unigrams and (with `ngrams` 2) its bigrams of adjacent words."""
        out: list[str] = []
        for run in self.runs(title):
            out += run
            if ngrams > 1:
                out += [f"{a} {b}" for a, b in zip(run, run[1:], strict=False)]
        return out


NO_NAMES = OwnNames()


@dataclass
class Term:
    term: str
    documents: int
    weight: float
    # Indices (into the titles given) of the headlines holding the term.
    members: list[int] = field(default_factory=list)


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


def key_terms(titles: Sequence[str], *, top: int = 12, limit: int = 10000,
              own: OwnNames = NO_NAMES) -> list[Term]:
    """The period's key terms: words and phrases of two adjacent words of the headlines
    (`OwnNames.terms`: no stop, number or time word, no own name), ranked by summed TF-IDF
    weight (scikit-learn), with the headlines holding each. A word is used once: a phrase
    stands for its words when it holds all their headlines, and a term sharing a word with
    a stronger one is left out ("tiga pengungsian", "pengungsian" and "pengungsian bantuan"
    would name one issue three times)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    idx = _sample([i for i, t in enumerate(titles) if t and t.strip()], limit)
    docs = [titles[i] for i in idx]
    if not docs:
        return []
    vec = TfidfVectorizer(analyzer=own.terms, min_df=2 if len(docs) >= 20 else 1,
                          max_features=20000)
    try:
        matrix = vec.fit_transform(docs)
    except ValueError:  # nothing left after stop words
        return []
    weights = matrix.sum(axis=0).A1
    doc_freq = (matrix > 0).sum(axis=0).A1
    names = [str(n) for n in vec.get_feature_names_out()]
    # On a tie (one headline: every term weighs the same), the term read first: a
    # headline names its subject early, a post its plea at the end ("Mohon dicek").
    first_seen: dict[str, int] = {}
    for doc in docs:
        for t in own.terms(doc):
            first_seen.setdefault(t, len(first_seen))
    phrases_of: dict[str, list[int]] = {}
    for j, name in enumerate(names):
        if " " in name:
            for word in name.split(" "):
                phrases_of.setdefault(word, []).append(j)
    order = sorted(range(len(names)), key=lambda j: (-round(float(weights[j]), 6),
                                                     first_seen.get(names[j], 0), names[j]))
    columns = matrix.tocsc()
    out: list[Term] = []
    used: set[str] = set()
    for j in order:
        if " " not in names[j]:
            whole = [k for k in phrases_of.get(names[j], []) if doc_freq[k] == doc_freq[j]]
            if whole:
                j = max(whole, key=lambda k: (float(weights[k]), names[k]))
        words = set(names[j].split(" "))
        if words & used:
            continue
        used |= words
        members = sorted(idx[r] for r in columns[:, j].indices)
        out.append(Term(names[j], int(doc_freq[j]), round(float(weights[j]), 3), members))
        if len(out) == top:
            break
    return out


def issue_terms(titles: Sequence[str], *, top: int = 3,
                own: OwnNames = NO_NAMES) -> list[tuple[str, int]]:
    """Issues named by key terms when there are too few headlines for topic clusters: each
    headline counts for one issue only (the strongest term it holds), so one story is never
    counted as several issues. Identical headlines (copies of a story) count once."""
    unique = list(dict.fromkeys(" ".join(t.split()).casefold() for t in titles if t.strip()))
    covered: set[int] = set()
    out: list[tuple[str, int]] = []
    for term in key_terms(unique, top=max(top * 4, 12), own=own):
        new = set(term.members) - covered
        if not new:
            continue
        covered |= new
        out.append((term.term, len(new)))
    return sorted(out, key=lambda kv: -kv[1])[:top]


def clusters(titles: Sequence[str], labels: Sequence[str | None], *, max_k: int = 6,
             limit: int = 5000, own: OwnNames = NO_NAMES) -> list[Cluster]:
    """Topic clusters of the headlines: k-means (scikit-learn MiniBatchKMeans) on TF-IDF;
    each cluster is named by its strongest terms (no stop, number or time word, no own name:
    `OwnNames`), with its size (scaled back when the
    headlines were sampled), negative count and a representative headline."""
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    idx = _sample([i for i, t in enumerate(titles) if t and t.strip()], limit)
    if len(idx) < 20:
        return []
    docs = [titles[i] for i in idx]
    vec = TfidfVectorizer(analyzer=lambda t: own.terms(t, ngrams=1), min_df=2, max_df=0.5,
                          max_features=3000)
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
