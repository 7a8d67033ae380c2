"""What the evaluations app (follow-up and assessment) offers to others — all keyword-only,
atomic, rights-checked and audited:

Measurements: `measurement_record`, `measurement_delete`, `measurements_import`.
Input requests: `input_request_create`, `input_answer_submit`, `input_request_close`,
`input_requests_close_due`, `input_results_record_view`; reminders to those asked by link only
who have not answered: `input_request_remind` (the sender's button), `input_requests_remind_due`
(the daily run).
Self-evaluation and assessment: `self_evaluation_save` (submit=True sends it), `self_evaluation_reopen`,
`conversation_schedule` (.ics to both), `assessment_save` (complete=True assesses),
`leader_feedback_save`, `assessment_acknowledge` (the second closes the agreement),
`evaluation_record_view`; the due-date rule: `self_evaluation_due`, `earliest_conversation_date`.
Mid-year: `midyear_review_record` (may call agreements' `agreement_renegotiate`).
Pay negotiations: `pay_note_save`, `pay_summary_record_view`.
Scales: `scale_create`, `scale_set_in_use` (with `scale_choice_version`, no lost updates).

The agreement's state moves only through `agreements.services.agreement_set_state`."""

from .evaluation import (
    assessment_acknowledge,
    assessment_save,
    conversation_ics_for,
    conversation_schedule,
    earliest_conversation_date,
    edit_version,
    evaluation_record_view,
    evaluation_requirements,
    leader_feedback_save,
    loaded_assessment,
    self_evaluation_due,
    self_evaluation_is_late,
    self_evaluation_reopen,
    self_evaluation_save,
)
from .input_requests import (
    input_answer_submit,
    input_request_close,
    input_request_create,
    input_request_remind,
    input_request_reminder_blocked,
    input_requests_close_due,
    input_requests_remind_due,
    input_results_record_view,
    invitation_status,
    refusal,
    token_hash,
    unit_employees,
)
from .measurements import ImportReport, measurement_delete, measurement_record, measurements_import
from .other import (
    midyear_review_record,
    pay_note_save,
    pay_summary_record_view,
    scale_choice_version,
    scale_create,
    scale_set_in_use,
)

__all__ = [
    "ImportReport",
    "assessment_acknowledge",
    "assessment_save",
    "edit_version",
    "conversation_ics_for",
    "conversation_schedule",
    "earliest_conversation_date",
    "evaluation_record_view",
    "evaluation_requirements",
    "input_answer_submit",
    "input_request_close",
    "input_request_create",
    "input_request_remind",
    "input_request_reminder_blocked",
    "input_requests_close_due",
    "input_requests_remind_due",
    "input_results_record_view",
    "invitation_status",
    "leader_feedback_save",
    "measurement_delete",
    "measurement_record",
    "measurements_import",
    "midyear_review_record",
    "pay_note_save",
    "pay_summary_record_view",
    "refusal",
    "scale_choice_version",
    "scale_create",
    "scale_set_in_use",
    "loaded_assessment",
    "self_evaluation_due",
    "self_evaluation_is_late",
    "self_evaluation_reopen",
    "self_evaluation_save",
    "token_hash",
    "unit_employees",
]
