"""Boolean monitoring queries, as Talkwalker/Brandwatch users write them.

Syntax (operators in capitals; anything else is a search word):

- words: ``Kemensos``; a trailing ``*`` matches a prefix (``bansos*``);
- exact phrases: ``"Kementerian Sosial"``;
- ``AND``, ``OR``, ``NOT`` and parentheses; adjacent terms mean AND;
- ``a NEAR/n b``: both within ``n`` words of each other (in either order).

Precedence, tightest first: NEAR, NOT, AND, OR. ``a NOT b`` means ``a AND NOT b``.
Matching is case- and accent-insensitive on words (``Menteri`` never matches inside
``Kementerian``), over the title and the full text.

`parse_query` raises `InputError` with a caret under the offending position.
`Query.match` returns the matched terms and the passages (the sentences that mention
the institution), or None when the text does not satisfy the query.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from pantau.core.errors import InputError

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def normalize(text: str) -> str:
    """Lower case without accents (``Sosial`` == ``sosíal``)."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


_ASCII_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    if text.isascii():  # the common case, twice as fast; same result as _WORD
        return _ASCII_WORD.findall(text.lower())
    return _WORD.findall(normalize(text))


# --- syntax tree -----------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    text: str  # as written, for matched_terms
    tokens: tuple[str, ...]
    prefix: bool = False  # last token is a prefix (word*)


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Near:
    left: Node
    right: Node
    distance: int


Node = Leaf | Not | And | Or | Near


# --- tokenizer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD PHRASE AND OR NOT NEAR LPAREN RPAREN END
    value: str
    pos: int
    distance: int = 0


_NEAR = re.compile(r"NEAR/(\d+)")


def _error(query: str, pos: int, message: str) -> InputError:
    caret = " " * pos + "^"
    return InputError(
        f"Kueri tidak valid: {message} (posisi {pos + 1}).\n  {query}\n  {caret}"
    )


def _tokenize(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == "(":
            toks.append(_Tok("LPAREN", c, i))
            i += 1
        elif c == ")":
            toks.append(_Tok("RPAREN", c, i))
            i += 1
        elif c in "\"“”":
            end = i + 1
            while end < n and query[end] not in "\"“”":
                end += 1
            if end >= n:
                raise _error(query, i, "tanda petik pembuka frasa tidak ditutup")
            toks.append(_Tok("PHRASE", query[i + 1 : end], i))
            i = end + 1
        else:
            end = i
            while end < n and not query[end].isspace() and query[end] not in "()\"“”":
                end += 1
            word = query[i:end]
            if word in ("AND", "OR", "NOT"):
                toks.append(_Tok(word, word, i))
            elif word.startswith("NEAR"):
                m = _NEAR.fullmatch(word)
                if not m:
                    raise _error(query, i, "NEAR harus ditulis NEAR/n, misalnya NEAR/5")
                toks.append(_Tok("NEAR", word, i, int(m.group(1))))
            else:
                toks.append(_Tok("WORD", word, i))
            i = end
    toks.append(_Tok("END", "", n))
    return toks


# --- parser ------------------------------------------------------------------------------


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _tokenize(query)
        self.i = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def advance(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, tok: _Tok, message: str) -> InputError:
        return _error(self.query, tok.pos, message)

    def parse(self) -> Node:
        if self.tok.kind == "END":
            raise self.fail(self.tok, "kueri kosong")
        node = self.parse_or()
        if self.tok.kind == "RPAREN":
            raise self.fail(self.tok, "tanda kurung tutup ')' tanpa pasangan '('")
        if self.tok.kind != "END":
            raise self.fail(self.tok, f"'{self.tok.value}' tidak diharapkan di sini")
        return node

    def parse_or(self) -> Node:
        operands = [self.parse_and()]
        while self.tok.kind == "OR":
            self.advance()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def parse_and(self) -> Node:
        operands = [self.parse_unary()]
        while True:
            kind = self.tok.kind
            if kind == "AND":
                self.advance()
                operands.append(self.parse_unary())
            elif kind in ("WORD", "PHRASE", "LPAREN", "NOT"):
                operands.append(self.parse_unary())  # implicit AND; "a NOT b" = a AND NOT b
            else:
                break
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def parse_unary(self) -> Node:
        if self.tok.kind == "NOT":
            self.advance()
            return Not(self.parse_unary())
        return self.parse_near()

    def parse_near(self) -> Node:
        node = self.parse_primary()
        while self.tok.kind == "NEAR":
            distance = self.advance().distance
            node = Near(node, self.parse_primary(), distance)
        return node

    def parse_primary(self) -> Node:
        tok = self.tok
        if tok.kind == "LPAREN":
            self.advance()
            if self.tok.kind == "RPAREN":
                raise self.fail(self.tok, "tanda kurung kosong '()'")
            node = self.parse_or()
            if self.tok.kind != "RPAREN":
                raise self.fail(tok, "tanda kurung '(' tidak ditutup")
            self.advance()
            return node
        if tok.kind in ("WORD", "PHRASE"):
            self.advance()
            raw = tok.value
            prefix = tok.kind == "WORD" and raw.endswith("*") and len(raw) > 1
            tokens = tuple(words(raw[:-1] if prefix else raw))
            if not tokens:
                what = "frasa kosong" if tok.kind == "PHRASE" else f"kata '{raw}' tanpa huruf"
                raise self.fail(tok, what)
            text = f'"{raw}"' if tok.kind == "PHRASE" else raw
            return Leaf(text, tokens, prefix)
        if tok.kind == "END":
            raise self.fail(tok, "kueri berakhir terlalu cepat; kata atau frasa diharapkan")
        if tok.kind == "RPAREN":
            raise self.fail(tok, "kata atau frasa diharapkan sebelum ')'")
        raise self.fail(tok, f"operator {tok.value} di tempat yang salah; kata atau frasa "
                             "diharapkan")


# --- matching ----------------------------------------------------------------------------

Span = tuple[int, int]  # [start, end) in word positions


@dataclass
class _Doc:
    tokens: list[str]
    index: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, tok in enumerate(self.tokens):
            self.index.setdefault(tok, []).append(i)

    def spans(self, leaf: Leaf) -> list[Span]:
        first, *rest = leaf.tokens
        n = len(leaf.tokens)
        if leaf.prefix and n == 1:
            out = [(i, i + 1) for tok, pos in self.index.items() if tok.startswith(first)
                   for i in pos]
            return sorted(out)
        starts = self.index.get(first, [])
        out = []
        toks = self.tokens
        for s in starts:
            if s + n > len(toks):
                continue
            ok = True
            for k, want in enumerate(rest, start=1):
                got = toks[s + k]
                last = k == n - 1
                if not (got == want or (last and leaf.prefix and got.startswith(want))):
                    ok = False
                    break
            if ok:
                out.append((s, s + n))
        return out


def _eval(node: Node, doc: _Doc, found: dict[Leaf, list[Span]]) -> tuple[bool, list[Span]]:
    """(satisfied, spans that support it). Spans only come from positive branches."""
    if isinstance(node, Leaf):
        if node not in found:
            found[node] = doc.spans(node)
        spans = found[node]
        return bool(spans), spans
    if isinstance(node, Not):
        ok, _ = _eval(node.operand, doc, found)
        return not ok, []
    if isinstance(node, And):
        all_spans: list[Span] = []
        for op in node.operands:
            ok, spans = _eval(op, doc, found)
            if not ok:
                return False, []
            all_spans.extend(spans)
        return True, all_spans
    if isinstance(node, Or):
        any_ok, all_spans = False, []
        for op in node.operands:
            ok, spans = _eval(op, doc, found)
            if ok:
                any_ok = True
                all_spans.extend(spans)
        return any_ok, all_spans
    # Near
    lok, lspans = _eval(node.left, doc, found)
    rok, rspans = _eval(node.right, doc, found)
    if not (lok and rok):
        return False, []
    hits: set[Span] = set()
    for a in lspans:
        for b in rspans:
            gap = b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]
            if gap < 0 or gap <= node.distance:
                hits.add(a)
                hits.add(b)
    return bool(hits), sorted(hits)


def _positive_leaves(node: Node, negated: bool = False) -> list[Leaf]:
    if isinstance(node, Leaf):
        return [] if negated else [node]
    if isinstance(node, Not):
        return _positive_leaves(node.operand, not negated)
    if isinstance(node, Near):
        return _positive_leaves(node.left, negated) + _positive_leaves(node.right, negated)
    out: list[Leaf] = []
    for op in node.operands:
        out.extend(_positive_leaves(op, negated))
    return out


# --- sentences ---------------------------------------------------------------------------

# Abbreviations after which a full stop does not end an Indonesian news sentence.
_ABBREVIATIONS = {
    "dr", "drs", "dra", "prof", "ir", "h", "hj", "kh", "st", "no", "nomor", "rp", "jl", "jln",
    "kab", "kec", "kel", "prov", "kota", "tbk", "pt", "cv", "dll", "dsb", "dst", "tsb", "bpk",
    "sdr", "sdri", "yth", "sh", "se", "mh", "msi", "si", "mm", "mpd", "spd", "skm", "kom",
    "brigjen", "mayjen", "letjen", "jend", "kol", "kombes", "akbp", "ipda", "iptu", "aiptu",
    "bripka", "hlm", "tel", "telp", "vs", "a", "n", "u", "p", "mr",
    "mrs", "ms", "inc", "ltd", "co", "kpt", "let", "sgt", "ust", "ustadz", "kapt",
}
_SENTENCE_END = re.compile(r"([.!?]+[\"'”’)]*)(\s+)(?=[\"'“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a news text: paragraphs, then '.', '!' or '?' before a capital,
    except after common Indonesian abbreviations (Dr., H., Kab., Rp., S.H., ...) and
    initials."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        start = 0
        for m in _SENTENCE_END.finditer(para):
            before = para[start : m.start(1)]
            last = before.rsplit(" ", 1)[-1] if before else ""
            bare = last.replace(".", "").lower()
            if m.group(1).startswith(".") and (bare in _ABBREVIATIONS or len(bare) == 1
                                               or "." in last):
                continue
            out.append(para[start : m.end(1)].strip())
            start = m.end()
        tail = para[start:].strip()
        if tail:
            out.append(tail)
    return out


# --- the query object --------------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    terms: list[str]
    passages: list[str]


@dataclass(frozen=True)
class Query:
    text: str
    root: Node

    @property
    def leaves(self) -> list[Leaf]:
        return _positive_leaves(self.root)

    def matches(self, text: str) -> bool:
        ok, _ = _eval(self.root, _Doc(words(text)), {})
        return ok

    def match(self, title: str, body: str, *, max_passages: int = 20) -> MatchResult | None:
        """Matched terms and passages when title + body satisfy the query, else None."""
        sentences = split_sentences(f"{title}\n{body}" if title else body)
        tokens: list[str] = []
        starts: list[int] = []
        for sentence in sentences:
            starts.append(len(tokens))
            tokens.extend(words(sentence))
        doc = _Doc(tokens)
        found: dict[Leaf, list[Span]] = {}
        ok, _ = _eval(self.root, doc, found)
        if not ok:
            return None
        leaves = [leaf for leaf in dict.fromkeys(self.leaves) if found.get(leaf)]
        terms = list(dict.fromkeys(leaf.text for leaf in leaves))
        hit: set[int] = set()
        for leaf in leaves:
            for start, end in found[leaf]:
                first = bisect_right(starts, start) - 1
                if bisect_right(starts, end - 1) - 1 == first:  # within one sentence
                    hit.add(first)
        passages = list(dict.fromkeys(sentences[i] for i in sorted(hit)))[:max_passages]
        return MatchResult(terms, passages)

    def to_google(self) -> str:
        """The query in Google News search syntax (OR, quotes, -exclusion, AROUND(n))."""
        return _google(self.root)


def _google(node: Node) -> str:
    if isinstance(node, Leaf):
        text = node.text
        return text if text.startswith('"') or " " not in text else f'"{text}"'
    if isinstance(node, Not):
        inner = _google(node.operand)
        return f"-{inner}" if isinstance(node.operand, Leaf) else f"-({inner})"
    if isinstance(node, And):
        return " ".join(_google(op) for op in node.operands)
    if isinstance(node, Or):
        return "(" + " OR ".join(_google(op) for op in node.operands) + ")"
    return f"{_google(node.left)} AROUND({node.distance}) {_google(node.right)}"


@lru_cache(maxsize=256)
def parse_query(text: str) -> Query:
    return Query(text, _Parser(text).parse())
