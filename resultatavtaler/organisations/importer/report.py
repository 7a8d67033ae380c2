"""What an import found and did: counts, the errors by row and column, warnings and the
list of changes. The same report comes from a dry run and from the real run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class RowError:
    row: int | None  # as Excel shows it (header = row 1); None for the file as a whole
    column: str  # the header as written in the file, or the expected name for a missing column
    message: str
    column_letter: str = ""  # "D", as in Excel; empty when not tied to a column

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)d, column %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


KIND_LABELS = {"person": gettext_lazy("Person"), "unit": gettext_lazy("Unit")}
CHANGE_LABELS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "deactivated": gettext_lazy("deactivated"),
}


@dataclass(frozen=True)
class Change:
    kind: str  # "person" or "unit"
    action: str  # "created", "updated" or "deactivated"
    key: str  # employee id or unit code
    name: str
    detail: str = ""
    row: int | None = None

    @property
    def action_label(self) -> str:
        return str(CHANGE_LABELS[self.action])

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class ImportReport:
    dry_run: bool
    partial: bool = False
    filename: str = ""
    file_format: str = ""
    file_details: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    persons_unchanged: int = 0
    persons_deactivated: int = 0
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # The full lengths of `errors` and `changes` when they were cut on storing (to_json).
    errors_total: int | None = None
    changes_total: int | None = None

    @property
    def error_count(self) -> int:
        return len(self.errors) if self.errors_total is None else self.errors_total

    @property
    def change_count(self) -> int:
        return len(self.changes) if self.changes_total is None else self.changes_total

    def to_json(self, *, max_listed: int) -> dict:
        """The report as JSON for the import job; only the first `max_listed` errors and
        changes are kept (what the page lists), with their full counts."""
        data = asdict(self)
        data["errors"] = data["errors"][:max_listed]
        data["changes"] = data["changes"][:max_listed]
        data["errors_total"], data["changes_total"] = self.error_count, self.change_count
        return data

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["errors"] = [RowError(**e) for e in data.get("errors", [])]
        values["changes"] = [Change(**c) for c in data.get("changes", [])]
        return cls(**values)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def all_unchanged(self) -> bool:
        return self.ok and not (
            self.persons_created
            or self.persons_updated
            or self.persons_deactivated
            or self.units_created
            or self.units_updated
        )

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "persons_created": self.persons_created,
            "persons_updated": self.persons_updated,
            "persons_unchanged": self.persons_unchanged,
            "persons_deactivated": self.persons_deactivated,
            "units_created": self.units_created,
            "units_updated": self.units_updated,
            "units_unchanged": self.units_unchanged,
            "errors": len(self.errors),
        }

    def count_rows(self) -> list[tuple[str, int, int]]:
        """(label, persons, units) rows for the report table; "—" is shown for None."""
        return [
            (_("Created"), self.persons_created, self.units_created),
            (_("Updated"), self.persons_updated, self.units_updated),
            (_("Unchanged"), self.persons_unchanged, self.units_unchanged),
            (_("Deactivated (left)"), self.persons_deactivated, None),
        ]
