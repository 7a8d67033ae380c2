"""Reading a measurements file (CSV or XLSX) into checked rows; docs/measurements.md describes
the format. Nothing here writes: services.measurements_import decides, all or nothing."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_SOURCE = 200

# Column names a leader may use (Norwegian first, English accepted), lower case.
COLUMNS = {
    "indicator": ("indikator", "indicator"),
    "date": ("dato", "date"),
    "value": ("verdi", "value"),
    "source": ("kilde", "source"),
}
REQUIRED = ("indicator", "date", "value")
COLUMN_LABEL = {"indicator": "indikator", "date": "dato", "value": "verdi", "source": "kilde"}

_KEY_ID = re.compile(r"^(?:IND-?)?(\d+)$", re.IGNORECASE)
_KEY_NUMBER = re.compile(r"^([0-9A-Za-z.]+)/(\d+)$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class Row:
    row: int
    indicator_key: str
    date: datetime.date
    value: Decimal
    source: str


class FileRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


def parse_key(raw: str) -> tuple[str, object] | None:
    """("id", 12) for "IND-12" or "12"; ("number", ("2.1", 1)) for "2.1/1"."""
    raw = raw.strip()
    m = _KEY_ID.match(raw)
    if m:
        return "id", int(m.group(1))
    m = _KEY_NUMBER.match(raw)
    if m:
        return "number", (m.group(1), int(m.group(2)))
    return None


def parse_date(raw) -> datetime.date | None:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_value(raw) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        text = str(raw or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
        if text.endswith("%"):
            text = text[:-1]
        if "," in text and "." in text:  # 1.234,5
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    if not value.is_finite() or abs(value) >= Decimal("1e11"):
        return None
    quantized = value.quantize(Decimal("0.001"))
    return quantized if quantized == value else None


class _Semicolon(csv.excel):
    delimiter = ";"


def _table_from_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";\t,")
    except csv.Error:
        dialect = _Semicolon
    return list(csv.reader(io.StringIO(text), dialect))


def _table_from_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def read_rows(filename: str, content: bytes) -> list[Row]:
    """Every row checked; on any error FileRejected with every error by row and column."""
    if len(content) > MAX_BYTES:
        raise FileRejected([RowError(0, "", _("The file is larger than 2 MB."))])
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            table = _table_from_xlsx(content)
        elif name.endswith((".csv", ".txt")):
            table = _table_from_csv(content)
        else:
            raise FileRejected([RowError(0, "", _("Upload a CSV or XLSX file."))])
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 - any unreadable file is one clear error, never a 500
        raise FileRejected([RowError(0, "", _("The file could not be read as CSV or XLSX."))]) from None
    table = [r for r in table if any(c not in (None, "") and str(c).strip() for c in r)]
    if not table:
        raise FileRejected([RowError(1, "", _("The file is empty."))])
    header = [str(c or "").strip().lower() for c in table[0]]
    index: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                index[key] = i
                break
    missing = [COLUMN_LABEL[k] for k in REQUIRED if k not in index]
    if missing:
        raise FileRejected([RowError(1, ", ".join(missing), _("The header row lacks the column(s) %(columns)s.")
                                     % {"columns": ", ".join(missing)})])
    if len(table) - 1 > MAX_ROWS:
        raise FileRejected([RowError(0, "", _("The file has more than %(max)d rows.") % {"max": MAX_ROWS})])

    def cell(r: list, key: str):
        i = index.get(key)
        return r[i] if i is not None and i < len(r) else None

    rows, errors = [], []
    for n, r in enumerate(table[1:], start=2):
        key_raw = str(cell(r, "indicator") or "").strip()
        date = parse_date(cell(r, "date"))
        value = parse_value(cell(r, "value"))
        source = str(cell(r, "source") or "").strip()
        ok = True
        if not key_raw or parse_key(key_raw) is None:
            errors.append(RowError(n, "indikator", _("Give the indicator's key as shown on the page, e.g. IND-12.")))
            ok = False
        if date is None:
            errors.append(RowError(n, "dato", _("Write the date as 28.11.2026 or 2026-11-28.")))
            ok = False
        if value is None:
            errors.append(RowError(n, "verdi", _("Write the value as a number, e.g. 4,5 (at most three decimals).")))
            ok = False
        if len(source) > MAX_SOURCE:
            errors.append(RowError(n, "kilde",
                                   _("The source is longer than %(max)d characters.") % {"max": MAX_SOURCE}))
            ok = False
        if ok:
            rows.append(Row(n, key_raw, date, value, source))
    if errors:
        raise FileRejected(errors)
    return rows
