"""Turning an uploaded HR export (bytes) into a table of text cells.

CSV: comma, semicolon or tab separated, detected from the header line; UTF-8 (with or
without the BOM Excel's "CSV UTF-8" writes) or Windows-1252 (what Norwegian Excel writes as
plain "CSV"). XLSX: the first worksheet, read with openpyxl in read-only mode.

Row numbers are those the user sees in Excel: the first line of the file is row 1, and a
blank line still counts. A quoted CSV cell spanning several lines is one row, as in Excel.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# An upload larger than this is refused before it is parsed (a 20,000-person export is ~3 MB).
MAX_IMPORT_BYTES = 10 * 1024 * 1024
# A larger table is refused rather than read (protects against zip bombs in XLSX).
MAX_IMPORT_ROWS = 60_000
MAX_COLUMNS = 100

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SEPARATORS = (";", ",", "\t")


class ImportFileError(Exception):
    """The file as a whole cannot be read. The message is translated and says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SourceRow:
    number: int  # the row as Excel shows it (header = 1)
    cells: list[str]


@dataclass
class Table:
    """Header texts (as written in the file, trimmed) and the data rows below them."""

    headers: list[str]
    rows: list[SourceRow]
    header_row: int = 1
    file_format: str = "csv"  # "csv" or "xlsx"
    details: dict[str, str] = field(default_factory=dict)  # encoding, separator

    @classmethod
    def from_records(cls, headers: list[str], records: list[list[str]]) -> Table:
        return cls(
            headers=[h.strip() for h in headers],
            rows=[SourceRow(number=i, cells=list(r)) for i, r in enumerate(records, start=2)],
        )


@dataclass
class ImportSource:
    """The uploaded bytes and the name the user gave the file (shown only, never a path)."""

    data: bytes
    filename: str = ""


def read_table(source: ImportSource) -> Table:
    data = source.data
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            _("The file is larger than %(max)d MB. Split it or remove unneeded columns.")
            % {"max": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(_XLSX_MAGIC):
        return _read_xlsx(data)
    if data.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV and try again.")
        )
    return _read_csv(data)


# --- CSV ---------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(_UTF16_BOMS) or b"\x00" in data:
        raise ImportFileError(
            _(
                "The file is not UTF-8 or Windows-1252 text (it looks like UTF-16 or a binary file). "
                "In Excel, choose \"Save as\" and the type \"CSV UTF-8 (comma delimited)\" or \"Excel workbook\"."
            )
        )
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file's characters could not be read as UTF-8 or Windows-1252. "
                "Save it as \"CSV UTF-8\" or as an Excel workbook and try again."
            )
        ) from None
    return text, "Windows-1252"


def _check_is_text(text: str) -> None:
    for ch in text:
        if ch in "\t\r\n":
            continue
        if unicodedata.category(ch) == "Cc":
            raise ImportFileError(
                _("The file contains binary data, not text. Upload a CSV file or an Excel workbook (.xlsx).")
            )


def _detect_separator(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            counts = {sep: line.count(sep) for sep in _SEPARATORS}
            best = max(_SEPARATORS, key=lambda s: counts[s])
            return best if counts[best] else ";"
    return ";"


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    _check_is_text(text)
    separator = _detect_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    headers: list[str] | None = None
    header_row = 1
    rows: list[SourceRow] = []
    try:
        for index, record in enumerate(reader, start=1):
            if headers is None:
                if not any(c.strip() for c in record):
                    continue
                headers, header_row = [c.strip() for c in record][:MAX_COLUMNS], index
                continue
            if len(rows) >= MAX_IMPORT_ROWS:
                raise ImportFileError(_("The file has more than %(max)d rows.") % {"max": MAX_IMPORT_ROWS})
            rows.append(SourceRow(number=index, cells=record))
    except csv.Error as exc:
        raise ImportFileError(_("The file could not be read as CSV: %(error)s") % {"error": exc}) from None
    if headers is None:
        raise ImportFileError(_("The file is empty."))
    names = {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}
    return Table(
        headers=headers,
        rows=rows,
        header_row=header_row,
        file_format="csv",
        details={"encoding": encoding, "separator": str(names[separator])},
    )


# --- XLSX --------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken workbook
        raise ImportFileError(
            _("The file could not be read as an Excel workbook (.xlsx). Open it in Excel and save it again.")
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ImportFileError(_("The workbook has no worksheet."))
        headers: list[str] | None = None
        header_row = 1
        rows: list[SourceRow] = []
        # Some exporters write a wrong <dimension>; read what is really there, from A1.
        sheet.reset_dimensions()
        try:
            for index, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                cells = [_cell_text(v).strip() for v in values]
                if headers is None:
                    if not any(cells):
                        continue
                    while cells and not cells[-1]:
                        cells.pop()
                    headers, header_row = cells[:MAX_COLUMNS], index
                    continue
                if len(rows) >= MAX_IMPORT_ROWS:
                    raise ImportFileError(_("The file has more than %(max)d rows.") % {"max": MAX_IMPORT_ROWS})
                rows.append(SourceRow(number=index, cells=cells[: len(headers)]))
        except ImportFileError:
            raise
        except Exception:  # noqa: BLE001
            raise ImportFileError(
                _("The file could not be read as an Excel workbook (.xlsx). Open it in Excel and save it again.")
            ) from None
        if headers is None:
            raise ImportFileError(_("The file is empty."))
        return Table(headers=headers, rows=rows, header_row=header_row, file_format="xlsx",
                     details={"worksheet": sheet.title})
    finally:
        workbook.close()
