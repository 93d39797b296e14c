"""The people quoted in a period's mentions (narasumber): one row per person, however the
press names them, with the tone of the mentions quoting them.

- Who is quoted in a text: `indicators.quotes.extract_quotes` (title and name).
- One person, many names: the officials listed in the configuration (`[[institution.
  officials]]` and each `[[comparisons]]`'s `officials`) with their aliases; "title +
  alias" ("Mensos Risma") and a single word of an official's name count for them. Names
  not configured merge when the text says so ("Presiden Joko Widodo (Jokowi)", "Tri
  Rismaharini atau Risma") and when a one-word name is the start of a word of exactly one
  longer name quoted in the period ("Risma" of "Tri Rismaharini"; an ambiguous one stays
  apart).
- Tone per person: the effective tone of each mention quoting them (a mention counts once
  per person), counted like the media figures (`ToneCounts`).
- The institution's own officials are marked (`own`), a peer's carry its name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from indicators.config import Comparison, IndicatorsConfig, Official
from indicators.counting import M, Scope, ToneCounts, fetch_rows
from indicators.quotes import extract_quotes
from pantau.core.periods import Period

TEXT_LIMIT = 10000  # mentions whose text is read (an even sample beyond)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace(".", " ").split())


@dataclass(frozen=True)
class Known:
    name: str
    title: str
    institution: str
    own: bool
    spokesperson: bool


@dataclass
class Directory:
    """The configured officials by every name the press may use for them."""

    people: list[Known] = field(default_factory=list)
    by_name: dict[str, int] = field(default_factory=dict)
    by_word: dict[str, set[int]] = field(default_factory=dict)

    def add(self, official: Official, institution: str, own: bool) -> None:
        idx = len(self.people)
        self.people.append(Known(official.name, official.title, institution, own,
                                 official.spokesperson))
        for alias in [official.name, *official.aliases]:
            self.by_name.setdefault(_norm(alias), idx)
            if official.title:
                self.by_name.setdefault(_norm(f"{official.title} {alias}"), idx)
        for word in _norm(official.name).split():
            if len(word) >= 3:
                self.by_word.setdefault(word, set()).add(idx)

    def find(self, name: str, title: str = "") -> int | None:
        for key in (_norm(name), _norm(f"{title} {name}")):
            if key in self.by_name:
                return self.by_name[key]
        words = _norm(name).split()
        if len(words) == 1 and len(self.by_word.get(words[0], ())) == 1:
            return next(iter(self.by_word[words[0]]))
        return None


def people_directory(*, institution: str, officials: Sequence[Official] = (),
                     comparisons: Sequence[Comparison] = ()) -> Directory:
    directory = Directory()
    for official in officials:
        directory.add(official, institution, True)
    for comparison in comparisons:
        for official in comparison.officials:
            directory.add(official, comparison.name, False)
    return directory


@dataclass
class Person:
    name: str
    title: str
    mentions: int
    tones: ToneCounts
    institution: str | None = None
    own: bool = False
    spokesperson: bool = False
    names: list[str] = field(default_factory=list)  # the forms seen, most frequent first


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        # a configured official is the root of whatever joins it
        if rb.startswith("cfg:") and not ra.startswith("cfg:"):
            ra, rb = rb, ra
        self.parent[rb] = ra


def rank_people(items: Iterable[tuple[str, str | None]], directory: Directory | None = None,
                *, top: int | None = None) -> list[Person]:
    """People quoted in (text, tone) items, most quoted first."""
    directory = directory or Directory()
    union = _Union()
    per_text: list[tuple[set[str], str | None]] = []
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    titles: dict[str, Counter[str]] = defaultdict(Counter)

    def key_of(name: str, title: str) -> str:
        idx = directory.find(name, title)
        key = f"cfg:{idx}" if idx is not None else f"auto:{_norm(name)}"
        union.find(key)
        return key

    for text, tone in items:
        keys: set[str] = set()
        for q in extract_quotes(text or ""):
            key = key_of(q.name, q.title)
            forms[key][q.name] += 1
            if q.title:
                titles[key][q.title] += 1
            if q.alias_of is not None:
                union.join(key_of(q.alias_of, ""), key)
            else:
                keys.add(key)
        if keys:
            per_text.append((keys, tone))

    # A one-word name that starts a word of exactly one longer name: the same person.
    auto = [k for k in union.parent if k.startswith("auto:")]
    longer = [k for k in union.parent if len(_display_words(k, forms, directory)) > 1]
    for key in auto:
        words = key[5:].split()
        if len(words) != 1 or len(words[0]) < 3:
            continue
        matches = {union.find(k) for k in longer
                   if any(w.startswith(words[0]) for w in _display_words(k, forms, directory))}
        if len(matches) == 1:
            union.join(next(iter(matches)), key)

    counts: dict[str, ToneCounts] = defaultdict(ToneCounts)
    for keys, tone in per_text:
        for root in {union.find(k) for k in keys}:
            counts[root].add(tone)
    members: dict[str, list[str]] = defaultdict(list)
    for key in union.parent:
        members[union.find(key)].append(key)

    people = []
    for root, tones in counts.items():
        seen: Counter[str] = Counter()
        seen_titles: Counter[str] = Counter()
        for k in members[root]:
            seen.update(forms[k])
            seen_titles.update(titles[k])
        known = directory.people[int(root[4:])] if root.startswith("cfg:") else None
        if known:
            name, title = known.name, known.title or _most(seen_titles)
        else:
            name = max(seen, key=lambda n: (len(n.split()), seen[n], n))
            title = _most(seen_titles)
        people.append(Person(
            name=name, title=title, mentions=tones.total, tones=tones,
            institution=known.institution if known else None, own=bool(known and known.own),
            spokesperson=bool(known and known.spokesperson),
            names=[n for n, _c in seen.most_common()]))
    people.sort(key=lambda p: (-p.mentions, p.name))
    return people[:top] if top else people


def _most(counter: Counter[str]) -> str:
    return max(counter, key=lambda t: (counter[t], len(t))) if counter else ""


def _display_words(key: str, forms: dict[str, Counter[str]],
                   directory: Directory) -> list[str]:
    if key.startswith("cfg:"):
        return _norm(directory.people[int(key[4:])].name).split()
    return key[5:].split()


@dataclass
class PeopleResult:
    people: list[Person]
    read: int  # mentions whose text was read
    total: int  # mentions counted in the period


def quoted_people(session: Session, *, period: Period, indicators: IndicatorsConfig,
                  profile: str | None = None, directory: Directory | None = None,
                  top: int | None = 10, rows: Sequence[object] | None = None,
                  within: frozenset[int] | None = None) -> PeopleResult:
    """The people quoted in the period's counted mentions (the counting basis of the
    indicator; `profile` None: every profile of the institution), most quoted first.
    `rows` reuses counted rows already fetched (`counting.fetch_rows`)."""
    if rows is None:
        rows = fetch_rows(session, Scope(period, profile, None, indicators.counting_basis,
                                         within)) or []
    picked = list(rows)
    if len(picked) > TEXT_LIMIT:
        step = len(picked) / TEXT_LIMIT
        picked = [picked[int(i * step)] for i in range(TEXT_LIMIT)]
    tone = {r.mention_id: r.label for r in picked}  # type: ignore[attr-defined]
    ids = list(tone)
    items: list[tuple[str, str | None]] = []
    for i in range(0, len(ids), 5000):
        chunk = ids[i:i + 5000]
        items += [(f"{t}. {x}", tone[mid]) for mid, t, x in session.execute(
            select(M.c.id, M.c.title, M.c.text).where(M.c.id.in_(chunk)))]
    return PeopleResult(rank_people(items, directory, top=top), len(ids), len(rows))
