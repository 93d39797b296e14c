"""One way to write a report: build a `Document` of simple blocks, then render it to
HTML (self-contained, no CDN), PDF (reportlab), DOCX (python-docx, for offices that edit
the report before signing) and PPTX (python-pptx, one slide per section, for offices that
present it). Charts are matplotlib PNGs drawn in the Indonesian number format (1.234,5),
with whole-number ticks on counts.

Both the survey report and the media-monitoring report use this module.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from pantau.core.files import atomic_output

PALETTE = ["#1f4e79", "#2e75b6", "#9dc3e6", "#c00000", "#70ad47", "#ffc000", "#7f7f7f"]
TONE_COLOURS = {"positif": "#2e7d32", "netral": "#9e9e9e", "negatif": "#c62828"}


@dataclass
class Heading:
    text: str
    level: int = 2
    new_page: bool = False  # start a page (PDF, DOCX), e.g. an appendix


@dataclass
class Paragraph:
    text: str
    style: str = "normal"  # normal | note | warning


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    caption: str | None = None
    # Optional link per row, e.g. a mention's URL, on the cell of column `link_column`.
    links: Sequence[str | None] | None = None
    link_column: int = 0
    # Relative column widths (PDF, DOCX, PPTX); equal widths when None.
    widths: Sequence[float] | None = None

    def width_fractions(self) -> list[float]:
        n = max(1, len(self.columns))
        weights = list(self.widths or [])[:n]
        weights += [1.0] * (n - len(weights))
        total = sum(weights) or 1.0
        return [w / total for w in weights]

    def link(self, row: int) -> str | None:
        """The row's link when it is a web address (nothing else is ever made a link)."""
        url = self.links[row] if self.links and row < len(self.links) else None
        return url if url and url.startswith(("http://", "https://")) else None


@dataclass
class Image:
    png: bytes
    caption: str | None = None
    width_cm: float = 16.0


@dataclass
class Document:
    title: str
    subtitle: str | None = None
    blocks: list[Heading | Paragraph | Table | Image] = field(default_factory=list)

    def add(self, *blocks: Heading | Paragraph | Table | Image) -> Document:
        self.blocks.extend(blocks)
        return self


def fmt_number(value: float | int | None, decimals: int = 2) -> str:
    """Indonesian number format: 1.234,56."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


# ---------------------------------------------------------------- charts


def _pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend, imported on first use: it costs about a second,
    which every `pantau` command would otherwise pay at start-up."""
    import matplotlib

    matplotlib.use("Agg")
    # Chart texts come from outside (outlet names from og:site_name, clippings, profiles):
    # `Warta $\frac{x$` must be drawn as written, never parsed as mathtext (or fail).
    matplotlib.rcParams["text.parse_math"] = False
    import matplotlib.pyplot as plt

    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    _pyplot().close(fig)
    return buf.getvalue()


def fmt_tick(value: float) -> str:
    """A chart's number in the Indonesian format, as short as it can be: 1.500; 2,5; 0,25."""
    if float(value).is_integer():
        return fmt_number(int(value))
    return fmt_number(value, 2).rstrip("0").rstrip(",")


def _whole(values: Sequence[float]) -> bool:
    return all(float(v).is_integer() for v in values)


def _axis_format(axis: Any, *, integer: bool) -> None:
    """Indonesian tick labels on `axis`; whole-number ticks only on a count axis."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if integer:
        axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_tick(v)))


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str = "",
    xlabel: str = "",
    horizontal: bool = True,
    colors: Sequence[str] | None = None,
    xlim: tuple[float, float] | None = None,
) -> bytes:
    """A bar chart sized to its bars (a single bar is a strip, not half a page). Counts
    (every value whole) get whole-number ticks; every number is written the Indonesian
    way."""
    n = max(1, len(labels))
    height = 0.4 * n + 1.0 if horizontal else 3.4
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, height))
    colours = list(colors) if colors else [PALETTE[1]] * len(labels)
    integer = _whole(values)
    if horizontal:
        ax.barh(list(labels)[::-1], list(values)[::-1], color=colours[::-1],
                height=0.6 if n > 1 else 0.45)
        for i, v in enumerate(list(values)[::-1]):
            ax.text(v, i, f" {fmt_tick(v) if integer else fmt_number(v)}", va="center",
                    fontsize=8)
        if xlim:
            ax.set_xlim(*xlim)
        elif values:
            ax.set_xlim(0, max(max(values), 1) * 1.12)  # room for the value labels
        ax.set_xlabel(xlabel)
        _axis_format(ax.xaxis, integer=integer)
        if n == 1:
            ax.set_ylim(-0.6, 0.6)
    else:
        ax.bar(list(labels), list(values), color=colours)
        ax.set_ylabel(xlabel)
        _axis_format(ax.yaxis, integer=integer)
        plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _ink(colour: str) -> str:
    """White text on a dark fill, near-black on a light one (legible either way)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 0.6 else "#222222"


def pie_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "",
              colors: Sequence[str] | None = None) -> bytes:
    """A donut: percentages inside the ring in a colour that stands out from its wedge (small
    wedges carry none), the names with counts and percentages in a legend beside it, the
    total in the hole."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.0, 2.8))
    pairs = [(lbl, v, c) for lbl, v, c in zip(labels, values, colors or PALETTE * 3,
                                               strict=False) if v > 0]
    if not pairs:
        ax.text(0.5, 0.5, "Tidak ada data", ha="center", va="center")
        ax.axis("off")
    else:
        total = sum(v for _, v, _ in pairs)
        wedges, _texts = ax.pie([v for _, v, _ in pairs], colors=[c for _, _, c in pairs],
                                startangle=90, counterclock=False,
                                wedgeprops={"width": 0.42, "edgecolor": "white"})
        for wedge, (_lbl, v, c) in zip(wedges, pairs, strict=True):
            pct = v / total * 100
            if pct < 6:
                continue
            angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
            ax.text(0.79 * math.cos(angle), 0.79 * math.sin(angle),
                    f"{fmt_number(pct, 1)}%", ha="center", va="center", fontsize=8,
                    fontweight="bold", color=_ink(c))
        ax.text(0, 0, f"{fmt_tick(total)}\nberita" if _whole([total]) else fmt_number(total),
                ha="center", va="center", fontsize=9)
        ax.legend(wedges, [f"{lbl}: {fmt_tick(v)} ({fmt_number(v / total * 100, 1)}%)"
                           for lbl, v, _ in pairs],
                  loc="center left", bbox_to_anchor=(0.92, 0.5), frameon=False, fontsize=9)
        ax.axis("equal")
    ax.set_title(title)
    return _png(fig)


def line_chart(x: Sequence[str], series: dict[str, Sequence[float]], *, title: str = "",
               ylabel: str = "", colors: dict[str, str] | None = None) -> bytes:
    """Lines over `x`; a count axis (every value whole) gets whole-number ticks from zero."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    for name, ys in series.items():
        ax.plot(list(x), list(ys), marker="o", markersize=3, label=name,
                color=(colors or {}).get(name))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    values = [v for ys in series.values() for v in ys]
    integer = _whole(values)
    if integer:
        ax.set_ylim(0, max([*values, 1]) * 1.1)
    _axis_format(ax.yaxis, integer=integer)
    ax.legend(fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if len(x) > 8:
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right", fontsize=7)
    return _png(fig)


# ---------------------------------------------------------------- HTML


def format_cell(value: Any) -> Any:
    """A table cell as shown in reports: Indonesian decimals, '-' for missing."""
    if isinstance(value, float):
        return fmt_number(value)
    return "-" if value is None else value


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("pantau.core", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["cell"] = format_cell
    return env


def to_html(doc: Document) -> str:
    return _env().get_template("document.html.j2").render(doc=doc)


# ---------------------------------------------------------------- PDF


@lru_cache(maxsize=1)
def _pdf_fonts() -> tuple[str, str]:
    """DejaVu Sans (shipped inside matplotlib) covers far more than Helvetica's Latin-1."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    try:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(ttf / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(ttf / "DejaVuSans-Bold.ttf")))
        return "DejaVuSans", "DejaVuSans-Bold"
    except Exception:  # pragma: no cover - font missing from an unusual matplotlib build
        return "Helvetica", "Helvetica-Bold"


PDF_CELL_PADDING = 3.0  # points, left and right of a PDF table cell
LONG_WORD = 0.4  # a word wider than this share of the page (a web address) may be broken


def fit_widths(fractions: Sequence[float], least: Sequence[float], total: float) -> list[float]:
    """Column widths (points) near `fractions` of `total` where each column is at least
    `least` wide (its widest word: a word is never split across lines; a web address may
    be). What a widened
    column needs is taken from the columns with room to spare, in proportion to that room;
    when the words alone are wider than the page, in proportion to them."""
    need = [min(w, total * LONG_WORD) for w in least]
    if sum(need) >= total:
        return [total * w / sum(need) for w in need]
    widths = [total * f for f in fractions]
    for _ in range(len(widths)):
        short = [j for j, w in enumerate(widths) if w < need[j] - 1e-6]
        if not short:
            break
        deficit = sum(need[j] - widths[j] for j in short)
        for j in short:
            widths[j] = need[j]
        spare = {j: widths[j] - need[j] for j in range(len(widths))
                 if j not in short and widths[j] > need[j]}
        room = sum(spare.values())
        for j, r in spare.items():
            widths[j] -= deficit * r / room
    return widths


def _widest_word(texts: Iterable[str], font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    seen: set[str] = set()
    widest = 0.0
    for t in texts:
        for word in t.split():
            if word not in seen and not word.startswith(("http://", "https://")):
                seen.add(word)
                widest = max(widest, stringWidth(word, font, size))
    return widest


def to_pdf(doc: Document) -> bytes:
    from xml.sax.saxutils import escape, quoteattr

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        CondPageBreak,
        LongTable,
        PageBreak,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import Paragraph as RLParagraph

    regular, bold = _pdf_fonts()
    base = getSampleStyleSheet()
    normal = ParagraphStyle("n", parent=base["Normal"], fontName=regular, fontSize=9, leading=12)
    note = ParagraphStyle("note", parent=normal, textColor=colors.HexColor("#555555"), fontSize=8)
    warn = ParagraphStyle("warn", parent=normal, textColor=colors.HexColor("#b00020"))
    caption = ParagraphStyle("caption", parent=note, keepWithNext=1)
    cell = ParagraphStyle("cell", parent=normal, fontSize=7.5, leading=9)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName=bold)
    link_colour = "#1f4e79"
    heads = {
        1: ParagraphStyle("h1", parent=base["Title"], fontName=bold, fontSize=16),
        2: ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12,
                          keepWithNext=1),
        3: ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10,
                          keepWithNext=1),
    }

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br/>")

    story: list[Any] = [RLParagraph(escape(doc.title), heads[1])]
    if doc.subtitle:
        story.append(RLParagraph(escape(doc.subtitle), normal))
    story.append(Spacer(1, 0.3 * cm))
    width = A4[0] - 3 * cm
    pending: list[Any] = []  # headings waiting for the content they head
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.new_page:
                story.append(PageBreak())
            else:
                # A heading never stands alone at a page's foot: it needs room for a few
                # lines of its content, and it is kept with the first of them.
                story.append(CondPageBreak(3.5 * cm))
            pending.append(RLParagraph(escape(block.text), heads.get(block.level, heads[3])))
            continue
        flowables: list[Any] = []
        if isinstance(block, Paragraph):
            style = {"note": note, "warning": warn}.get(block.style, normal)
            flowables.append(RLParagraph(text(block.text), style))
        elif isinstance(block, Table):
            data = [[RLParagraph(escape(str(c)), cell_bold) for c in block.columns]]
            for i, row in enumerate(block.rows):
                url = block.link(i)
                cells = []
                for j, v in enumerate(row):
                    shown = text(str(format_cell(v)))
                    if url and j == block.link_column:
                        shown = (f'<link href={quoteattr(url)} color="{link_colour}">'
                                 f"{shown}</link>")
                    cells.append(RLParagraph(shown, cell))
                data.append(cells)
            # Each column at least as wide as its widest word (reportlab would split it
            # mid-word: "Tindaka n", "16-11-202 6").
            least = [max(_widest_word([str(c)], bold, cell.fontSize),
                         _widest_word((str(format_cell(r[j])) for r in block.rows
                                       if j < len(r)), regular, cell.fontSize))
                     + 2 * PDF_CELL_PADDING + 1 for j, c in enumerate(block.columns)]
            table = LongTable(data, repeatRows=1,
                              colWidths=fit_widths(block.width_fractions(), least, width))
            table.setStyle(TableStyle([
                ("LEFTPADDING", (0, 0), (-1, -1), PDF_CELL_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PDF_CELL_PADDING),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7f3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            if block.caption:
                flowables.append(RLParagraph(escape(block.caption), caption))
            flowables.append(table)
        elif isinstance(block, Image):
            img = RLImage(io.BytesIO(block.png))
            ratio = img.imageHeight / img.imageWidth
            img.drawWidth = min(block.width_cm * cm, width)
            img.drawHeight = img.drawWidth * ratio
            flowables.append(img)
            if block.caption:
                flowables.append(RLParagraph(escape(block.caption), note))
        story.extend(pending)  # headings keep with their next flowable (keepWithNext)
        pending = []
        story.extend(flowables)
        story.append(Spacer(1, 0.25 * cm))
    story.extend(pending)

    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=A4, title=doc.title, author="Pantau",
                            leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    pdf.build(story)
    return buf.getvalue()


def _docx_link(paragraph: Any, url: str, text: str) -> None:
    """A clickable link in a Word paragraph (python-docx has no API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F4E79")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")  # half-points: 8 pt, as the other cells
    props.extend([colour, underline, size])
    run.append(props)
    body = OxmlElement("w:t")
    body.text = text
    body.set(qn("xml:space"), "preserve")
    run.append(body)
    link.append(run)
    paragraph._p.append(link)


def to_docx(doc: Document) -> bytes:
    """The document as a Word file: headings kept with their content, paragraphs, tables
    with a header row repeated on every page and their links, images."""
    # deferred: python-docx (and lxml) are needed only for DOCX reports
    from docx import Document as WordDocument
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    word = WordDocument()
    section = word.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    text_width = 17.0  # cm between the margins (A4 and Letter alike)
    word.styles["Normal"].font.size = Pt(10)
    word.add_heading(doc.title, level=0)
    if doc.subtitle:
        word.add_paragraph(doc.subtitle)
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.new_page:
                word.add_page_break()
            heading = word.add_heading(block.text, level=min(max(block.level - 1, 1), 3))
            heading.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            run = word.add_paragraph().add_run(block.text)
            if block.style == "note":
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            elif block.style == "warning":
                run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        elif isinstance(block, Table):
            if block.caption:
                caption = word.add_paragraph()
                caption.paragraph_format.keep_with_next = True
                caption.add_run(block.caption).font.size = Pt(8)
            table = word.add_table(rows=1, cols=len(block.columns))
            table.style = "Table Grid"
            header = table.rows[0]
            repeat = OxmlElement("w:tblHeader")  # the header row on every page
            repeat.set(qn("w:val"), "true")
            header._tr.get_or_add_trPr().append(repeat)
            for cell, name in zip(header.cells, block.columns, strict=True):
                cell.text = str(name)
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
                    run.font.size = Pt(8)
            for i, row in enumerate(block.rows):
                url = block.link(i)
                cells = table.add_row().cells
                for j, (cell, value) in enumerate(zip(cells, row, strict=False)):
                    shown = str(format_cell(value))
                    if url and j == block.link_column:
                        _docx_link(cell.paragraphs[0], url, shown)
                    else:
                        cell.text = shown
                        for run in cell.paragraphs[0].runs:
                            run.font.size = Pt(8)
            for column, fraction in zip(table.columns, block.width_fractions(), strict=True):
                for cell in column.cells:
                    cell.width = Cm(text_width * fraction)
        elif isinstance(block, Image):
            word.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, 16.0)))
            if block.caption:
                word.add_paragraph(block.caption)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- PPTX

_SLIDE_W, _SLIDE_H = 13.333, 7.5  # inches, 16:9
_MARGIN = 0.5
_TOP = 1.25  # below the slide's title
_BOTTOM = _SLIDE_H - 0.3
_ROWS_PER_SLIDE = 12


def _text_height(text: str, width_in: float, size_pt: float) -> float:
    """Inches a wrapped text needs (an estimate: an average glyph is about half an em)."""
    per_line = max(10, int(width_in * 72 / (size_pt * 0.5)))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return lines * size_pt * 1.25 / 72 + 0.1


def _image_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("bukan gambar PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class _Deck:
    """Slides filled from the top: `room(h)` gives the current slide when `h` inches fit
    below what it holds, else a continuation slide of the same section."""

    def __init__(self, title: str) -> None:
        # deferred: python-pptx is needed only for PPTX reports
        from pptx import Presentation
        from pptx.util import Inches

        self.deck = Presentation()
        self.deck.slide_width, self.deck.slide_height = Inches(_SLIDE_W), Inches(_SLIDE_H)
        self.slide: Any = None
        self.title = title
        self.y = _TOP

    def text(self, top: float, height: float, text: str, *, size: float = 14,
             bold: bool = False, colour: str | None = None) -> None:
        from pptx.dml.color import RGBColor
        from pptx.util import Inches, Pt

        box = self.slide.shapes.add_textbox(Inches(_MARGIN), Inches(top),
                                            Inches(_SLIDE_W - 2 * _MARGIN), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for k, line in enumerate(text.split("\n")):
            run = (frame.paragraphs[0] if k == 0 else frame.add_paragraph()).add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))

    def new_slide(self, title: str, *, more: bool = False) -> Any:
        self.slide = self.deck.slides.add_slide(self.deck.slide_layouts[6])  # blank
        self.title = title
        self.text(0.3, 0.8, title + (" (lanjutan)" if more else ""), size=26, bold=True,
                  colour="#1f4e79")
        self.y = _TOP
        return self.slide

    def room(self, height: float) -> Any:
        if self.slide is None:
            return self.new_slide(self.title)
        if self.y + height > _BOTTOM and self.y > _TOP:
            return self.new_slide(self.title, more=True)
        return self.slide


def to_pptx(doc: Document) -> bytes:
    """The document as slides: a title slide, then one slide per section (a level-2 heading
    and what follows it; a long section continues on slides marked "lanjutan"). Paragraphs
    as text, tables as slide tables (at most 12 rows a slide), charts as images."""
    from pptx.util import Inches, Pt

    out = _Deck(doc.title)
    width = _SLIDE_W - 2 * _MARGIN
    out.slide = out.deck.slides.add_slide(out.deck.slide_layouts[6])
    out.text(2.4, 1.2, doc.title, size=36, bold=True, colour="#1f4e79")
    if doc.subtitle:
        out.text(3.8, 2.5, doc.subtitle, size=16)
    out.slide = None
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.level <= 2:
                out.new_slide(block.text)
            else:
                out.room(0.6)
                out.text(out.y, 0.5, block.text, size=18, bold=True, colour="#1f4e79")
                out.y += 0.55
        elif isinstance(block, Paragraph):
            size = 12 if block.style == "note" else 16
            height = _text_height(block.text, width, size)
            out.room(min(height, _BOTTOM - _TOP))
            colour = {"note": "#555555", "warning": "#b00020"}.get(block.style)
            out.text(out.y, height, block.text, size=size, colour=colour)
            out.y += height + 0.1
        elif isinstance(block, Table):
            fractions = block.width_fractions()
            rows = [[str(format_cell(v)) for v in row] for row in block.rows]
            row_heights = [max([0.3] + [_text_height(v, width * f, 10)
                                        for v, f in zip(row, fractions, strict=False)])
                           for row in rows]
            # Rows in slide-sized chunks: at most 12, and no taller than a slide.
            chunks: list[tuple[int, int]] = []
            start, used = 0, 0.0
            for i, h in enumerate(row_heights):
                if i > start and (i - start >= _ROWS_PER_SLIDE
                                  or used + h > _BOTTOM - _TOP - 0.9):
                    chunks.append((start, i))
                    start, used = i, 0.0
                used += h
            chunks.append((start, len(rows)))
            for c, end in chunks:
                chunk = rows[c:end]
                heights = row_heights[c:end]
                height = 0.4 + sum(heights) + (0.4 if block.caption and c == 0 else 0)
                if c == 0:
                    out.room(height)
                else:
                    out.new_slide(out.title, more=True)
                if block.caption and c == 0:
                    out.text(out.y, 0.4, block.caption, size=11, colour="#555555")
                    out.y += 0.4
                shape = out.slide.shapes.add_table(
                    len(chunk) + 1, len(block.columns), Inches(_MARGIN), Inches(out.y),
                    Inches(width), Inches(0.4 + sum(heights)))
                table = shape.table
                for j, f in enumerate(fractions):
                    table.columns[j].width = Inches(width * f)
                cells = [list(block.columns), *chunk]
                for i, row in enumerate(cells):
                    url = block.link(c + i - 1) if i else None
                    for j, value in enumerate(row[:len(block.columns)]):
                        frame = table.cell(i, j).text_frame
                        frame.text = str(value)
                        for run in frame.paragraphs[0].runs:
                            run.font.size = Pt(11 if i == 0 else 10)
                            if url and j == block.link_column:
                                run.hyperlink.address = url
                out.y += 0.4 + sum(heights) + 0.15
        elif isinstance(block, Image):
            px_w, px_h = _image_size(block.png)
            ratio = px_h / px_w
            w = min(width, block.width_cm / 2.54 * 1.4)
            h = min(w * ratio, _BOTTOM - _TOP)
            out.room(h)
            h = min(h, _BOTTOM - out.y)  # a slide already holding a little text
            w = h / ratio
            out.slide.shapes.add_picture(io.BytesIO(block.png), Inches((_SLIDE_W - w) / 2),
                                         Inches(out.y), Inches(w), Inches(h))
            out.y += h + 0.1
            if block.caption:
                out.text(out.y, 0.4, block.caption, size=11, colour="#555555")
                out.y += 0.45
    buf = io.BytesIO()
    out.deck.save(buf)
    return buf.getvalue()


def write_document(doc: Document, out_base: Path, formats: Sequence[str]) -> list[Path]:
    """Write `doc` as `<out_base>.html` / `.pdf` / `.docx` / `.pptx` for the formats asked;
    returns the paths."""
    out_base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = out_base.with_suffix(f".{fmt}")
        if fmt == "html":
            data = to_html(doc).encode("utf-8")
        elif fmt == "pdf":
            data = to_pdf(doc)
        elif fmt == "docx":
            data = to_docx(doc)
        elif fmt == "pptx":
            data = to_pptx(doc)
        else:
            continue
        with atomic_output(path) as tmp:  # a full disk leaves no truncated report
            tmp.write_bytes(data)
        written.append(path)
    return written
