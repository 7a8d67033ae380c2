"""Request and response shapes of the integration API (pydantic, through django-ninja).
The OpenAPI schema at /api/v1/openapi.json is generated from these."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

# Text from clients: no control characters (they cannot be stored in PostgreSQL text and
# never belong in a name or code). Tab and newline are refused too: these are one-line values.
_NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
Line = Annotated[str, Field(max_length=1000, pattern=_NO_CONTROL)]
MAX_ID = 2**63 - 1


def _iso_date_only(value):
    """A date as 2026-11-28 (or a date object), never a number: pydantic would otherwise read
    0 as 1970-01-01 (a Unix time)."""
    if isinstance(value, datetime.date) or (
        isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"
    ):
        return value
    raise ValueError("date")


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]

AgreementStateName = Literal["draft", "in_review", "signed", "self_evaluated", "assessed", "closed"]


class FieldError(Schema):
    field: str = Field(
        description='Where: "rows.3.email" (index in the list, then the field); empty for the whole request.'
    )
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None


# --- who am I ---------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    name: str
    org_number: str


class MeOut(Schema):
    organisation: OrganisationOut
    kind: Literal["token", "session"]
    token_name: str | None = None
    scope: Literal["read", "write"] | None = None
    person_id: int | None = None
    person_name: str | None = None


# --- HR: units and people ------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    leader_employee_id: str | None
    depth: int


class UnitPage(Schema):
    items: list[UnitOut]
    next: str | None = Field(description="The URL of the next page; null on the last page.")


class PersonOut(Schema):
    id: int
    employee_id: str
    name: str
    email: str
    title: str
    unit_code: str | None
    is_active: bool
    left_at: datetime.date | None
    updated_at: datetime.datetime


class PersonPage(Schema):
    items: list[PersonOut]
    next: str | None


class HrRow(Schema):
    """One person, with the columns of the HR file (docs/import.md)."""

    employee_id: Line = Field(description="ansattnummer: the key of the person in every import")
    name: Line = Field(description="navn")
    email: Line = Field("", description="epost; may be empty")
    title: Line | None = Field(
        None, description="stillingstittel; leave it out on every row to keep titles as they are"
    )
    unit_code: Line = Field(description="enhetskode")
    unit_name: Line = Field("", description="enhetsnavn; required on one row when the unit is new")
    parent_unit_code: Line = Field("", description="overordnet_enhetskode; empty for the top unit")
    is_leader: bool = Field(False, description="leder: the person leads the unit in unit_code")


class HrUpsertIn(Schema):
    rows: list[HrRow] = Field(min_length=1, max_length=60_000)
    dry_run: bool = Field(False, description="Check and report, write nothing.")
    partial: bool = Field(
        True,
        description="true (default): people not in rows are left alone. false: rows are a full export and "
        "everyone else is marked as having left, as for the file import.",
    )


class ChangeOut(Schema):
    kind: Literal["person", "unit"]
    action: Literal["created", "updated", "deactivated"]
    key: str
    name: str
    detail: str
    index: int | None = Field(description="The index in rows; null for a person or unit not in rows.")


class ImportCounts(Schema):
    rows: int
    persons_created: int
    persons_updated: int
    persons_unchanged: int
    persons_deactivated: int
    units_created: int
    units_updated: int
    units_unchanged: int
    errors: int


class HrUpsertOut(Schema):
    dry_run: bool
    partial: bool
    counts: ImportCounts
    warnings: list[str]
    changes: list[ChangeOut]


# --- periods and progress ------------------------------------------------------------------


class PeriodOut(Schema):
    id: int
    name: str
    kind: str
    state: str
    start: datetime.date
    end: datetime.date
    drafts_due: datetime.date | None
    signing_due: datetime.date | None
    midyear_review: datetime.date | None
    self_evaluations_due: datetime.date | None
    assessment_from: datetime.date | None
    assessment_to: datetime.date | None


class PeriodPage(Schema):
    items: list[PeriodOut]
    next: str | None


class PersonRef(Schema):
    id: int
    employee_id: str
    name: str


class UnitRef(Schema):
    id: int
    code: str
    name: str


class PeriodRef(Schema):
    id: int
    name: str


class LeaderProgress(Schema):
    leader: PersonRef
    unit_code: str | None
    unit_name: str | None
    agreement_id: int | None
    state: str = Field(description='An agreement state, or "not_started" for a participant without an agreement.')
    state_label: str
    superior_name: str | None
    signed_at: datetime.datetime | None
    conversation_at: datetime.datetime | None
    next_step: str
    next_due: datetime.date | None
    overdue: Literal["drafts", "signing", "self_evaluation", "assessment"] | None = Field(
        description="The milestone the leader is past, if any."
    )
    overdue_label: str
    input_invited: int | None = Field(description="Input-request invitations (sessions only; null for a token).")
    input_answered: int | None
    feedback_invited: int | None = Field(description="360 invitations (sessions only; null for a token).")
    feedback_answered: int | None


class ProgressOut(Schema):
    period: PeriodOut
    counts: dict[str, int] = Field(description='Agreements per state, and "not_started" participants.')
    total: int
    leaders: list[LeaderProgress]


# --- agreements --------------------------------------------------------------------------


class AgreementOut(Schema):
    id: int
    period: PeriodRef
    leader: PersonRef
    superior: PersonRef
    unit: UnitRef
    state: AgreementStateName
    state_label: str
    shared_with_unit_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    signed_at: datetime.datetime | None
    in_force_version: int | None = Field(description="The number of the signed version in force.")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class AgreementPage(Schema):
    items: list[AgreementOut]
    next: str | None


class PublishedSection(Schema):
    key: str
    heading: str
    text: str


class PublishedOut(Schema):
    version: int | None = Field(description="The version in force the parts come from; null before signing.")
    sha256: str | None
    sections: list[PublishedSection]
    requirements: list[dict[str, Any]] = Field(description="The public requirements, as in the version's snapshot.")


class SignatureOut(Schema):
    role: Literal["leader", "superior"]
    person: PersonRef
    signed_at: datetime.datetime
    version_hash: str


class VersionOut(Schema):
    number: int
    sha256: str = Field(description="SHA-256 over number, previous_hash and the canonical snapshot.")
    previous_hash: str
    created_at: datetime.datetime
    reason: str
    in_force: bool
    signatures: list[SignatureOut]


class VersionDetailOut(VersionOut):
    snapshot: dict[str, Any] = Field(description="The signed content: canonical JSON, as hashed.")


class AgreementDetailOut(AgreementOut):
    access: Literal["full", "shared_draft", "published_parts", "record"] = Field(
        description="What the caller sees: the whole agreement (full), a draft shared with the unit, the parts "
        "published to the unit, or an API token's record (states, published parts and signed versions)."
    )
    content: dict[str, Any] | None = Field(
        description="The current content (as a snapshot), for full and shared_draft."
    )
    published: PublishedOut | None
    versions: list[VersionOut] | None = Field(description="Signed versions, for full and record.")


# --- measurements ------------------------------------------------------------------------


class MeasurementOut(Schema):
    id: int
    indicator: str = Field(description='The indicator\'s key, "IND-12".')
    indicator_id: int
    agreement_id: int
    date: datetime.date
    value: float
    source: str
    updated_at: datetime.datetime


class MeasurementPage(Schema):
    items: list[MeasurementOut]
    next: str | None


class MeasurementRow(Schema):
    indicator: Line = Field(
        description='The indicator\'s key as on the page: "IND-12" (or 12); or "2.1/1" '
        "(requirement number / indicator position) together with agreement."
    )
    agreement: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    date: IsoDate
    value: float | str = Field(description="A number with at most three decimals.")
    source: Annotated[str, Field(max_length=200, pattern=_NO_CONTROL)] = ""


class MeasurementPushIn(Schema):
    rows: list[MeasurementRow] = Field(min_length=1, max_length=5000)
    dry_run: bool = False


class MeasurementPushOut(Schema):
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    agreements: list[int]
