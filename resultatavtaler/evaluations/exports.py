"""The pay-negotiation summary as XLSX (seed 2.8.1: a basis for the superior's proposal,
never part of the agreement document)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .scales import label_text


def pay_summary_xlsx(*, superior, period, rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Pay negotiations")[:31]
    ws.append([_("Summary for local pay negotiations – %(superior)s, %(period)s")
               % {"superior": superior.name, "period": period.name}])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Confidential. Not part of the results agreements.")])
    ws.append([])
    header = [_("Leader"), _("Job title"), _("Unit"), _("State"), _("Overall rating"), _("Overall assessment"),
              _("Note")]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r["leader"].name, r["leader"].title, r["unit"].name, str(r["state"]),
                   label_text(r["overall_label"]) if r["overall_label"] else "", r["overall"], r["note"]])
    for col, width in zip("ABCDEFG", (28, 24, 32, 16, 26, 60, 60), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
