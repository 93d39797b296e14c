"""One way to write a report: build a `Document` of simple blocks, then render it to
HTML (self-contained, no CDN), PDF (reportlab) and DOCX (python-docx, for offices that edit
the report before signing). Charts are matplotlib PNGs.

Both the survey report and the media-monitoring report use this module.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
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


@dataclass
class Paragraph:
    text: str
    style: str = "normal"  # normal | note | warning


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    caption: str | None = None
    # Optional link per row (HTML only), e.g. a mention's URL.
    links: Sequence[str | None] | None = None


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
    height = max(2.2, 0.45 * len(labels) + 1) if horizontal else 3.6
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, height))
    colours = list(colors) if colors else [PALETTE[1]] * len(labels)
    if horizontal:
        ax.barh(list(labels)[::-1], list(values)[::-1], color=colours[::-1])
        for i, v in enumerate(list(values)[::-1]):
            ax.text(v, i, f" {fmt_number(v)}", va="center", fontsize=8)
        if xlim:
            ax.set_xlim(*xlim)
        ax.set_xlabel(xlabel)
    else:
        ax.bar(list(labels), list(values), color=colours)
        ax.set_ylabel(xlabel)
        plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def pie_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "",
              colors: Sequence[str] | None = None) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4.5, 3.4))
    pairs = [(lbl, v) for lbl, v in zip(labels, values, strict=True) if v > 0]
    if not pairs:
        ax.text(0.5, 0.5, "Tidak ada data", ha="center", va="center")
        ax.axis("off")
    else:
        lbls, vals = zip(*pairs, strict=True)
        cols = [c for (lbl, v), c in zip(zip(labels, values, strict=True),
                                         colors or PALETTE * 3, strict=False) if v > 0]
        ax.pie(vals, labels=lbls, colors=cols, autopct="%1.1f%%", startangle=90,
               wedgeprops={"width": 0.45}, textprops={"fontsize": 8})
        ax.axis("equal")
    ax.set_title(title)
    return _png(fig)


def line_chart(x: Sequence[str], series: dict[str, Sequence[float]], *, title: str = "",
               ylabel: str = "", colors: dict[str, str] | None = None) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    for name, ys in series.items():
        ax.plot(list(x), list(ys), marker="o", markersize=3, label=name,
                color=(colors or {}).get(name))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
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


def to_pdf(doc: Document) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import LongTable, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Paragraph as RLParagraph

    regular, bold = _pdf_fonts()
    base = getSampleStyleSheet()
    normal = ParagraphStyle("n", parent=base["Normal"], fontName=regular, fontSize=9, leading=12)
    note = ParagraphStyle("note", parent=normal, textColor=colors.HexColor("#555555"), fontSize=8)
    warn = ParagraphStyle("warn", parent=normal, textColor=colors.HexColor("#b00020"))
    cell = ParagraphStyle("cell", parent=normal, fontSize=7.5, leading=9)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName=bold)
    heads = {
        1: ParagraphStyle("h1", parent=base["Title"], fontName=bold, fontSize=16),
        2: ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12),
        3: ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=10),
    }

    story: list[Any] = [RLParagraph(escape(doc.title), heads[1])]
    if doc.subtitle:
        story.append(RLParagraph(escape(doc.subtitle), normal))
    story.append(Spacer(1, 0.3 * cm))
    width = A4[0] - 3 * cm
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(RLParagraph(escape(block.text), heads.get(block.level, heads[3])))
        elif isinstance(block, Paragraph):
            style = {"note": note, "warning": warn}.get(block.style, normal)
            story.append(RLParagraph(escape(block.text).replace("\n", "<br/>"), style))
        elif isinstance(block, Table):
            data = [[RLParagraph(escape(str(c)), cell_bold) for c in block.columns]]
            for row in block.rows:
                data.append([RLParagraph(escape(str(format_cell(v))), cell)
                             for v in row])
            table = LongTable(data, repeatRows=1,
                              colWidths=[width / max(1, len(block.columns))] * len(block.columns))
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7f3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            if block.caption:
                story.append(RLParagraph(escape(block.caption), note))
            story.append(table)
        elif isinstance(block, Image):
            img = RLImage(io.BytesIO(block.png))
            ratio = img.imageHeight / img.imageWidth
            img.drawWidth = min(block.width_cm * cm, width)
            img.drawHeight = img.drawWidth * ratio
            story.append(img)
            if block.caption:
                story.append(RLParagraph(escape(block.caption), note))
        story.append(Spacer(1, 0.25 * cm))

    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=A4, title=doc.title, author="Pantau",
                            leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm)
    pdf.build(story)
    return buf.getvalue()


def to_docx(doc: Document) -> bytes:
    """The document as a Word file: headings, paragraphs, tables with a header row, images."""
    # deferred: python-docx (and lxml) are needed only for DOCX reports
    from docx import Document as WordDocument
    from docx.shared import Cm, Pt, RGBColor

    word = WordDocument()
    word.styles["Normal"].font.size = Pt(10)
    word.add_heading(doc.title, level=0)
    if doc.subtitle:
        word.add_paragraph(doc.subtitle)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(max(block.level - 1, 1), 3))
        elif isinstance(block, Paragraph):
            run = word.add_paragraph().add_run(block.text)
            if block.style == "note":
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            elif block.style == "warning":
                run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        elif isinstance(block, Table):
            if block.caption:
                word.add_paragraph(block.caption)
            table = word.add_table(rows=1, cols=len(block.columns))
            table.style = "Table Grid"
            for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
                cell.text = str(name)
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = str(format_cell(value))
        elif isinstance(block, Image):
            word.add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, 16.0)))
            if block.caption:
                word.add_paragraph(block.caption)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


def write_document(doc: Document, out_base: Path, formats: Sequence[str]) -> list[Path]:
    """Write `doc` as `<out_base>.html` / `.pdf` / `.docx` for the formats asked; returns the
    paths."""
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
        else:
            continue
        with atomic_output(path) as tmp:  # a full disk leaves no truncated report
            tmp.write_bytes(data)
        written.append(path)
    return written
