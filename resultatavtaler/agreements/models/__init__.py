from .agreement import AdviceSetting, Agreement, AgreementVersion, Comment, Indicator, Requirement, Signature
from .exemption import EXEMPTION_CITATIONS, SectionExemption
from .period import Goal, ParticipationRule, Period, PeriodParticipant
from .template import CommonRequirement, Template, TemplateVersion, localized

__all__ = [
    "AdviceSetting",
    "Agreement",
    "AgreementVersion",
    "Comment",
    "CommonRequirement",
    "Goal",
    "Indicator",
    "ParticipationRule",
    "Period",
    "PeriodParticipant",
    "Requirement",
    "SectionExemption",
    "EXEMPTION_CITATIONS",
    "Signature",
    "Template",
    "TemplateVersion",
    "localized",
]
