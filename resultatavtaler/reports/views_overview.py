"""The process overview page and its XLSX export (reports/overview.py has the queries)."""

from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.lib.widgets import QuickSelect
from resultatavtaler.organisations.models import Unit

from .overview import (
    SORTS,
    STATE_LABELS,
    STATE_ORDER,
    OverviewFilter,
    OverviewPageRows,
    decorate,
    overview_base,
    overview_rows,
    overview_scope,
    periods_for,
    state_counts,
    total_from_counts,
    units_for_filter,
)

PAGE_SIZE = 50
CHART_WIDTH, BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, TOP = 560, 22, 10, 150, 8


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'– ' * obj.depth}{obj.name} ({obj.code})"


# Units offered in the list: the top levels of what the viewer may see (a large organisation has
# thousands of units; the others are found by code or name).
LIST_LEVELS = 2
SEARCH_MATCHES = 20


class OverviewFilterForm(forms.Form):
    period = forms.ModelChoiceField(label=gettext_lazy("Agreement period"), queryset=None, required=False,
                                    empty_label=None, widget=QuickSelect)
    unit = _UnitChoice(label=gettext_lazy("Unit and everything below it"), queryset=None, required=False,
                       empty_label=gettext_lazy("All units I can see"), widget=QuickSelect)
    unit_search = forms.CharField(
        label=gettext_lazy("Or find a unit by code or name"), required=False, max_length=100,
        help_text=gettext_lazy("The list above holds the top levels only. A unit found here is used instead."),
    )
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False, widget=QuickSelect)
    overdue = forms.BooleanField(label=gettext_lazy("Only overdue"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["period"].queryset = periods_for(scope.organisation_id)
        # Any unit in the scope is a valid choice; only the top levels are listed.
        self.fields["unit"].queryset = units_for_filter(scope)
        self.fields["state"].choices = [("", _("All states"))] + [(s, STATE_LABELS[s]) for s in STATE_ORDER]
        self.extra_units: list = []

    def clean(self):
        data = super().clean()
        text = (data.get("unit_search") or "").strip()
        if not text:
            return data
        units = units_for_filter(self.scope)
        matches = list(units.filter(code__iexact=text)[:2]) or list(
            units.filter(Q(name__icontains=text) | Q(code__icontains=text))[: SEARCH_MATCHES + 1]
        )
        if len(matches) == 1:
            data["unit"] = matches[0]
        elif not matches:
            self.add_error("unit_search", _("No unit you can see has that code or name."))
        else:
            self.extra_units = matches[:SEARCH_MATCHES]
            more = len(matches) > SEARCH_MATCHES
            self.add_error("unit_search", (
                _("More than %(n)d units match. Write more of the code or the name.") if more
                else _("%(n)d units match. Choose one in the list of units, or write more of the code or the name.")
            ) % {"n": SEARCH_MATCHES if more else len(matches)})
        return data

    def list_periods(self, periods: list) -> None:
        """The period list's options from periods already read (the queryset still validates)."""
        field = self.fields["period"]
        field.widget.choices = [(p.pk, field.label_from_instance(p)) for p in periods]

    def limit_unit_choices(self, chosen=None) -> None:
        """List the top levels of the viewer's units (and the chosen unit and the search's
        matches), rendered from one query instead of every unit of the organisation."""
        depth = min((p.strip("/").count("/") for p in self.scope.paths), default=0) + LIST_LEVELS
        units = list(units_for_filter(self.scope).filter(depth__lte=depth).only("pk", "name", "code", "depth", "path"))
        seen = {u.pk for u in units}
        for extra in [chosen, *self.extra_units]:
            if extra is not None and extra.pk not in seen:
                units.append(extra)
                seen.add(extra.pk)
        units.sort(key=lambda u: u.path)
        field = self.fields["unit"]
        field.widget.choices = [("", field.empty_label)] + [(u.pk, field.label_from_instance(u)) for u in units]


def _scope_or_403(request):
    person = getattr(request, "person", None)
    if not permissions.can_view_overview(person):
        raise PermissionDenied
    scope = overview_scope(person)
    if scope is None:
        raise PermissionDenied
    return person, scope


def _parse(request, scope):
    """The form, the chosen period (the latest when none is chosen) and the filter. A field
    with bad input is left out of the filter (and says why); the others still apply."""
    form = OverviewFilterForm(request.GET or None, scope=scope)
    data = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
    # The periods are read once: for the default, and as the list's options (Django's select
    # would read its queryset twice, once to decide on `required` and once for the options).
    periods = list(form.fields["period"].queryset)
    period = data.get("period") or (periods[0] if periods else None)
    sort = (data.get("sort") or "unit").strip()
    descending = sort.startswith("-")
    sort_key = sort.lstrip("-")
    if sort_key not in SORTS:
        sort_key, descending = "unit", False
    flt = OverviewFilter(unit=data.get("unit"), state=data.get("state") or "", overdue_only=bool(data.get("overdue")),
                         sort=sort_key, descending=descending)
    if not form.is_bound:
        form = OverviewFilterForm(initial={"period": period}, scope=scope)
    elif flt.unit is not None and form.data.get("unit") != str(flt.unit.pk):
        # Found by the search: the list shows it chosen, the search field is emptied.
        form.data = form.data.copy()
        form.data["unit"], form.data["unit_search"] = str(flt.unit.pk), ""
    form.limit_unit_choices(flt.unit)
    form.list_periods(periods)
    return form, period, flt


def _query(period, flt: OverviewFilter, **extra) -> dict:
    params = {"period": period.pk if period else "", "unit": flt.unit.pk if flt.unit else "", "state": flt.state,
              "sort": ("-" if flt.descending else "") + flt.sort}
    if flt.overdue_only:
        params["overdue"] = "on"
    params.update(extra)
    return {k: v for k, v in params.items() if v not in ("", None)}


def _columns(period, flt: OverviewFilter) -> list[dict]:
    """Sortable column headers: a link that sorts (or reverses) and aria-sort on the current one."""
    names = [("name", _("Leader")), ("unit", _("Unit")), ("state", _("State")), ("due", _("Next milestone")),
             ("overdue", _("Overdue"))]
    cols = []
    for key, label in names:
        current = key == flt.sort
        next_sort = ("" if (current and flt.descending) or not current else "-") + key
        cols.append({
            "key": key,
            "label": label,
            "current": current,
            "aria_sort": ("descending" if flt.descending else "ascending") if current else "",
            "url": "?" + urlencode(_query(period, flt, sort=next_sort)),
        })
    return cols


def state_chart(counts: list[dict]) -> dict:
    """Geometry of the horizontal bar chart of leaders per state (hand-built SVG, like the
    other charts: a <title>, a <desc> in words, and the data table beside it)."""
    top = max([c["count"] for c in counts] + [1])
    plot = CHART_WIDTH - LABEL_WIDTH - 48
    rows = []
    for i, c in enumerate(counts):
        y = TOP + i * (BAR_HEIGHT + BAR_GAP)
        rows.append({**c, "y": y, "text_y": y + 15, "width": round(plot * c["count"] / top, 1)})
    total = sum(c["count"] for c in counts)
    desc = ngettext(
        "%(total)d leader, by state: %(counts)s.", "%(total)d leaders, by state: %(counts)s.", total
    ) % {"total": total, "counts": "; ".join(f"{c['label']} {c['count']}" for c in counts)}
    return {
        "id": "overview-states",
        "width": CHART_WIDTH,
        "height": TOP * 2 + len(counts) * (BAR_HEIGHT + BAR_GAP),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "title": _("Leaders per state"),
        "desc": desc,
        "rows": rows,
        "total": total,
    }


@login_required
def overview(request):
    person, scope = _scope_or_403(request)
    form, period, flt = _parse(request, scope)
    context = {"form": form, "period": period, "scope": scope, "today": timezone.localdate()}
    if period is not None:
        base = overview_base(period, today=context["today"])
        counts = state_counts(period=period, scope=scope, flt=flt, base=base)
        rows = OverviewPageRows(overview_rows(period=period, scope=scope, flt=flt, base=base),
                                total=total_from_counts(counts, flt))
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        for row in page.object_list:
            decorate(row)
        _mark_startable(page.object_list, person=person, period=period, scope=scope)
        context.update({
            "page": page,
            "counts": counts,
            "chart": state_chart(counts),
            "columns": _columns(period, flt),
            "export_url": "?" + urlencode(_query(period, flt)),
            "page_query": urlencode(_query(period, flt)),
            "milestones": _milestones(period),
        })
    return render(request, "reports/overview.html", context)


def _mark_startable(rows, *, person, period, scope) -> None:
    """`row.can_start`: a "Start agreement" button for a participant with no agreement in an
    open period, shown to a process owner whose scope covers the participant's unit. Decided
    from the row's unit path with no query per row; the start page asks can_start_agreement."""
    allowed = scope.is_process_owner and period.is_open
    for row in rows:
        row.can_start = bool(
            allowed
            and row.agreement_pk is None
            and row.is_active
            and row.row_unit_path
            and permissions.is_process_owner(person, Unit(organisation_id=period.organisation_id,
                                                          path=row.row_unit_path))
        )


def _milestones(period) -> list[tuple[str, str]]:
    window = "–".join(_d(d) or "…" for d in (period.assessment_from, period.assessment_to))
    return [
        (_("Drafts due"), _d(period.drafts_due) or "–"),
        (_("Signing due"), _d(period.signing_due) or "–"),
        (_("Mid-year review"), _d(period.midyear_review) or "–"),
        (_("Self-evaluations due"), _d(period.self_evaluations_due) or "–"),
        (_("Assessment conversations"), window if (period.assessment_from or period.assessment_to) else "–"),
    ]


def _d(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


@login_required
def export(request):
    """The filtered list as XLSX, written row by row (openpyxl write_only) from a streamed
    query into a temporary file that is then streamed to the browser."""
    from openpyxl import Workbook

    person, scope = _scope_or_403(request)
    form, period, flt = _parse(request, scope)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_("Overview")[:31])
    ws.append([
        _("Leader"), _("Unit code"), _("Unit"), _("Superior"), _("State"), _("Next milestone"), _("Due"),
        _("Overdue"), _("Assessment conversation"), _("Input requests: answered"), _("Input requests: asked"),
        _("360: answered"), _("360: invited"),
    ])
    n = 0
    if period is not None:
        for row in overview_rows(period=period, scope=scope, flt=flt).iterator(chunk_size=2000):
            decorate(row)
            ws.append([
                row.name, row.row_unit_code or "", row.row_unit_name or "", row.superior_name or "",
                str(row.state_label), str(row.next_step_label), _d(row.next_due_date), str(row.overdue_label),
                _d(row.conversation_date), row.input_answered, row.input_invited, row.feedback_answered,
                row.feedback_invited,
            ])
            n += 1
    audit_record(action="overview.export", actor=person, organisation=person.organisation, request=request,
                 data={"period": getattr(period, "pk", None), "rows": n, "state": flt.state,
                       "unit": getattr(flt.unit, "pk", None), "overdue": flt.overdue_only})
    # Closed by FileResponse when the response has been sent (not a `with` block: it outlives this function).
    tmp = tempfile.TemporaryFile()  # noqa: SIM115
    wb.save(tmp)
    tmp.seek(0)
    name = f"oversikt-{period.name if period else ''}.xlsx".replace(" ", "-").replace("/", "-")
    return FileResponse(tmp, as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
