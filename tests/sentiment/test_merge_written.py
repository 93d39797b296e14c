"""Merging a round of written passages into a training file (`sentiment.corpus.merge_written`):
only passages both annotators labelled alike, never a near copy of a held-out or trained
text, nothing added twice, bad input named by file, row and field."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pantau.core.errors import InputError
from sentiment.corpus.merge_written import FIELDS, main, merge

pytestmark = pytest.mark.no_database

DATA = Path(__file__).parents[2] / "sentiment" / "data"


def _first_text(name: str) -> dict[str, str]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["target"])


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    valid = _first_text("news-tone/valid.csv")
    trained = _first_text("news-tone/written-train.csv")
    written = _write(tmp_path / "writer.csv", ["id", "text", "target", "label", "kind"], [
        ["r-001", "Warga Desa Sukamaju mengapresiasi Dinas Sosial Kabupaten Ciamis yang "
                  "mengantar beras ke rumah lansia sebelum Lebaran.", "Dinas Sosial",
         "positif", "lead"],
        ["r-002", "Bupati Ciamis menghadiri pelantikan pengurus karang taruna di alun-alun "
                  "pada Sabtu pagi.", "Bupati Ciamis", "netral", "body"],
        ["r-003", valid["text"] + " kata dia.", valid["target"], "netral", "body"],
        ["r-004", trained["text"], trained["target"], trained["label"], "lead"],
        ["r-005", "warga mengapresiasi dinas sosial kabupaten ciamis yg mengantar beras ke "
                  "rumah lansia sebelum lebaran, mantap!", "dinas sosial", "positif", "post"],
    ])
    blind = _write(tmp_path / "blind.csv", ["id", "label"], [
        ["r-001", "positif"], ["r-002", "negatif"], ["r-003", "netral"],
        ["r-004", trained["label"]], ["r-005", "positif"]])
    return written, blind


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_only_agreed_passages_that_copy_nothing_join(batch: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    out = tmp_path / "written-train.csv"
    report = merge(*batch, out)
    rows = _read(out)
    assert [row["id"] for row in rows] == ["r-001"]
    assert list(rows[0]) == FIELDS
    assert rows[0]["label"] == rows[0]["label_b"] == "positif"
    assert rows[0]["origin"] == "written"
    assert (report.added, report.disagree, report.copies_held_out, report.copies_trained) == (
        1, 1, 1, 2)  # r-005 is a near copy of r-001, added just before it


def test_a_second_run_adds_nothing(batch: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "written-train.csv"
    merge(*batch, out)
    before = out.read_bytes()
    report = merge(*batch, out)
    assert report.added == 0 and report.present == 1
    assert out.read_bytes() == before


def test_bad_input_names_file_row_and_field_and_leaves_the_file_alone(
        batch: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    written, blind = batch
    out = tmp_path / "written-train.csv"
    merge(written, blind, out)
    before = out.read_bytes()
    rows = _read(written)
    rows[1]["target"] = "Dinas Pendidikan"
    bad = _write(tmp_path / "bad.csv", list(rows[0]), [list(r.values()) for r in rows])
    with pytest.raises(InputError, match=r"bad\.csv baris 3 kolom target"):
        merge(bad, blind, out)
    with pytest.raises(SystemExit, match=r"bad\.csv baris 3 kolom target"):
        main([str(bad), str(blind), str(out)])
    unlabelled = _write(tmp_path / "blind-short.csv", ["id", "label"], [["r-001", "positif"]])
    with pytest.raises(InputError, match="tidak ada label kedua untuk 4 teks"):
        merge(written, unlabelled, out)
    assert out.read_bytes() == before
