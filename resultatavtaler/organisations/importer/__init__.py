"""The HR import of units and people (CSV or XLSX). See docs/import.md for the file format."""

from .reading import MAX_IMPORT_BYTES, ImportFileError, ImportSource, Table, read_table
from .report import Change, ImportReport, RowError
from .rows import COLUMNS
from .service import organisation_import

__all__ = [
    "COLUMNS",
    "MAX_IMPORT_BYTES",
    "Change",
    "ImportFileError",
    "ImportReport",
    "ImportSource",
    "RowError",
    "Table",
    "organisation_import",
    "read_table",
]
