"""`pantau survey template`: a blank file officers can fill (XLSX with the questions and
answer labels on a second sheet, or CSV), whose headers the importer recognises: the nine
elements of PermenPANRB 14/2017 (default) or the fourteen of Kepmenpan 25/2004."""

from __future__ import annotations

from pathlib import Path

from pantau.core.errors import InputError
from pantau.core.spreadsheet import append_row, save_workbook, write_csv
from survey.methods import get_method
from survey.questionnaire import EDUCATION, OCCUPATIONS, PROFILE_FIELDS, Element

PROFILE_HEADERS = [f.label for f in PROFILE_FIELDS if f.key != "saran"]


def headers(elements: tuple[Element, ...]) -> list[str]:
    return ["No", *PROFILE_HEADERS, *(f"{e.code} {e.name}" for e in elements), "Saran"]


def template_name(method: str | None = None, suffix: str = "xlsx") -> str:
    """The file name a template is offered under: templat-skm.xlsx (14/2017, as before),
    templat-skm-25-2004.xlsx."""
    code = get_method(method).code
    return f"templat-skm.{suffix}" if code == "14/2017" else \
        f"templat-skm-{code.replace('/', '-')}.{suffix}"


def write_template(path: Path, *, services: list[str] | None = None,
                   method: str | None = None) -> Path:
    """A blank file (.xlsx or .csv) for the questionnaire of `method` ("14/2017", the
    default, or "25/2004"); `services`, from the config, are listed in the guide."""
    chosen = get_method(method)
    elements = chosen.elements
    header_row = headers(elements)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(path, header_row, [], delimiter=";", encoding="utf-8-sig")
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
    append_row(sheet, header_row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, header in enumerate(header_row, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = max(8, min(24, len(header) + 2))
    first = len(PROFILE_HEADERS) + 2
    answers = DataValidation(type="whole", operator="between", formula1="1", formula2="4",
                             showErrorMessage=True, errorTitle="Nilai tidak valid",
                             error="Isi 1, 2, 3 atau 4.")
    start = sheet.cell(row=2, column=first).coordinate
    end = sheet.cell(row=2000, column=first + len(elements) - 1).coordinate
    answers.add(f"{start}:{end}")
    sheet.add_data_validation(answers)
    sheet.freeze_panes = "B2"

    guide = workbook.create_sheet("Petunjuk")
    rows: list[list[str]] = [
        [f"Petunjuk pengisian Survei Kepuasan Masyarakat ({chosen.regulation}, "
         f"{len(elements)} unsur)"],
        ["Satu baris untuk satu responden. Jawaban unsur diisi 1-4 atau label jawabannya. "
         "Tanggal ditulis 2025-03-14 atau 14/03/2025."],
        *([[f"Kuesioner {len(elements)} unsur {chosen.regulation}: hanya untuk unit layanan "
            "yang diatur administrator memakai metode 25/2004. IKM-nya dihitung "
            "dengan bobot 1/14 dan rentang mutu Kepmenpan 25/2004, tidak dapat "
            "dibandingkan langsung dengan IKM sembilan unsur PermenPANRB 14/2017."]]
          if chosen.code == "25/2004" else []),
        [],
        ["Unsur", "Nama unsur", "Pertanyaan", "1", "2", "3", "4"],
        *([e.code, e.name, e.question, *e.labels] for e in elements),
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
