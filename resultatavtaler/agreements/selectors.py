"""Reads of agreements that pages, the home page and other apps share: what a person may
see, the published parts, the diff between versions, cascade coverage and the alignment
tree (each a fixed number of queries)."""

import operator
from dataclasses import dataclass, field, fields
from functools import reduce

from django.db import connection
from django.db.models import Lookup, Q, QuerySet

from resultatavtaler.accounts import permissions
from resultatavtaler.organisations.models import Organisation, Person, Unit

from .constants import AgreementState
from .models import Agreement, AgreementVersion, Goal, Period, Requirement


def agreements_led_by(person: Person) -> QuerySet[Agreement]:
    return Agreement.objects.filter(organisation_id=person.organisation_id, leader=person).select_related(
        "period", "unit", "superior"
    )


def agreements_supervised_by(person: Person) -> QuerySet[Agreement]:
    return Agreement.objects.filter(organisation_id=person.organisation_id, superior=person).select_related(
        "period", "unit", "leader"
    )


# Ids go to the database as a list up to this many, beyond it as a subquery.
MAX_LISTED_IDS = 5000


class _Checked(Lookup):
    """`period__checked=3`: equal, written `column + 0`, which no index answers."""

    lookup_name = "checked"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} + 0 = {rhs}", (*lhs_params, *rhs_params)


for _field in ("organisation", "period"):
    Agreement._meta.get_field(_field).register_lookup(_Checked)


def _in_period_checked(organisation_id: int, period_id: int) -> QuerySet[Agreement]:
    """The agreements of the organisation and period, for a filter whose rest (a few leaders,
    units or ids) is what finds them: organisation and period are checked on each row
    found. Given as plain columns, both databases began at the (organisation, period) index —
    statistics averaged over all the organisations promise a hundred rows — and for the largest
    organisation read its 4,700 agreements of the period to keep seventy (docs/performance.md §28)."""
    return Agreement.objects.filter(organisation__checked=organisation_id, period__checked=period_id)


def _visible_filter(person: Person) -> tuple[Q, bool]:
    """The filter of the agreements whose content the person may see, and whether it is the
    whole organisation (an organisation-wide process owner). At most two statements: the
    reader's grants and led units (shared with the request's permission checks) and the units of
    those subtrees."""
    from resultatavtaler.organisations.constants import GrantedRole

    q = Q(leader=person) | Q(superior=person)
    paths = list(permissions.led_unit_paths(person))
    whole = False
    for path in permissions.role_scopes(person, GrantedRole.PROCESS_OWNER):
        if path is None:
            whole = True
        else:
            paths.append(path)
    if whole:
        return q | Q(pk__isnull=False), True
    if paths:
        # The subtrees' units by their path (its LIKE index), never a join on the unit: with the
        # join inside an OR, PostgreSQL read every unit of the state to test the path. Read as a
        # list of ids, the OR becomes one PostgreSQL answers from the indexes on leader, superior
        # and unit together; as a subquery it guessed two units where a leader's subtree has
        # dozens, and scanned all of a period's agreements against every person of the state. A
        # subtree too big for a list stays a subquery.
        units = Unit.objects.filter(organisation_id=person.organisation_id).filter(
            reduce(operator.or_, (Q(path__startswith=path) for path in paths))
        )
        ids = list(units.order_by().values_list("pk", flat=True)[: MAX_LISTED_IDS + 1])
        q |= Q(unit_id__in=ids) if len(ids) <= MAX_LISTED_IDS else Q(unit_id__in=units.values("pk"))
    return q, whole


def agreements_visible_to(person: Person) -> QuerySet[Agreement]:
    """Every agreement whose content the person may see (leader, superior, upper chain,
    process owner of the unit), for lists and overviews."""
    if person is None:
        return Agreement.objects.none()
    q, _whole = _visible_filter(person)
    return (
        Agreement.objects.filter(organisation_id=person.organisation_id)
        .filter(q)
        .select_related("period", "unit", "leader", "superior")
        .order_by("-period__start", "unit__path")
    )


# What the list of "my unit's agreement" shows of each agreement: names, not content.
_UNIT_MEMBER_FIELDS = (
    *("id", "leader", "unit", "period", "in_force_version", "template_version"),
    *("leader__name", "unit__name", "unit__depth", "period__name", "period__start"),
)


def agreement_for_unit_member(person: Person, period: Period | None = None) -> list[Agreement]:
    """The agreements of the person's own unit and the units above it that have a version in
    force (for "my unit's agreement"), newest period and nearest unit first. Their names only:
    every year's agreements of every unit above are listed, and published_parts reads the
    version and template of the one whose content is shown."""
    if person is None or person.unit_id is None:
        return []
    unit_ids = [*person.unit.ancestor_ids(), person.unit_id]
    qs = (
        Agreement.objects.filter(
            organisation_id=person.organisation_id, unit_id__in=unit_ids, in_force_version__isnull=False
        )
        .select_related("period", "unit", "leader")
        .only(*_UNIT_MEMBER_FIELDS)
    )
    if period is not None:
        qs = qs.filter(period=period)
    return [a for a in qs.order_by("-period__start", "-unit__depth") if a.leader_id != person.pk]


# --- publication ---------------------------------------------------------------------


@dataclass
class PublishedParts:
    agreement: Agreement
    version: AgreementVersion | None
    sections: list[dict] = field(default_factory=list)  # {key, heading, text}
    requirements: list[dict] = field(default_factory=list)  # snapshot rows


def published_parts(agreement: Agreement) -> PublishedParts:
    """What the unit's employees see: the public sections and requirements of the version in
    force (never of a draft revision)."""
    version = agreement.in_force_version
    if version is None:
        return PublishedParts(agreement=agreement, version=None)
    snap = version.snapshot
    tv = agreement.template_version
    headings = {s["key"]: s.get("heading", {}) for s in tv.sections}
    from .models import localized

    sections = [
        {"key": s["key"], "heading": localized(headings.get(s["key"], {})), "text": s["text"]}
        for s in snap.get("sections", [])
        if s.get("public")
    ]
    requirements = [r for r in snap.get("requirements", []) if r.get("public")]
    return PublishedParts(agreement=agreement, version=version, sections=sections, requirements=requirements)


# --- versions ------------------------------------------------------------------------

REQUIREMENT_DIFF_FIELDS = (
    "number",
    "category",
    "text",
    "binds",
    "perspective",
    "goal",
    "superior_requirement",
    "evaluation_method",
    "elements",
    "public",
    "indicators",
)


@dataclass
class FieldChange:
    field: str
    before: object
    after: object


@dataclass
class RequirementChange:
    id: int
    number: str
    text: str
    changes: list[FieldChange]


@dataclass
class VersionDiff:
    old: AgreementVersion
    new: AgreementVersion
    reason: str
    added: list[dict]
    removed: list[dict]
    changed: list[RequirementChange]
    sections_changed: list[FieldChange]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.sections_changed)


def _requirement_key(r: dict) -> int:
    # A requirement keeps its row (and id) across revisions of the same agreement.
    return r["id"]


def version_diff(old: AgreementVersion, new: AgreementVersion) -> VersionDiff:
    """Requirements added, removed and changed (field by field, before and after), and the
    text sections that changed, from `old` to `new`, with the reason given for `new`."""
    old_reqs = {_requirement_key(r): r for r in old.snapshot.get("requirements", [])}
    new_reqs = {_requirement_key(r): r for r in new.snapshot.get("requirements", [])}
    added = [r for k, r in new_reqs.items() if k not in old_reqs]
    removed = [r for k, r in old_reqs.items() if k not in new_reqs]
    changed = []
    for k, after in new_reqs.items():
        before = old_reqs.get(k)
        if before is None:
            continue
        changes = [
            FieldChange(f, before.get(f), after.get(f))
            for f in REQUIREMENT_DIFF_FIELDS
            if before.get(f) != after.get(f)
        ]
        if changes:
            changed.append(RequirementChange(id=k, number=after["number"], text=after["text"], changes=changes))
    old_sections = {s["key"]: s for s in old.snapshot.get("sections", [])}
    sections_changed = []
    for s in new.snapshot.get("sections", []):
        o = old_sections.get(s["key"], {})
        if o.get("text") != s.get("text") or o.get("public") != s.get("public"):
            sections_changed.append(FieldChange(s["key"], o, s))
    return VersionDiff(
        old=old,
        new=new,
        reason=new.reason,
        added=added,
        removed=removed,
        changed=changed,
        sections_changed=sections_changed,
    )


# --- cascade -------------------------------------------------------------------------


@dataclass
class CoverageRow:
    kind: str  # "requirement" or "goal"
    obj: object
    label: str
    carried_by: list[Requirement]

    @property
    def is_gap(self) -> bool:
        return not self.carried_by


@dataclass
class CascadeCoverage:
    agreement: Agreement
    subordinate_agreements: list[Agreement]
    rows: list[CoverageRow]

    @property
    def gaps(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.is_gap]


# What the coverage reads of the subordinates' agreements and of the requirements that carry the
# superior's: the review page shows the count of the one and the number, text and leader of the
# other. Reading the whole rows (the agreements' sections, the requirements' elements and
# evaluation methods, every column of the leaders) cost a sixth of the review page's instructions
# (docs/performance.md §27).
COVERAGE_AGREEMENT_FIELDS = ("id", "organisation_id", "period_id", "leader_id", "superior_id", "unit_id", "state")
COVERAGE_CARRIER_FIELDS = (
    "id",
    "agreement",
    "category_key",
    "position",
    "number",
    "text",
    "goal_id",
    "superior_requirement_id",
    "agreement__leader",
    "agreement__leader__name",
)


def cascade_coverage(superior_agreement: Agreement, requirements: list[Requirement] | None = None) -> CascadeCoverage:
    """For each of the superior's own requirements and each goal of the superior's unit:
    which requirements in the subordinates' agreements carry it, and which carry nothing
    (gaps). Four queries; three when `requirements` (the agreement's requirements, already
    read) are given. The subordinates' agreements and the carriers hold only the fields named
    in `COVERAGE_AGREEMENT_FIELDS` and `COVERAGE_CARRIER_FIELDS` (with each carrier's agreement
    and the leader's name)."""
    ag = superior_agreement
    if requirements is not None:
        own = sorted(
            (r for r in requirements if r.common_requirement_id is None), key=lambda r: (r.category_key, r.position)
        )
    else:
        own = list(
            Requirement.objects.filter(agreement=ag, common_requirement__isnull=True).order_by(
                "category_key", "position"
            )
        )
    goals = list(Goal.objects.filter(period_id=ag.period_id, unit_id=ag.unit_id).order_by("position", "pk"))
    subs = list(
        Agreement.objects.filter(period_id=ag.period_id, superior_id=ag.leader_id)
        .exclude(pk=ag.pk)
        .only(*COVERAGE_AGREEMENT_FIELDS)
        .order_by("unit__path")
    )
    carriers = (
        list(
            Requirement.objects.filter(agreement__in=subs)
            .filter(Q(superior_requirement__in=own) | Q(goal__in=goals))
            .select_related("agreement__leader")
            .only(*COVERAGE_CARRIER_FIELDS)
            .order_by("agreement__unit__path", "category_key", "position")
        )
        if subs
        else []
    )
    by_req: dict[int, list[Requirement]] = {}
    by_goal: dict[int, list[Requirement]] = {}
    for r in carriers:
        if r.superior_requirement_id:
            by_req.setdefault(r.superior_requirement_id, []).append(r)
        if r.goal_id:
            by_goal.setdefault(r.goal_id, []).append(r)
    rows = [CoverageRow("requirement", r, f"{r.number} {r.text}", by_req.get(r.pk, [])) for r in own]
    rows += [CoverageRow("goal", g, g.title, by_goal.get(g.pk, [])) for g in goals]
    return CascadeCoverage(agreement=ag, subordinate_agreements=subs, rows=rows)


@dataclass(frozen=True, slots=True)
class RequirementRow:
    """What the alignment tree reads of a requirement (`ALIGNMENT_REQUIREMENT_FIELDS`), as a
    plain row: a department's tree holds a few hundred, and a model instance for each cost
    more than reading them (docs/performance.md §25)."""

    pk: int
    agreement_id: int
    category_key: str
    position: int
    number: str
    text: str
    perspective: str
    goal_id: int | None
    superior_requirement_id: int | None
    common_requirement_id: int | None


@dataclass
class RequirementNode:
    requirement: RequirementRow
    children: list["RequirementNode"] = field(default_factory=list)
    has_subordinates: bool = False
    # Requirements below that carry this one, counted in the database (also those the reader
    # cannot see); None when every carrier is among `children`.
    carriers: int | None = None

    @property
    def carried_count(self) -> int:
        return len(self.children) if self.carriers is None else self.carriers

    @property
    def is_gap(self) -> bool:
        return self.has_subordinates and not self.carried_count


@dataclass
class AgreementNode:
    agreement: Agreement
    requirements: list[RequirementNode] = field(default_factory=list)
    children: list["AgreementNode"] = field(default_factory=list)
    # False for an agreement above the visible ones, shown by leader and unit only.
    visible: bool = True


@dataclass
class GoalNode:
    goal: Goal
    carried_by: list[RequirementRow] = field(default_factory=list)  # the carriers the reader may see
    children: list["GoalNode"] = field(default_factory=list)
    hidden_carriers: int = 0  # carriers in agreements the reader may not see

    @property
    def is_gap(self) -> bool:
        return not self.carried_by and not self.hidden_carriers


@dataclass
class AlignmentTree:
    period: Period
    goals: list[GoalNode]
    agreements: list[AgreementNode]
    unlinked: list[RequirementRow]  # own professional requirements linked to nothing

    @property
    def goal_gaps(self) -> list[GoalNode]:
        out, stack = [], list(self.goals)
        while stack:
            node = stack.pop()
            if node.is_gap:
                out.append(node)
            stack.extend(node.children)
        return out

    @property
    def visible_count(self) -> int:
        out, stack = 0, list(self.agreements)
        while stack:
            node = stack.pop()
            out += node.visible
            stack.extend(node.children)
        return out


@dataclass
class AlignmentReach:
    """What a reader may see of a period's agreements (DESIGN.md §1): the content of the
    agreements `agreements_visible_to` gives and of their own superior's agreement (which their
    requirements link to)."""

    reader: Person
    period: Period
    q: Q
    whole_organisation: bool  # an organisation-wide process owner
    # (id, leader id, superior id) of every agreement the reader may see, when `extent` has read
    # them (a reader who may see no more than it was asked to keep); `alignment_tree` reuses them.
    rows: list[tuple[int, int, int]] | None = field(default=None, compare=False, repr=False)

    def agreements(self, *, within: Unit | None = None, max_depth: int | None = None) -> QuerySet[Agreement]:
        if self.whole_organisation:
            qs = Agreement.objects.filter(organisation_id=self.reader.organisation_id, period=self.period)
        else:  # the reader's leaders and units find the rows
            qs = _in_period_checked(self.reader.organisation_id, self.period.pk)
        qs = qs.filter(self.q)
        if within is not None:
            qs = qs.filter(unit__path__startswith=within.path)
        if max_depth is not None:
            qs = qs.filter(unit__depth__lte=max_depth)
        return qs

    def extent(self, *, keep_up_to: int | None = None) -> tuple[int, int | None]:
        """How many agreements the reader may see in the period, and the depth of the highest
        unit among them (one query). With `keep_up_to`, the rows themselves are read, at most
        that many and one more; when they are no more, they are kept in `rows` for the tree,
        which then need not read them again (otherwise they are counted as without it)."""
        from django.db.models import Count, Min, OuterRef, Subquery

        from resultatavtaler.organisations.models import Unit

        # The depth by a lookup per visible agreement, not a join: PostgreSQL overestimated the
        # visible agreements (an OR of conditions) and hashed every unit of the state for the join.
        depth = Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).order_by().values("depth")[:1])
        if keep_up_to is not None:
            found = list(
                self.agreements()
                .order_by()
                .annotate(unit_depth=depth)
                .values_list("pk", "leader_id", "superior_id", "unit_depth")[: keep_up_to + 1]
            )
            if len(found) <= keep_up_to:
                self.rows = [(pk, leader, superior) for pk, leader, superior, _depth in found]
                return len(found), min((d for *_ids, d in found if d is not None), default=None)
        row = self.agreements().order_by().aggregate(n=Count("pk"), top=Min(depth))
        return row["n"], row["top"]


def alignment_reach(reader: Person, period: Period) -> AlignmentReach:
    """At most three statements: the reader's grants and led units (once per request), the units
    of those subtrees, and the reader's ancestors with their leaders (`superior_of`)."""
    from resultatavtaler.organisations.selectors import superior_of

    q, whole = _visible_filter(reader)
    superior = superior_of(reader)
    if superior is not None:
        q |= Q(leader=superior)
    return AlignmentReach(reader=reader, period=period, q=q, whole_organisation=whole)


def _goal_nodes(organisation_id: int, period: Period) -> tuple[dict[int, GoalNode], list[GoalNode]]:
    goals = list(
        Goal.objects.filter(organisation_id=organisation_id, period=period)
        .select_related("unit")
        .order_by("unit__path", "position", "pk")
    )
    goal_nodes = {g.pk: GoalNode(g) for g in goals}
    goal_roots = []
    for g in goals:
        if g.parent_id and g.parent_id in goal_nodes:
            goal_nodes[g.parent_id].children.append(goal_nodes[g.pk])
        else:
            goal_roots.append(goal_nodes[g.pk])
    return goal_nodes, goal_roots


def _requirement_rows(requirements: QuerySet) -> list[RequirementRow]:
    ordered = requirements.order_by("agreement_id", "category_key", "position")
    return [RequirementRow(*row) for row in ordered.values_list(*ALIGNMENT_REQUIREMENT_FIELDS)]


def _is_unlinked(r: RequirementRow) -> bool:
    return (
        not r.common_requirement_id
        and r.perspective == "professional"
        and not r.goal_id
        and not r.superior_requirement_id
    )


def _link_agreements(ag_nodes: dict[int, AgreementNode], agreements: list[Agreement]) -> list[AgreementNode]:
    by_leader = {a.leader_id: a for a in agreements}
    roots = []
    for a in agreements:
        parent = by_leader.get(a.superior_id)
        if parent is not None and parent.pk != a.pk:
            ag_nodes[parent.pk].children.append(ag_nodes[a.pk])
        else:
            roots.append(ag_nodes[a.pk])
    return roots


# What the tree and its page use of a requirement (`RequirementRow`'s fields): reading only these
# leaves out the JSON elements, the evaluation method and the timestamps of a few hundred
# requirements per page.
ALIGNMENT_REQUIREMENT_FIELDS = tuple("id" if f.name == "pk" else f.name for f in fields(RequirementRow))
# Of an agreement, its leader's name, its unit's name and its state: not its section texts (JSON),
# timestamps or superior (the tree links agreements by `superior_id`); ~70 agreements per page
# for a department's leader at the scale of the state.
ALIGNMENT_AGREEMENT_FIELDS = (
    "id", "organisation", "period", "state", "leader", "superior", "unit", "leader__name", "unit__name",
)


def alignment_tree(
    organisation: Organisation,
    period: Period,
    *,
    reader: Person | AlignmentReach | None = None,
    within: Unit | None = None,
    max_depth: int | None = None,
) -> AlignmentTree:
    """Goals → the top leader's agreement → the leaders below and their requirements, with
    the gaps (goals nobody carries, requirements no leader below carries).

    Without `reader`: the whole organisation (three queries). With `reader` (a person or their
    `alignment_reach`): the agreements whose content the reader may see — narrowed to the
    subtree of `within` and to units no deeper than `max_depth` when given — with their
    requirements, and the chain of agreements above them by leader and unit only; carriers the
    reader may not see are counted in the database, never loaded. At most seven queries (plus
    the reach's four when a person is given), however large the organisation."""
    if reader is None:
        return _whole_alignment_tree(organisation, period)
    reach = reader if isinstance(reader, AlignmentReach) else alignment_reach(reader, period)
    if reach.reader.organisation_id != organisation.pk or reach.period.pk != period.pk:
        raise ValueError("The reach belongs to another organisation or period.")
    from django.db.models import Count
    from django.db.models.expressions import RawSQL

    goal_nodes, goal_roots = _goal_nodes(organisation.pk, period)
    scoped = reach.agreements(within=within, max_depth=max_depth).order_by()
    if reach.rows is not None and within is None and max_depth is None:
        rows = reach.rows  # read by `extent`
    else:
        rows = list(scoped.values_list("pk", "leader_id", "superior_id"))
    visible_ids = {pk for pk, _leader, _superior in rows}
    leader_ids = {leader for _pk, leader, _superior in rows}
    # The superiors whose agreements are above the visible ones (usually one or two).
    seeds = sorted({sup for _pk, _leader, sup in rows if sup not in leader_ids})
    if len(rows) <= MAX_LISTED_IDS:
        ids, leaders = sorted(visible_ids), sorted(leader_ids)
    else:  # very many: the database applies the filter again rather than take a long list
        ids, leaders = scoped.values("pk"), scoped.values("leader_id")
    where = Q(pk__in=ids)
    if seeds:
        if len(seeds) <= MAX_LISTED_IDS:
            seeds_sql, seeds_params = ", ".join(["%s"] * len(seeds)), tuple(seeds)
        else:
            seeds_sql, seeds_params = scoped.values("superior_id").query.sql_with_params()
        table = Agreement._meta.db_table
        # Their agreements, and so on up (one recursive query; UNION stops at a cycle).
        # Only the model's own table name, %s placeholders and a subquery Django compiled go into
        # the text; every value is a parameter.
        chain_sql = (
            f"WITH RECURSIVE chain(id, superior_id) AS ("  # noqa: S608  # nosec B608
            f" SELECT id, superior_id FROM {table}"
            f"  WHERE organisation_id = %s AND period_id = %s AND leader_id IN ({seeds_sql})"
            f" UNION"
            f" SELECT a.id, a.superior_id FROM {table} a JOIN chain c ON a.leader_id = c.superior_id"
            f"  WHERE a.organisation_id = %s AND a.period_id = %s"
            f") SELECT id FROM chain"
        )
        chain_params = (organisation.pk, period.pk, *seeds_params, organisation.pk, period.pk)
        if isinstance(ids, list):
            # Read the chain first and ask for one list of ids: "in the list OR in the chain"
            # made PostgreSQL read the whole period's agreements and hash every unit.
            with connection.cursor() as cursor:
                cursor.execute(chain_sql, chain_params)
                where = Q(pk__in=sorted({*ids, *(row[0] for row in cursor.fetchall())}))
        else:
            where |= Q(pk__in=RawSQL(chain_sql, chain_params))  # noqa: S611  # nosec B611
    # Listed ids and leaders find their rows by their own indexes (not when they are subqueries).
    in_period = (
        _in_period_checked(organisation.pk, period.pk)
        if isinstance(ids, list)
        else Agreement.objects.filter(organisation=organisation, period=period)
    )
    agreements = (
        list(
            in_period.filter(where)
            .select_related("leader", "unit")
            .only(*ALIGNMENT_AGREEMENT_FIELDS)
            .order_by("unit__path")
        )
        if rows
        else []
    )
    requirements = _requirement_rows(Requirement.objects.filter(agreement__in=ids)) if rows else []
    # Links are validated to stay within the organisation and the period (services), so the
    # counts need no join to the agreements.
    carriers = (
        dict(
            Requirement.objects.filter(superior_requirement__agreement__in=ids)
            .order_by()
            .values("superior_requirement_id")
            .annotate(n=Count("pk"))
            .values_list("superior_requirement_id", "n")
        )
        if rows
        else {}
    )
    goal_carriers = (
        dict(
            Requirement.objects.filter(goal_id__in=list(goal_nodes))
            .order_by()
            .values("goal_id")
            .annotate(n=Count("*"))  # COUNT(*): the goal index alone answers it (index-only scan)
            .values_list("goal_id", "n")
        )
        if goal_nodes
        else {}
    )
    has_subs = (
        set(
            in_period.filter(superior_id__in=leaders)
            .order_by()
            .values_list("superior_id", flat=True)
            .distinct()
        )
        if rows
        else set()
    )
    for a in agreements:
        a.shown = a.pk in visible_ids

    ag_nodes = {a.pk: AgreementNode(a, visible=a.shown) for a in agreements}
    req_nodes = {r.pk: RequirementNode(r, carriers=carriers.get(r.pk, 0)) for r in requirements}
    unlinked = []
    for r in requirements:
        node = req_nodes[r.pk]
        owner = ag_nodes.get(r.agreement_id)
        if owner is None:  # changed between the two reads
            continue
        node.has_subordinates = owner.agreement.leader_id in has_subs and not r.common_requirement_id
        owner.requirements.append(node)
        if r.superior_requirement_id in req_nodes:
            req_nodes[r.superior_requirement_id].children.append(node)
        if r.goal_id in goal_nodes:
            goal_nodes[r.goal_id].carried_by.append(r)
        if _is_unlinked(r):
            unlinked.append(r)
    for goal_id, node in goal_nodes.items():
        node.hidden_carriers = max(0, goal_carriers.get(goal_id, 0) - len(node.carried_by))
    roots = _link_agreements(ag_nodes, agreements)
    return AlignmentTree(period=period, goals=goal_roots, agreements=roots, unlinked=unlinked)


def _whole_alignment_tree(organisation: Organisation, period: Period) -> AlignmentTree:
    """Every agreement and requirement of the period in the organisation. Three queries."""
    goal_nodes, goal_roots = _goal_nodes(organisation.pk, period)
    agreements = list(
        Agreement.objects.filter(organisation=organisation, period=period)
        .select_related("leader", "unit")
        .only(*ALIGNMENT_AGREEMENT_FIELDS)
        .order_by("unit__path")
    )
    requirements = _requirement_rows(Requirement.objects.filter(agreement__in=agreements)) if agreements else []

    by_leader = {a.leader_id for a in agreements}
    ag_nodes = {a.pk: AgreementNode(a) for a in agreements}
    has_subs = {a.superior_id for a in agreements if a.superior_id in by_leader}
    req_nodes = {r.pk: RequirementNode(r) for r in requirements}
    unlinked = []
    for r in requirements:
        node = req_nodes[r.pk]
        node.has_subordinates = ag_nodes[r.agreement_id].agreement.leader_id in has_subs and not r.common_requirement_id
        ag_nodes[r.agreement_id].requirements.append(node)
        if r.superior_requirement_id in req_nodes:
            req_nodes[r.superior_requirement_id].children.append(node)
        if r.goal_id in goal_nodes:
            goal_nodes[r.goal_id].carried_by.append(r)
        if _is_unlinked(r):
            unlinked.append(r)
    roots = _link_agreements(ag_nodes, agreements)
    return AlignmentTree(period=period, goals=goal_roots, agreements=roots, unlinked=unlinked)


# --- home and lists ------------------------------------------------------------------

OPEN_STATES = (AgreementState.DRAFT, AgreementState.IN_REVIEW)


def can_see(person: Person, agreement: Agreement) -> bool:
    return permissions.can_view_agreement(person, agreement)
