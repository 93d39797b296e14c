"""`pantau survey template`: a blank file officers can fill (XLSX with the questions and
answer labels on a second sheet, or CSV), whose headers the importer recognises."""

from __future__ import annotations

from pathlib import Path

from pantau.core.errors import InputError
from pantau.core.spreadsheet import append_row, save_workbook, write_csv
from survey.questionnaire import EDUCATION, ELEMENTS, OCCUPATIONS, PROFILE_FIELDS

PROFILE_HEADERS = [f.label for f in PROFILE_FIELDS if f.key != "saran"]
HEADERS = ["No", *PROFILE_HEADERS, *(f"{e.code} {e.name}" for e in ELEMENTS), "Saran"]


def write_template(path: Path, *, services: list[str] | None = None) -> Path:
    """A blank file (.xlsx or .csv); `services`, from the config, are listed in the guide."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(path, HEADERS, [], delimiter=";", encoding="utf-8-sig")
    if suffix != ".xlsx":
        raise InputError(f"Templat hanya dapat ditulis sebagai .xlsx atau .csv, bukan {path.name}.")
    # deferred: openpyxl takes a fifth of a second to import; only XLSX templates need it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    append_row(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, header in enumerate(HEADERS, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = max(8, min(24, len(header) + 2))
    first = len(PROFILE_HEADERS) + 2
    answers = DataValidation(type="whole", operator="between", formula1="1", formula2="4",
                             showErrorMessage=True, errorTitle="Nilai tidak valid",
                             error="Isi 1, 2, 3 atau 4.")
    start = sheet.cell(row=2, column=first).coordinate
    end = sheet.cell(row=2000, column=first + len(ELEMENTS) - 1).coordinate
    answers.add(f"{start}:{end}")
    sheet.add_data_validation(answers)
    sheet.freeze_panes = "B2"

    guide = workbook.create_sheet("Petunjuk")
    rows: list[list[str]] = [
        ["Petunjuk pengisian Survei Kepuasan Masyarakat (PermenPANRB 14/2017)"],
        ["Satu baris untuk satu responden. Jawaban unsur diisi 1-4 atau label jawabannya. "
         "Tanggal ditulis 2025-03-14 atau 14/03/2025."],
        [],
        ["Unsur", "Nama unsur", "Pertanyaan", "1", "2", "3", "4"],
        *([e.code, e.name, e.question, *e.labels] for e in ELEMENTS),
        [],
        ["Jenis kelamin", "L = Laki-laki, P = Perempuan"],
        ["Pendidikan", ", ".join(EDUCATION)],
        ["Pekerjaan", ", ".join(OCCUPATIONS)],
    ]
    if services:
        rows.append(["Jenis layanan", ", ".join(services)])
    for row in rows:
        append_row(guide, row)
    guide.column_dimensions["B"].width = 36
    guide.column_dimensions["C"].width = 60
    return save_workbook(workbook, path)
