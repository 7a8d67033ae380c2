"""Retention: how long each kind of record is kept, and the job that deletes what is due
(`manage.py apply_retention`, daily from cron or a systemd timer; docs/privacy.md).

Periods come from `settings.RETENTION` ({record type: {"years": n} or {"days": n}}, and for the
stored files of background jobs also {"hours": n}), over the defaults below. Whole years and days
are counted back from the start of the day the job runs for; hours from the moment it runs (with
`today` set to another day: from the start of that day).

Each record type is deleted in its own transaction together with one audit event per organisation
that says how many records (or stored files) went, and a system event for records that belong to
no organisation, so the log shows that retention ran and what it did — never what the deleted
records said. The audit log itself is trimmed only through `audit_purge`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from resultatavtaler.audit.services import audit_purge, audit_record

DEFAULT_RETENTION: dict[str, dict[str, int]] = {
    # Agreements with their versions, signatures, comments, self-evaluations, assessments,
    # mid-year reviews, pay notes, input requests and measurements: after the period ends.
    "agreements": {"years": 5},
    # Anonymous 360 responses and answer drafts: after the round closes (the frozen profile stays).
    "feedback_responses": {"years": 2},
    # Anonymous answers to input requests: after the request closes (aggregated results stay).
    "input_answers": {"years": 2},
    # 360 rounds with profile, development plan and invitations: after the round closes.
    "feedback_rounds": {"years": 5},
    "notifications": {"years": 1},
    # The uploaded HR export (everyone in it) and the uploader's address, held by an import job:
    # as soon as the job no longer needs them. The period counts from then: a finished import's
    # end, a clean preview's end plus the time it waits for its uploader's confirmation
    # (PREVIEW_KEPT_FOR, organisations/importer/jobs.py), or, for a job the worker never finished,
    # the moment it is taken as stopped (RUNNING_GIVE_UP; the job is marked failed).
    "import_files": {"hours": 0},
    # Import jobs with their reports (up to 500 people named with what changed for each): after
    # the upload. A quarter lets the HR adviser look back over the last imports and answer
    # questions about what they changed; the audit log keeps each import's counts and file name.
    "import_jobs": {"days": 90},
    # Documents made for download (a lederprofil PDF): the file, after it was made (reports/jobs.py
    # KEPT_FOR), and the job rows, which say who asked for which document, after they were asked.
    "document_files": {"hours": 1},
    "document_jobs": {"days": 7},
    # People who have left (inactive): after they left, when nothing kept still names them.
    "inactive_persons": {"years": 2},
    # Background task results (may hold e-mail addresses): after they finished.
    "task_results": {"days": 30},
    # Login attempts and login/logout records with addresses (django-axes).
    "login_records": {"years": 1},
    # Expired sessions.
    "sessions": {"days": 0},
    # The audit log, through the one controlled purge path.
    "audit_events": {"years": 10},
}


# Record types whose period may be given in hours (stored files, whose rules compare moments).
HOURLY = frozenset({"import_files", "document_files"})


def retention_periods() -> dict[str, dict[str, int]]:
    periods = {k: dict(v) for k, v in DEFAULT_RETENTION.items()}
    for key, value in (getattr(settings, "RETENTION", None) or {}).items():
        if key not in periods:
            raise ValueError(f"RETENTION: unknown record type {key!r}")
        if "hours" in value and (key not in HOURLY or "years" in value):
            raise ValueError(f"RETENTION: {key!r} is counted in years or days")
        periods[key] = dict(value)
    return periods


def cutoff_date(today: datetime.date, period: dict[str, int]) -> datetime.date:
    """`today` minus the period; 29 February minus whole years is 28 February."""
    years, days = int(period.get("years", 0)), int(period.get("days", 0))
    y = today.year - years
    try:
        d = today.replace(year=y)
    except ValueError:
        d = today.replace(year=y, day=28)
    return d - datetime.timedelta(days=days)


def cutoff_for(today: datetime.date, moment: datetime.datetime, period: dict[str, int]) -> datetime.date:
    """A period in hours (and days) counts back from `moment`, to the second; others from `today`."""
    if "hours" not in period:
        return cutoff_date(today, period)
    back = datetime.timedelta(days=int(period.get("days", 0)), hours=int(period["hours"]))
    return timezone.localtime(moment - back).replace(microsecond=0)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _moment(cutoff: datetime.date) -> datetime.datetime:
    """The cutoff as a moment: itself if it is one, else the start of that day."""
    return cutoff if isinstance(cutoff, datetime.datetime) else _start_of(cutoff)


@dataclass
class Outcome:
    record_type: str
    cutoff: datetime.date
    deleted: int = 0
    postponed: int = 0  # due, but still named by a record that is kept (inactive persons)
    per_organisation: Counter = field(default_factory=Counter)


# --- the rules: each returns (records due, how to delete them) --------------------------------


def _agreements(cutoff, dry_run, outcome):
    from resultatavtaler.agreements.models import Agreement

    due = Agreement.objects.filter(period__end__lt=cutoff)
    outcome.per_organisation.update(due.values_list("organisation_id", flat=True))
    if not dry_run:
        # The version in force is protected while the agreement names it; both go together.
        due.update(in_force_version=None, started_from=None)
        Agreement.objects.filter(started_from__in=due).update(started_from=None)
        due.delete()


def _feedback_responses(cutoff, dry_run, outcome):
    from resultatavtaler.feedback.models import AnswerDraft, Response

    when = _start_of(cutoff)
    due = Response.objects.filter(round__closed_at__lt=when)
    outcome.per_organisation.update(due.values_list("round__organisation_id", flat=True))
    if not dry_run:
        due.delete()
        AnswerDraft.objects.filter(invitation__round__closed_at__lt=when).delete()


def _input_answers(cutoff, dry_run, outcome):
    from resultatavtaler.evaluations.models import InputAnswer

    due = InputAnswer.objects.filter(request__closed_at__lt=_start_of(cutoff))
    outcome.per_organisation.update(due.values_list("request__organisation_id", flat=True))
    if not dry_run:
        due.delete()


def _feedback_rounds(cutoff, dry_run, outcome):
    from resultatavtaler.feedback.models import FeedbackRound

    when = _start_of(cutoff)
    due = FeedbackRound.objects.filter(
        Q(closed_at__lt=when) | Q(state="cancelled", closed_at__isnull=True, created_at__lt=when)
    )
    outcome.per_organisation.update(due.values_list("organisation_id", flat=True))
    if not dry_run:
        due.delete()


def _notifications(cutoff, dry_run, outcome):
    from resultatavtaler.notifications.models import Notification, ReminderLog

    when = _start_of(cutoff)
    due = Notification.objects.filter(created_at__lt=when)
    outcome.per_organisation.update(due.values_list("organisation_id", flat=True))
    logs = ReminderLog.objects.filter(created_at__lt=when)
    outcome.per_organisation.update(logs.values_list("organisation_id", flat=True))
    if not dry_run:
        due.delete()
        logs.delete()


def _import_files(cutoff, dry_run, outcome):
    from resultatavtaler.lib.jobs import RUNNING_GIVE_UP, JobStatus
    from resultatavtaler.organisations.importer.jobs import PREVIEW_KEPT_FOR
    from resultatavtaler.organisations.models import ImportJob

    when = _moment(cutoff)
    held = ImportJob.objects.filter(Q(data__isnull=False) | Q(ip_address__isnull=False))
    # A clean preview keeps its file for its uploader's confirmation; every other finished job
    # has used its file (the job drops it itself when it ends; this is the scheduled backstop).
    waits = Q(dry_run=True, status=JobStatus.DONE)
    finished = held.filter(finished_at__isnull=False).filter(
        (~waits & Q(finished_at__lt=when)) | (waits & Q(finished_at__lt=when - PREVIEW_KEPT_FOR))
    )
    # A job the worker never finished (it stopped, or never ran) will not need its file either.
    stopped = held.filter(finished_at__isnull=True).filter(
        Q(status=JobStatus.RUNNING, started_at__lt=when - RUNNING_GIVE_UP)
        | Q(status=JobStatus.QUEUED, created_at__lt=when - RUNNING_GIVE_UP)
    )
    outcome.per_organisation.update(finished.values_list("organisation_id", flat=True))
    if dry_run:
        outcome.per_organisation.update(stopped.values_list("organisation_id", flat=True))
        return
    finished.update(data=None, ip_address=None)
    for job in stopped.only("pk", "organisation_id", "status", "language"):
        with translation.override(job.language or None):
            if job.status == JobStatus.RUNNING:
                message = _("The import was interrupted. Nothing was saved. Upload the file again.")
            else:
                message = _(
                    "The import did not start in time, so its file is no longer kept. Nothing was saved. "
                    "Upload the file again."
                )
        # Only if the worker has not moved it meanwhile (it claims and ends jobs by their status).
        if ImportJob.objects.filter(pk=job.pk, status=job.status, finished_at__isnull=True).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), message=message, data=None, ip_address=None
        ):
            outcome.per_organisation[job.organisation_id] += 1


def _import_jobs(cutoff, dry_run, outcome):
    from resultatavtaler.organisations.models import ImportJob

    due = ImportJob.objects.filter(created_at__lt=_moment(cutoff))
    outcome.per_organisation.update(due.values_list("organisation_id", flat=True))
    if not dry_run:
        due.defer("data", "report").delete()


def _document_files(cutoff, dry_run, outcome):
    from resultatavtaler.reports.models import DocumentJob

    due = DocumentJob.objects.filter(content__isnull=False, finished_at__lt=_moment(cutoff))
    outcome.per_organisation.update(due.values_list("organisation_id", flat=True))
    if not dry_run:
        due.update(content=None)


def _document_jobs(cutoff, dry_run, outcome):
    from resultatavtaler.reports.models import DocumentJob

    due = DocumentJob.objects.filter(created_at__lt=_moment(cutoff))
    outcome.per_organisation.update(due.values_list("organisation_id", flat=True))
    if not dry_run:
        due.defer("content").delete()


def _inactive_persons(cutoff, dry_run, outcome):
    from django.contrib.auth import get_user_model

    from resultatavtaler.organisations.models import Person

    due = Person.objects.filter(is_active=False, left_at__isnull=False, left_at__lt=_start_of(cutoff))
    for person in due.order_by("pk"):
        try:
            with transaction.atomic():  # a savepoint: a person still named elsewhere stays
                user_id = person.user_id
                person.delete()
                if user_id:
                    get_user_model().objects.filter(pk=user_id).delete()
                if dry_run:
                    transaction.set_rollback(True)
        except (ProtectedError, RestrictedError):
            outcome.postponed += 1
            continue
        outcome.per_organisation[person.organisation_id] += 1


def _task_results(cutoff, dry_run, outcome):
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    due = model.objects.filter(finished_at__isnull=False, finished_at__lt=_start_of(cutoff))
    outcome.per_organisation[None] += due.count()
    if not dry_run:
        due.delete()


def _login_records(cutoff, dry_run, outcome):
    from django.apps import apps

    if not apps.is_installed("axes"):
        return
    when = _start_of(cutoff)
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        due = apps.get_model("axes", name).objects.filter(attempt_time__lt=when)
        outcome.per_organisation[None] += due.count()
        if not dry_run:
            due.delete()


def _sessions(cutoff, dry_run, outcome):
    from django.contrib.sessions.models import Session

    due = Session.objects.filter(expire_date__lt=_start_of(cutoff))
    outcome.per_organisation[None] += due.count()
    if not dry_run:
        due.delete()


def _audit_events(cutoff, dry_run, outcome):
    from resultatavtaler.audit.models import AuditEvent

    when = _start_of(cutoff)
    last_old = AuditEvent.objects.filter(created_at__lt=when).order_by("-id").only("id").first()
    if last_old is None:
        return
    # audit_purge deletes the oldest part of the chain: everything up to the newest old event.
    outcome.per_organisation[None] += AuditEvent.objects.filter(id__lte=last_old.id).count()
    if not dry_run:
        audit_purge(before=when, reason=f"retention: audit events before {cutoff.isoformat()}")


RULES = {
    "agreements": _agreements,
    "feedback_responses": _feedback_responses,
    "input_answers": _input_answers,
    "feedback_rounds": _feedback_rounds,
    "notifications": _notifications,
    "import_files": _import_files,
    "import_jobs": _import_jobs,
    "document_files": _document_files,
    "document_jobs": _document_jobs,
    "inactive_persons": _inactive_persons,
    "task_results": _task_results,
    "login_records": _login_records,
    "sessions": _sessions,
    "audit_events": _audit_events,
}


def apply_retention(*, today: datetime.date | None = None, dry_run: bool = False, only=None) -> list[Outcome]:
    """Delete what is due on `today` (default: today in Europe/Oslo); with `dry_run`, count it.

    Periods in hours count from now when the run is for today, else from the start of `today`."""
    from resultatavtaler.organisations.models import Organisation

    now = timezone.now()
    if today is None or today == timezone.localdate(now):
        today, moment = timezone.localdate(now), now
    else:
        moment = _start_of(today)
    outcomes = []
    for record_type, period in retention_periods().items():
        if only and record_type not in only:
            continue
        outcome = Outcome(record_type=record_type, cutoff=cutoff_for(today, moment, period))
        with transaction.atomic():
            RULES[record_type](outcome.cutoff, dry_run, outcome)
            outcome.deleted = sum(outcome.per_organisation.values())
            if not dry_run and record_type != "audit_events" and (outcome.deleted or outcome.postponed):
                organisations = Organisation.objects.in_bulk([k for k in outcome.per_organisation if k])
                for org_id, count in outcome.per_organisation.items():
                    audit_record(
                        action="privacy.retention",
                        organisation=organisations.get(org_id) if org_id else None,
                        data={
                            "record_type": record_type,
                            "deleted": count,
                            "cutoff": outcome.cutoff.isoformat(),
                            "today": today.isoformat(),
                        },
                    )
                if outcome.postponed:
                    audit_record(
                        action="privacy.retention_postponed",
                        data={"record_type": record_type, "postponed": outcome.postponed,
                              "cutoff": outcome.cutoff.isoformat()},
                    )
        outcomes.append(outcome)
    return outcomes
