"""Write hr-eksport.xlsx from hr-eksport.csv (the same rows), so both samples stay in step.

Run from the repository root:  .venv/bin/python docs/samples/make_xlsx.py
"""

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent


def build(csv_path: Path = HERE / "hr-eksport.csv", xlsx_path: Path = HERE / "hr-eksport.xlsx") -> Path:
    text = csv_path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "HR-eksport"
    for row in rows:
        # Employee numbers stay text (leading zeros matter in some HR systems).
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, _header in enumerate(rows[0], start=1):
        width = max(len(r[index - 1]) for r in rows if len(r) >= index) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 50)
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "Resultatavtaler"
    workbook.save(xlsx_path)
    return xlsx_path


if __name__ == "__main__":
    print(build())
