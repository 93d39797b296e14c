"""`pantau.cli.output.table`: columns stay aligned whatever the cells hold."""

from __future__ import annotations

from pantau.cli.output import display_width, shorten, table


def _column_starts(line: str, cells: list[str]) -> list[int]:
    """Display column where each cell starts in `line`."""
    starts, position = [], 0
    for cell in cells:
        index = line.index(cell, position)
        starts.append(display_width(line[:index]))
        position = index + len(cell)
    return starts


def test_columns_line_up_with_wide_and_combining_characters() -> None:
    rows = [["Kompas", "Banjir di Jakarta", "12"],
            ["東京新聞", "台風が接近", "3"],          # two cells per character
            ["Télé Café", "e\u0301te\u0301", "1024"],  # combining accents take no cell
            ["🙂 Warga", "Ulasan", "7"]]
    text = table(["media", "judul", "jumlah"], rows, right={"jumlah"})
    lines = text.splitlines()
    assert lines[0].split() == ["media", "judul", "jumlah"]
    assert set(lines[1]) == {"-", " "}
    starts = {tuple(_column_starts(line, row[:2])) for line, row in zip(lines[2:], rows,
                                                                           strict=True)}
    assert len(starts) == 1  # every row's columns begin at the same cells
    ends = {display_width(line) for line in lines[2:]}
    assert len(ends) == 1  # the right-aligned last column ends at the same cell


def test_long_cells_are_cut_to_their_limit_and_empty_cells_show_a_dash() -> None:
    text = table(["id", "pesan galat"], [[1, "x" * 80], [2, None], [3, "baris satu\nbaris dua"]],
                 limits={"pesan galat": 20})
    lines = text.splitlines()
    assert lines[2] == "1   " + "x" * 19 + "…"
    assert lines[3] == "2   -"
    assert lines[4] == "3   baris satu baris dua"


def test_notes_go_under_their_row() -> None:
    text = table(["tugas", "status"], [["collect", "gagal"], ["label", "berhasil"]],
                 notes=["galat: HTTP 503", None])
    assert text.splitlines()[2:] == ["collect  gagal", "    galat: HTTP 503",
                                     "label    berhasil"]


def test_shorten_counts_display_cells() -> None:
    assert shorten("東京新聞社", 6) == "東京…"
    assert display_width(shorten("東京新聞社", 6)) <= 6
    assert shorten("pendek", 10) == "pendek"
