"""`pantau survey template`: a blank file officers can fill (XLSX with the questions and
answer labels on a second sheet, or CSV), whose headers the importer recognises."""

from __future__ import annotations

import csv
from pathlib import Path

from pantau.core.errors import InputError
from survey.questionnaire import EDUCATION, ELEMENTS, OCCUPATIONS, PROFILE_FIELDS

PROFILE_HEADERS = [f.label for f in PROFILE_FIELDS if f.key != "saran"]
HEADERS = ["No", *PROFILE_HEADERS, *(f"{e.code} {e.name}" for e in ELEMENTS), "Saran"]


def write_template(path: Path, *, services: list[str] | None = None) -> Path:
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";").writerow(HEADERS)
        return path
    if suffix != ".xlsx":
        raise InputError(f"Templat hanya dapat ditulis sebagai .xlsx atau .csv, bukan {path.name}.")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(HEADERS)
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
    guide.append(["Petunjuk pengisian Survei Kepuasan Masyarakat (PermenPANRB 14/2017)"])
    guide.append(["Satu baris untuk satu responden. Jawaban unsur diisi 1-4 atau label "
                  "jawabannya. Tanggal ditulis 2025-03-14 atau 14/03/2025."])
    guide.append([])
    guide.append(["Unsur", "Nama unsur", "Pertanyaan", "1", "2", "3", "4"])
    for e in ELEMENTS:
        guide.append([e.code, e.name, e.question, *e.labels])
    guide.append([])
    guide.append(["Jenis kelamin", "L = Laki-laki, P = Perempuan"])
    guide.append(["Pendidikan", ", ".join(EDUCATION)])
    guide.append(["Pekerjaan", ", ".join(OCCUPATIONS)])
    if services:
        guide.append(["Jenis layanan", ", ".join(services)])
    guide.column_dimensions["B"].width = 36
    guide.column_dimensions["C"].width = 60
    workbook.save(path)
    return path
