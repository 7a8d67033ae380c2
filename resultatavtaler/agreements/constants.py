"""Choices of the agreements domain (DESIGN.md §2–3), with translated labels."""

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Calendar year")
    HALF_YEAR = "half_year", _("Half year")


class PeriodState(models.TextChoices):
    OPEN = "open", pgettext_lazy("agreement period state", "Open")
    CLOSED = "closed", _("Closed")


class ParticipantSource(models.TextChoices):
    AUTO = "auto", _("Leader with personnel responsibility")
    ADDED = "added", _("Added by the process owner")


class ParticipationRuleKind(models.TextChoices):
    PERSON = "person", _("A named person")
    UNIT_MEMBERS = "unit_members", _("Every employee of a unit")


class GoalSource(models.TextChoices):
    STRATEGY_PLAN = "strategy_plan", _("Strategy plan")
    ALLOCATION_LETTER = "allocation_letter", _("Letter of allocation (tildelingsbrev)")
    BUSINESS_PLAN = "business_plan", _("Business plan (virksomhetsplan)")
    OTHER = "other", _("Other steering document")


class Perspective(models.TextChoices):
    """Balanced scorecard perspectives (balansert målstyring) plus the professional side the
    seed names first ("faglige krav, økonomi, medarbeideroppfølging, brukerorientering")."""

    PROFESSIONAL = "professional", _("Professional")
    ECONOMY = "economy", _("Economy")
    USERS = "users", _("Users")
    INTERNAL_PROCESSES = "internal_processes", _("Internal processes")
    EMPLOYEES = "employees", _("Employees and learning")


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    SIGNED = "signed", _("Signed")
    SELF_EVALUATED = "self_evaluated", _("Self-evaluated")
    ASSESSED = "assessed", _("Assessed")
    CLOSED = "closed", _("Closed")


_state_labels: dict[tuple[str | None, str], str] = {}


def state_label(state: str) -> str:
    """The name of an agreement state in the active language (the state itself when it is not
    one). Django's `get_state_display` translates every state's name on each call to find one;
    a leader's list of agreements asks for fifty (docs/performance.md §27)."""
    key = (get_language(), state)
    label = _state_labels.get(key)
    if label is None:
        label = _state_labels[key] = str(AgreementState(state).label) if state in AgreementState.values else state
    return label


class Binds(models.TextChoices):
    LEADER = "leader", _("The leader")
    UNIT = "unit", _("The whole unit")


class CommentKind(models.TextChoices):
    REVIEW = "review", _("Review comment from the superior")
    UNIT = "unit", _("Comment from the unit on a shared draft")
    DISCUSSION = "discussion", _("Comment")


class SignatureRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    SUPERIOR = "superior", _("Superior")


class Column(models.TextChoices):
    """The columns a requirement category shows (the seed's three table layouts)."""

    INDICATOR = "indicator", _("Indicator")
    EVALUATION = "evaluation", _("Evaluation")
    ELEMENTS = "elements", _("Elements")
    SELF_EVALUATION = "self_evaluation", _("Self-evaluation")
    SUPERIOR_ASSESSMENT = "superior_assessment", _("Superior's assessment")


class SectionPlacement(models.TextChoices):
    BEFORE_REQUIREMENTS = "before", _("Before the requirements")
    AFTER_REQUIREMENTS = "after", _("After the requirements")


class AdviceStatus(models.TextChoices):
    OK = "ok", _("OK")
    WARNING = "warning", _("Warning")


LANGUAGES = ("nb", "nn", "en")


class ExemptionBasis(models.TextChoices):
    """Legal bases for exempting a section of an agreement from public access (offentleglova).
    The printed citation is in models/exemption.py (EXEMPTION_CITATIONS)."""

    OFFL_13_FVL_13 = "offl_13_fvl_13", _("offl. § 13 jf. fvl. § 13 – personal matters (duty of confidentiality)")
    OFFL_13_OTHER = "offl_13_other", _("offl. § 13 – another duty of confidentiality (name it below)")
    OFFL_14 = "offl_14", _("offl. § 14 – internal document")
    OFFL_15 = "offl_15", _("offl. § 15 – document for internal preparation")
    OFFL_23_1 = "offl_23_1", _("offl. § 23 første ledd – negotiating position")
    OFFL_25_2 = "offl_25_2", _("offl. § 25 andre ledd – appointment and promotion cases")
    OTHER = "other", _("Another legal basis (write it below)")
