"""The agreement pages (DESIGN.md §8), server-rendered and usable without JavaScript:
agreement.py (my agreements, start, the agreement page, workflow, history and diffs),
editing.py (sections, requirements, indicators, publication), review.py (the superior),
unit.py (employees), alignment.py, admin.py (process owners), common_requirements.py. page.py builds what the
agreement page shows; _common.py holds the helpers they share."""

from .admin import (
    admin_index,
    advice_settings,
    goal_delete,
    goal_edit,
    goals,
    period_detail,
    period_new,
    period_participants,
    template_copy,
    template_edit,
    templates,
)
from .agreement import (
    agreement_action,
    agreement_changes,
    agreement_detail,
    agreement_diff,
    agreement_history,
    agreement_list,
    agreement_renegotiate,
    agreement_start_for,
    agreement_start_view,
)
from .alignment import alignment
from .common_requirements import (
    common_requirement_delete,
    common_requirement_edit,
    common_requirements,
    common_requirements_adopt,
)
from .editing import (
    indicator_add,
    indicator_edit,
    indicator_remove,
    publication,
    requirement_add,
    requirement_edit,
    requirement_move,
    requirement_remove,
    section_edit,
)
from .review import review, to_review
from .unit import unit_agreements

__all__ = [
    "admin_index",
    "advice_settings",
    "agreement_action",
    "agreement_changes",
    "agreement_detail",
    "agreement_diff",
    "agreement_history",
    "agreement_list",
    "agreement_renegotiate",
    "agreement_start_for",
    "agreement_start_view",
    "alignment",
    "common_requirement_delete",
    "common_requirement_edit",
    "common_requirements",
    "common_requirements_adopt",
    "goal_delete",
    "goal_edit",
    "goals",
    "indicator_add",
    "indicator_edit",
    "indicator_remove",
    "period_detail",
    "period_new",
    "period_participants",
    "publication",
    "requirement_add",
    "requirement_edit",
    "requirement_move",
    "requirement_remove",
    "review",
    "section_edit",
    "template_copy",
    "template_edit",
    "templates",
    "to_review",
    "unit_agreements",
]
