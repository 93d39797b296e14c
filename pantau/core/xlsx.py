"""Reading XLSX files in bounded memory and time: every spreadsheet Pantau reads (survey
responses, clippings, plans) goes through here.

An XLSX file is a zip of XML parts. A hostile one can hold a 1 GB cell in a 1 MB file, or
fifty million empty rows in 3 MB; openpyxl would inflate either into gigabytes. This reader
checks what the zip declares before reading anything (the uncompressed size of every part),
then streams each sheet's XML in blocks and stops at the limits (rows, columns, cell length,
and the real number of bytes inflated, in case the zip lies about sizes). A refused file
raises `InputError` with an Indonesian message naming it.

It is also fast (about 30x openpyxl's read-only mode; `benchmarks/bench_xlsx.py`): rows are
cut from the XML with str.split, while a handler-less expat parser is fed the same bytes so
that malformed XML is still refused. Rows of a shape seen before (the same cells, types and
styles; only the values differ) are read by a function generated once for that shape, from
one regular-expression pass over the row; any other row is read cell by cell. Values come
out as openpyxl's `values_only` would give them: str, int, float, bool, datetime
(date-formatted numbers) or None.
"""

from __future__ import annotations

import codecs
import functools
import html
import posixpath
import re
import xml.parsers.expat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

from pantau.core.errors import InputError

Cell = object  # str | int | float | bool | datetime | None


@dataclass(frozen=True)
class XlsxLimits:
    """What a file may hold. The defaults take any survey or clipping file an office
    produces (Excel's own row limit, a sheet XML of several hundred thousand rows)."""

    max_part_bytes: int = 400 * 1024 * 1024  # uncompressed size of one sheet's XML
    max_strings_bytes: int = 100 * 1024 * 1024  # the shared-strings part, held in memory
    max_small_part_bytes: int = 10 * 1024 * 1024  # workbook, relationships, styles
    max_rows: int = 1_048_576  # Excel's own limit
    max_columns: int = 1_000
    max_cell_chars: int = 32_767  # Excel's own limit


DEFAULT_LIMITS = XlsxLimits()

_BLOCK = 1 << 20
_ROOT = re.compile(r"<(\w+:)?worksheet\b")


@functools.lru_cache(maxsize=8)
def _cell_pattern(prefix: str) -> re.Pattern[str]:
    """A cell: its column letters (when r= comes first, as every producer writes it), the
    other attributes, a plain <v> value or an inline string (the common cases), or any other
    content. Written for the sheet's own namespace prefix (usually none): a pattern that
    allows any prefix is three times slower."""
    p = re.escape(prefix)
    return re.compile(
        rf'<{p}c\b(?:\s+r="([A-Z]{{1,3}})\d*")?([^>]*?)(?:/>|>(?:<{p}v>([^<]*)</{p}v>|'
        rf'<{p}is><{p}t>([^<]*)</{p}t></{p}is>|(.*?))</{p}c>)', re.S)


_CELL = _cell_pattern("")
_CELL_REF = re.compile(r'\s+r="([A-Z]{1,3})\d*"')
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_VALUE = re.compile(r"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)
_TEXT = re.compile(r"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.S)
_PHONETIC = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_STRING_ITEM = re.compile(r"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)

# The row shapes (see `Book._shape_reader`): a row's skeleton is its XML without the text
# between tags (the values), the row number in its cell references replaced by "#"; rows of
# the same skeleton are read by one generated function. A shape is made only of plain cells
# in column order, and "#" only in their references (a row holding "#" is read cell by cell).
_TEXTS = re.compile(r">[^<]+")
_SHAPE_VALUES = re.compile(r'<[vt]\b[^>]*>([^<]*)</')
_SHAPE_CELL = re.compile(r'<c r="([A-Z]{1,3})#"([^>/#]*)(/>|></c>|><v></v></c>|'
                         r'><is><t(?: xml:space="preserve")?></t></is></c>)')
_MAX_SHAPES = 2_000
_MAX_SHAPE_CHARS = 8 * 1024 * 1024

# Built-in number formats that show a date or a time (ECMA-376 18.8.30).
_DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_NUMBER = ("n", False)
_SHARED = ("s", False)
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)


class _Part:
    """One zip member read in blocks; counts the bytes really inflated."""

    def __init__(self, book: Book, member: zipfile.ZipInfo, limit: int) -> None:
        self.book, self.member, self.limit = book, member, limit
        if member.file_size > limit:
            raise book.error(f"bagian {member.filename} terlalu besar setelah dibuka "
                             f"({_mb(member.file_size)}; paling banyak {_mb(limit)})")

    def blocks(self) -> Iterator[bytes]:
        total = 0
        try:
            with self.book.zip.open(self.member) as fh:
                while block := fh.read(_BLOCK):
                    total += len(block)
                    if total > self.limit:
                        raise self.book.error(f"bagian {self.member.filename} lebih besar dari "
                                              f"yang tertulis di berkas (lebih dari "
                                              f"{_mb(self.limit)})")
                    yield block
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise self.book.error(f"isi berkas rusak ({exc})") from exc

    def read(self) -> bytes:
        data = b"".join(self.blocks())
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise self.book.error(f"bagian {self.member.filename} memuat DOCTYPE; berkas XLSX "
                                  "tidak pernah memuatnya")
        return data


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bita"


def _checker(book: Book, part: str) -> xml.parsers.expat.XMLParserType:
    """A parser without handlers: it only says whether the XML is well-formed (C speed)."""
    parser = xml.parsers.expat.ParserCreate()

    def no_doctype(*_args: object) -> None:
        raise book.error(f"bagian {part} memuat DOCTYPE; berkas XLSX tidak pernah memuatnya")

    parser.StartDoctypeDeclHandler = no_doctype
    return parser


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _is_date_format(code: str) -> bool:
    bare = _QUOTED_OR_BRACKETED.sub("", code).lower()
    return any(ch in bare for ch in "dmyhs") and "general" not in bare


def _serial_date(serial: float, epoch: datetime) -> datetime | float:
    """A spreadsheet date serial as openpyxl reads it: to the millisecond, with Excel's
    1900 leap-year bug (serials below 60 are a day off)."""
    day, fraction = divmod(serial, 1)
    if 0 < serial < 60 and epoch == _EPOCH_1900:
        day += 1
    try:
        return (epoch + timedelta(days=day)
                + timedelta(milliseconds=round(fraction * 86_400_000)))
    except OverflowError:
        return serial


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


class _Dates(dict[str, "datetime | float"]):
    """Date serials read so far (a survey's dates repeat): text -> datetime."""

    def __init__(self, epoch: datetime) -> None:
        super().__init__()
        self.epoch = epoch

    def __missing__(self, text: str) -> datetime | float:
        value = _serial_date(_number(text), self.epoch)
        if len(self) < 100_000:
            self[text] = value
        return value


def _text_of(fragment: str) -> str:
    if "rPh" in fragment:
        fragment = _PHONETIC.sub("", fragment)
    return "".join(t or "" for t in _TEXT.findall(fragment))


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


class Book:
    """An opened XLSX file: `sheets()` yields (sheet name, rows) in the workbook's order."""

    def __init__(self, path: Path, name: str, limits: XlsxLimits) -> None:
        self.name, self.limits = name, limits
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise self.error("bukan berkas XLSX yang utuh (arsip zip rusak)") from exc
        self.members = {info.filename: info for info in self.zip.infolist()}
        # Every declared size is checked before any part is read.
        for info in self.members.values():
            big = limits.max_part_bytes if info.filename.startswith("xl/worksheets/") else (
                limits.max_strings_bytes if info.filename.endswith("sharedStrings.xml")
                else None)
            if big is not None and info.file_size > big:
                raise self.error(f"bagian {info.filename} terlalu besar setelah dibuka "
                                 f"({_mb(info.file_size)}; paling banyak {_mb(big)})")
        try:
            self._sheet_parts, self._epoch = self._read_workbook()
            self._date_styles = self._read_styles()
            self._strings = self._read_strings()
        except ElementTree.ParseError as exc:
            raise self.error(f"XML di dalam berkas rusak ({exc})") from exc
        except BaseException:
            self.zip.close()
            raise

    def error(self, reason: str) -> InputError:
        return InputError(f"{self.name}: berkas XLSX tidak dapat dibaca: {reason}.")

    def close(self) -> None:
        self.zip.close()

    # ------------------------------------------------------------ the small parts

    def _small(self, name: str) -> bytes | None:
        info = self.members.get(name)
        if info is None:
            return None
        return _Part(self, info, self.limits.max_small_part_bytes).read()

    def _read_workbook(self) -> tuple[list[tuple[str, str]], datetime]:
        workbook = self._small("xl/workbook.xml")
        if workbook is None:
            raise self.error("bagian xl/workbook.xml tidak ada")
        root = ElementTree.fromstring(workbook)
        rels_data = self._small("xl/_rels/workbook.xml.rels")
        targets: dict[str, str] = {}
        if rels_data is not None:
            for rel in ElementTree.fromstring(rels_data):
                target = rel.get("Target", "")
                target = (target.lstrip("/") if target.startswith("/")
                          else posixpath.normpath(posixpath.join("xl", target)))
                targets[rel.get("Id", "")] = target
        epoch = _EPOCH_1900
        sheets: list[tuple[str, str]] = []
        for element in root.iter():
            tag = _local(element.tag)
            if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
                epoch = _EPOCH_1904
            elif tag == "sheet":
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
                target = targets.get(rid, "")
                if target in self.members:
                    sheets.append((element.get("name", ""), target))
        if not sheets:  # no usable relationships: the worksheets in name order
            sheets = [(posixpath.basename(n), n) for n in sorted(self.members)
                      if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return sheets, epoch

    def _read_styles(self) -> frozenset[int]:
        """Indexes of the cell styles that show numbers as dates."""
        data = self._small("xl/styles.xml")
        if data is None:
            return frozenset()
        root = ElementTree.fromstring(data)
        custom: dict[int, str] = {}
        dates: set[int] = set()
        for element in root.iter():
            if _local(element.tag) == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        for element in root.iter():
            if _local(element.tag) != "cellXfs":
                continue
            for index, xf in enumerate(x for x in element if _local(x.tag) == "xf"):
                fmt = int(xf.get("numFmtId", "0") or 0)
                if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt])):
                    dates.add(index)
        return frozenset(dates)

    def _read_strings(self) -> list[str]:
        info = next((i for n, i in self.members.items() if n.endswith("sharedStrings.xml")),
                    None)
        if info is None:
            return []
        strings: list[str] = []
        limit = self.limits.max_cell_chars
        part = _Part(self, info, self.limits.max_strings_bytes)
        for item in self._matches(part, _STRING_ITEM, "teks"):
            text = _unescape(_text_of(item[0] or ""))
            if len(text) > limit:
                raise self.error(f"teks ke-{len(strings) + 1} terlalu panjang "
                                 f"({len(text)} karakter; paling banyak {limit})")
            strings.append(text)
        return strings

    # ------------------------------------------------------------ streaming

    def _texts(self, part: _Part) -> Iterator[str]:
        """The part's text block by block, while expat checks that the XML is well-formed."""
        checker = _checker(self, part.member.filename)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for block in part.blocks():
                checker.Parse(block, False)
                yield decoder.decode(block)
            checker.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            raise self.error(f"XML di dalam bagian {part.member.filename} rusak ({exc})"
                             ) from exc
        except UnicodeDecodeError as exc:
            raise self.error(f"bagian {part.member.filename} bukan UTF-8") from exc

    def _too_long(self, pending: str, part: _Part, what: str) -> None:
        # One row (or string) never needs more than its cells at their longest.
        if len(pending) > self.limits.max_columns * (self.limits.max_cell_chars + 200) + _BLOCK:
            raise self.error(f"satu {what} di {part.member.filename} terlalu panjang")

    def _matches(self, part: _Part, pattern: re.Pattern[str], what: str
                 ) -> Iterator[tuple[str, ...]]:
        """The groups of every complete match of `pattern` in the part."""
        pending = ""
        for text in self._texts(part):
            pending += text
            end = 0
            for match in pattern.finditer(pending):
                end = match.end()
                yield match.groups()
            pending = pending[end:]
            self._too_long(pending, part, what)

    def _row_texts(self, part: _Part) -> Iterator[tuple[str, str, re.Pattern[str]]]:
        """(attributes, content, cell pattern) of every row that has content. Rows are cut
        at their closing tags (str.split, far faster than a pattern over the whole text)."""
        pending = ""
        close = opening = ""
        cells = _CELL
        for text in self._texts(part):
            pending += text
            if not close:
                root = _ROOT.search(pending)
                if root is None and len(pending) < 65536:
                    continue
                prefix = (root.group(1) or "") if root else ""
                close, opening, cells = f"</{prefix}row>", f"<{prefix}row", _cell_pattern(prefix)
            pieces = pending.split(close)
            pending = pieces.pop()
            for piece in pieces:
                start = piece.rfind(opening)
                stop = piece.find(">", start)
                if start < 0 or stop < 0:
                    raise self.error(f"XML di dalam bagian {part.member.filename} rusak")
                yield piece[start + len(opening):stop], piece[stop + 1:], cells
            self._too_long(pending, part, "baris (atau deretan baris kosong)")

    def sheets(self) -> Iterator[tuple[str, Iterator[tuple[int, list[Cell]]]]]:
        for sheet_name, member in self._sheet_parts:
            yield sheet_name, self._rows(sheet_name, member)

    def _rows(self, sheet_name: str, member: str) -> Iterator[tuple[int, list[Cell]]]:
        """(row number, cells) of every row with a value; cells run to the last value."""
        limits = self.limits
        part = _Part(self, self.members[member], limits.max_part_bytes)
        # column letters + the other attributes -> (column index, (type, is a date))
        specs: dict[str, tuple[int, tuple[str, bool]]] = {}
        convert = self._convert
        max_chars = limits.max_cell_chars
        strings = self._strings
        number = 0
        # skeleton -> the function that reads rows of that shape (None: read cell by cell)
        shapes: dict[str, Callable[[list[str]], list[Cell]] | None] = {}
        tolerant: set[str] = set()
        shape_chars = 0
        skeleton_of, values_of = _TEXTS.sub, _SHAPE_VALUES.findall
        for head, body, cell_pattern in self._row_texts(part):
            found = _ROW_NUMBER.search(head)
            number = int(found.group(1)) if found else number + 1
            if number > limits.max_rows:
                raise self.error(f"lembar '{sheet_name}' memuat lebih dari {limits.max_rows} "
                                 "baris")
            if not body:
                continue
            cells: list[Cell] = []
            # The fast path: rows of a shape seen before, read by one generated function
            # (no value of such a row can break the cell length limit: the row is shorter).
            skeleton = skeleton_of(">", body) if (
                cell_pattern is _CELL and len(body) <= max_chars) else "#"
            if "#" not in skeleton:
                skeleton = skeleton.replace(f'{number}"', '#"')
                if "&" in body:
                    skeleton += "&"
                reader = shapes.get(skeleton, False)
                if reader is False and len(shapes) < _MAX_SHAPES and (
                        shape_chars + len(skeleton) <= _MAX_SHAPE_CHARS):
                    reader = shapes[skeleton] = self._shape_reader(skeleton, False)
                    shape_chars += len(skeleton)
                if reader:
                    values = values_of(body)
                    if "" not in values:
                        try:
                            cells = reader(values)  # type: ignore[operator]
                        except (ValueError, IndexError):
                            # a number that is not an integer: read such rows with int or
                            # float from now on; an invalid value: the cell loop says which
                            if skeleton not in tolerant:
                                tolerant.add(skeleton)
                                shapes[skeleton] = self._shape_reader(skeleton, True)
                        else:
                            if cells:
                                yield number, cells
                            continue
            # The hot path: one regular expression per row, one dict lookup per cell.
            for letters, attrs, plain, inline, inner in cell_pattern.findall(body):
                spec = specs.get(letters + attrs) if letters else None
                if spec is None:
                    spec = self._spec(specs, letters, attrs, len(cells), sheet_name, number)
                column, kind = spec
                value: Cell
                if plain and kind is _NUMBER:
                    try:
                        value = int(plain)
                    except ValueError:
                        value = convert(kind, plain, "")
                elif plain and kind is _SHARED:
                    try:
                        value = strings[int(plain)]
                    except (ValueError, IndexError):
                        value = convert(kind, plain, "")
                else:
                    if plain:
                        value = convert(kind, plain, "")
                    elif inline and kind[0] == "inlineStr":
                        value = _unescape(inline)
                    elif inline or inner:
                        value = convert(kind, "", inner or f"<v>{inline}</v>")
                    else:
                        continue
                    if value is None:
                        continue
                    if isinstance(value, str) and len(value) > max_chars:
                        raise self.error(f"lembar '{sheet_name}' baris {number}: isi sel "
                                         f"terlalu panjang ({len(value)} karakter; paling "
                                         f"banyak {max_chars})")
                if column == len(cells):
                    cells.append(value)
                elif column > len(cells):
                    cells.extend([None] * (column - len(cells)))
                    cells.append(value)
                else:
                    cells[column] = value
            if cells:
                yield number, cells

    def _shape_reader(self, skeleton: str, tolerant: bool
                      ) -> Callable[[list[str]], list[Cell]] | None:
        """A function from the values of a row of this skeleton (in document order) to its
        cells, or None when the row is not made of plain cells in column order (the cell
        loop reads it, and says what is wrong). Numbers are read with int() unless
        `tolerant` (int or float)."""
        escaped = skeleton.endswith("&")  # the row holds an entity: values are unescaped
        skeleton = skeleton.removesuffix("&")
        pos, previous, index = 0, -1, 0
        columns: dict[int, str] = {}
        for match in _SHAPE_CELL.finditer(skeleton):
            if match.start() != pos:
                return None
            pos = match.end()
            letters, attrs, content = match.groups()
            column = _column_index(letters)
            if column <= previous or column >= self.limits.max_columns:
                return None
            previous = column
            if content in ("/>", "></c>"):
                continue
            t, is_date = self._kind(attrs)
            value = f"v[{index}]"
            index += 1
            text = f"unescape({value})" if escaped else value
            if content.startswith("><is>"):
                if t != "inlineStr":
                    return None
                columns[column] = text
            elif t == "n":
                columns[column] = (f"dates[{value}]" if is_date
                                   else f"number({value})" if tolerant else f"int({value})")
            elif t == "s":
                columns[column] = f"strings[int({value})]"
            elif t == "b":
                columns[column] = f"({value}.strip() in ('1', 'true'))"
            elif t == "d":
                return None
            else:
                columns[column] = text
        if pos != len(skeleton):
            return None
        if not columns:
            return lambda v: []
        listed = ", ".join(columns.get(c, "None") for c in range(max(columns) + 1))
        namespace = {"strings": self._strings, "unescape": html.unescape, "number": _number,
                     "dates": _Dates(self._epoch)}
        # The source is built only from value indices, column positions and the fixed names
        # above; no text of the file ever reaches it (values are passed in `v` at call time).
        return eval(f"lambda v: [{listed}]", namespace)  # type: ignore[no-any-return]

    def _spec(self, specs: dict[str, tuple[int, tuple[str, bool]]], letters: str, attrs: str,
              position: int, sheet_name: str, number: int) -> tuple[int, tuple[str, bool]]:
        """Where a cell goes and what it holds; cached when the cell names its column."""
        key = letters + attrs
        if not letters and ' r="' in attrs:  # r= after another attribute
            moved = _CELL_REF.search(attrs)
            if moved:
                letters = moved.group(1)
                attrs = attrs[:moved.start()] + attrs[moved.end():]
        column = _column_index(letters) if letters else position
        if column >= self.limits.max_columns:
            raise self.error(f"lembar '{sheet_name}' baris {number}: lebih dari "
                             f"{self.limits.max_columns} kolom")
        spec = (column, self._kind(attrs))
        if key[:1].isalpha() and len(specs) < 100_000:
            specs[key] = spec
        return spec

    def _kind(self, attrs: str) -> tuple[str, bool]:
        found = dict(_ATTR.findall(attrs))
        style = found.get("s", "")
        kind = (found.get("t", "n"), style.isdigit() and int(style) in self._date_styles)
        # The two commonest kinds are shared objects, so the hot path compares identities.
        return {_NUMBER: _NUMBER, _SHARED: _SHARED}.get(kind, kind)

    def _convert(self, kind: tuple[str, bool], plain: str, inner: str) -> Cell:
        t, is_date = kind
        if not plain:
            if not inner:
                return None
            if t == "inlineStr":
                return _unescape(_text_of(inner))
            value = _VALUE.search(inner)  # a formula's cached value, or an odd layout
            plain = (value.group(1) or "") if value else ""
            if not plain:
                return None
        if t == "n":
            try:
                number: int | float = int(plain)
            except ValueError:
                try:
                    number = float(plain)
                except ValueError:
                    raise self.error(f"angka '{plain[:20]}' tidak valid") from None
            return _serial_date(number, self._epoch) if is_date else number
        if t == "s":
            try:
                return self._strings[int(plain)]
            except (ValueError, IndexError):
                raise self.error(f"rujukan teks bersama '{plain[:20]}' tidak ada") from None
        if t in ("str", "e", "inlineStr"):
            return _unescape(plain)
        if t == "b":
            return plain.strip() in ("1", "true")
        if t == "d":
            try:
                return datetime.fromisoformat(plain.strip())
            except ValueError:
                return _unescape(plain)
        return _unescape(plain)


def open_xlsx(path: Path, *, name: str | None = None,
              limits: XlsxLimits = DEFAULT_LIMITS) -> Book:
    """Open `path` for reading (call `close()`); InputError naming the file when it cannot be
    read or breaks a limit."""
    path = Path(path)
    return Book(path, name or path.name, limits)


def read_sheet(path: Path, *, name: str | None = None, sheet: str | None = None,
               limits: XlsxLimits = DEFAULT_LIMITS) -> tuple[str, list[list[Cell]]]:
    """The sheet named `sheet` (else the first) of a small file read whole (clippings,
    plans): its name and its rows, blank rows kept as empty lists so that a row's position
    is its number minus one."""
    book = open_xlsx(path, name=name, limits=limits)
    try:
        sheets = list(book.sheets())
        if not sheets:
            return "", []
        title, found = next(((t, r) for t, r in sheets if t == sheet), sheets[0])
        rows: list[list[Cell]] = []
        for number, cells in found:
            while len(rows) < number - 1:
                rows.append([])
            rows.append(cells)
        return title, rows
    finally:
        book.close()
