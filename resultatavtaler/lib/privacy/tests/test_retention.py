"""Retention on a fixed date: what is due goes, in one transaction per record type with an
audit event that gives the count; what is not yet due stays; a dry run deletes nothing."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from resultatavtaler.agreements.models import Agreement, AgreementVersion, Requirement
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_verify
from resultatavtaler.evaluations import services as ev_services
from resultatavtaler.evaluations.models import SelfEvaluation
from resultatavtaler.evaluations.tests.conftest import all_ratings
from resultatavtaler.feedback import services as fb_services
from resultatavtaler.feedback.constants import RaterGroup
from resultatavtaler.feedback.models import FeedbackRound, LeaderProfile, Response
from resultatavtaler.feedback.tests.helpers import answer_all, open_round
from resultatavtaler.lib.privacy.retention import apply_retention, cutoff_date
from resultatavtaler.notifications.models import Notification
from resultatavtaler.organisations.models import Person
from resultatavtaler.organisations.tests.factories import PersonFactory, UserFactory


def aware(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 12, 0))


@pytest.fixture
def records(cast, signed_2020, django_capture_on_commit_callbacks):
    ev_services.self_evaluation_save(agreement=signed_2020, actor=cast.leader, ratings=all_ratings(signed_2020),
                                     summary="Oppsummering 2020")
    old_note = Notification.objects.create(organisation=cast.organisation, person=cast.employee, kind="t",
                                           subject="Gammel", body="", url="/")
    new_note = Notification.objects.create(organisation=cast.organisation, person=cast.employee, kind="t",
                                           subject="Ny", body="", url="/")
    Notification.objects.filter(pk=old_note.pk).update(created_at=aware(2024, 5, 1))
    Notification.objects.filter(pk=new_note.pk).update(created_at=aware(2025, 12, 1))
    fr, _ = open_round(cast, django_capture_on_commit_callbacks, peers=3)
    answer_all(fr, RaterGroup.PEERS, 4, comments="Kommentar")
    fb_services.round_close(feedback_round=fr, actor=cast.leader)
    FeedbackRound.objects.filter(pk=fr.pk).update(closed_at=aware(2023, 6, 1))
    gone = PersonFactory(organisation=cast.organisation, unit=cast.section, name="Sluttet Før",
                         user=UserFactory(username="sluttet"), is_active=False, left_at=aware(2023, 1, 1))
    recent = PersonFactory(organisation=cast.organisation, unit=cast.section, name="Sluttet Nylig",
                           is_active=False, left_at=aware(2025, 6, 1))
    # A leader who left long ago but whose agreement (kept 5 years) still names them.
    Person.objects.filter(pk=cast.other_leader.pk).update(is_active=False, left_at=aware(2022, 1, 1))
    from resultatavtaler.evaluations.tests.conftest import make_signed

    kept_agreement = make_signed(cast.other_leader, signed_2020.period)
    Agreement.objects.filter(pk=kept_agreement.pk).update(period=_period_2023(cast, signed_2020))
    return {"agreement": signed_2020, "kept_agreement": kept_agreement, "old_note": old_note, "new_note": new_note,
            "round": fr, "gone": gone, "recent": recent}


def _period_2023(cast, template_source):
    from resultatavtaler.agreements import services as ag_services

    return ag_services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2023",
        start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31),
        default_template=template_source.template_version.template,
    )


def test_cutoffs_count_whole_years_and_days():
    assert cutoff_date(datetime.date(2026, 1, 2), {"years": 5}) == datetime.date(2021, 1, 2)
    assert cutoff_date(datetime.date(2028, 2, 29), {"years": 1}) == datetime.date(2027, 2, 28)
    assert cutoff_date(datetime.date(2026, 3, 31), {"days": 30}) == datetime.date(2026, 3, 1)


def test_a_dry_run_counts_and_deletes_nothing(records):
    before = AuditEvent.objects.count()
    outcomes = {o.record_type: o for o in apply_retention(today=datetime.date(2026, 1, 2), dry_run=True)}
    assert outcomes["agreements"].deleted == 1
    assert outcomes["notifications"].deleted == 1
    assert outcomes["feedback_responses"].deleted == 3
    assert outcomes["inactive_persons"].deleted == 1 and outcomes["inactive_persons"].postponed == 1
    assert Agreement.objects.filter(pk=records["agreement"].pk).exists()
    assert Person.objects.filter(pk=records["gone"].pk).exists()
    assert Response.objects.count() == 3 and AuditEvent.objects.count() == before


def test_what_is_due_on_the_day_goes_and_the_rest_stays(records, cast):
    ag = records["agreement"]
    version_ids = list(AgreementVersion.objects.filter(agreement=ag).values_list("pk", flat=True))
    # On 31.12.2025 the 2020 agreement is not yet five years past its period's end.
    apply_retention(today=datetime.date(2025, 12, 31), only=["agreements"])
    assert Agreement.objects.filter(pk=ag.pk).exists()

    out = StringIO()
    call_command("apply_retention", "--today", "2026-01-02", stdout=out)
    text = out.getvalue()
    assert "agreements: 1 deleted (older than 2021-01-02)" in text
    assert "inactive_persons: 1 deleted" in text and "1 kept for now" in text
    # The 2020 agreement went with everything that hangs on it.
    assert not Agreement.objects.filter(pk=ag.pk).exists()
    assert not AgreementVersion.objects.filter(pk__in=version_ids).exists()
    assert not Requirement.objects.filter(agreement_id=ag.pk).exists()
    assert not SelfEvaluation.objects.filter(agreement_id=ag.pk).exists()
    assert Agreement.objects.filter(pk=records["kept_agreement"].pk).exists()
    # Notifications older than a year; responses two years after the round closed (the profile stays).
    assert list(Notification.objects.filter(subject__in=["Gammel", "Ny"]).values_list("subject", flat=True)) == ["Ny"]
    assert Response.objects.count() == 0
    assert LeaderProfile.objects.filter(round=records["round"]).exists()
    # The person who left in 2023 is gone with their login; the recent leaver and the leader
    # still named by a kept agreement stay.
    assert not Person.objects.filter(pk=records["gone"].pk).exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="sluttet").exists()
    assert Person.objects.filter(pk__in=[records["recent"].pk, cast.other_leader.pk]).count() == 2
    # Each record type that deleted anything is in the audit log with its count.
    events = {(e.data["record_type"], e.organisation_id): e.data["deleted"]
              for e in AuditEvent.objects.filter(action="privacy.retention")}
    org = cast.organisation.pk
    assert events[("agreements", org)] == 1
    assert events[("notifications", org)] == 1
    assert events[("feedback_responses", org)] == 3
    assert events[("inactive_persons", org)] == 1
    assert AuditEvent.objects.filter(action="privacy.retention_postponed").count() == 1
    assert audit_verify() is None
    # Running again the same day finds nothing more.
    outcomes = apply_retention(today=datetime.date(2026, 1, 2))
    assert sum(o.deleted for o in outcomes if o.record_type != "sessions") == 0


def test_audit_events_go_through_the_purge_path_after_ten_years(cast):
    from resultatavtaler.audit.models import AuditPurge
    from resultatavtaler.audit.services import audit_record

    audit_record(action="test.old", organisation=cast.organisation)
    n = AuditEvent.objects.count()
    today = timezone.localdate() + datetime.timedelta(days=3653 + 2)
    outcomes = {o.record_type: o for o in apply_retention(today=today, only=["audit_events"])}
    assert outcomes["audit_events"].deleted == n
    purge = AuditPurge.objects.get()
    assert purge.deleted_count == n and "retention" in purge.reason
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["audit.purged"]
    assert audit_verify() is None


def test_periods_come_from_settings(settings, cast):
    Notification.objects.create(organisation=cast.organisation, person=cast.employee, kind="t", subject="x",
                                body="", url="/")
    Notification.objects.all().delete()
    Notification.objects.create(organisation=cast.organisation, person=cast.employee, kind="t", subject="x",
                                body="", url="/")
    Notification.objects.update(created_at=aware(2025, 6, 1))
    settings.RETENTION = {"notifications": {"years": 2}}
    assert apply_retention(today=datetime.date(2026, 7, 1), only=["notifications"])[0].deleted == 0
    settings.RETENTION = {"notifications": {"days": 30}}
    assert apply_retention(today=datetime.date(2026, 7, 1), only=["notifications"])[0].deleted == 1
    settings.RETENTION = {"nonsense": {"days": 1}}
    with pytest.raises(ValueError):
        apply_retention(today=datetime.date(2026, 7, 1))


# --- background jobs: the HR import's file and report, documents made for download ------------

JOB_TYPES = ["import_files", "import_jobs", "document_files", "document_jobs"]


def _ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def _days_ago(days):
    """Noon of the local day `days` days back: periods in days count local calendar days, and a
    moment `days` times 24 hours back can fall on another local day near midnight across a
    summer-time change."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _import_job(cast, *, created=None, **fields):
    from resultatavtaler.organisations.models import ImportJob

    fields.setdefault("data", b"ansattnummer;navn\r\n1001;Sporbar Person\r\n")
    job = ImportJob.objects.create(
        organisation=cast.organisation, uploaded_by=cast.process_owner, uploaded_by_name=cast.process_owner.name,
        filename="hr.csv", sha256="0" * 64, dry_run=fields.pop("dry_run", False), language="en", **fields,
    )
    if created:
        ImportJob.objects.filter(pk=job.pk).update(created_at=created)
    return job


def _document_job(person, *, created=None, **fields):
    from resultatavtaler.reports.constants import DocumentKind
    from resultatavtaler.reports.models import DocumentJob

    job = DocumentJob.objects.create(organisation_id=person.organisation_id, requested_by=person,
                                     kind=DocumentKind.LEADER_PROFILE_PDF, object_id=1, language="en", **fields)
    if created:
        DocumentJob.objects.filter(pk=job.pk).update(created_at=created)
    return job


@pytest.fixture
def jobs(cast):
    from resultatavtaler.lib.jobs import JobStatus as S

    done = {"status": S.DONE}
    return {
        # Import files: due at once once the job no longer needs them ...
        "import_used": _import_job(cast, finished_at=_ago(minutes=2), ip_address="192.0.2.1", **done),
        "preview_expired": _import_job(cast, dry_run=True, finished_at=_ago(hours=13), ip_address="192.0.2.2",
                                       **done),
        "running_stopped": _import_job(cast, status=S.RUNNING, started_at=_ago(hours=2), created=_ago(hours=2)),
        "queued_stopped": _import_job(cast, status=S.QUEUED, created=_ago(hours=2)),
        # ... but not while a clean preview waits for its uploader or a job waits for the worker.
        "preview_waiting": _import_job(cast, dry_run=True, finished_at=_ago(hours=1), **done),
        "queued_now": _import_job(cast, status=S.QUEUED),
        # Import job rows with their reports after 90 days.
        "import_old": _import_job(cast, data=None, finished_at=_days_ago(91), created=_days_ago(91),
                                  report={"changes": [{"name": "Sporbar Person"}]}, **done),
        "import_recent": _import_job(cast, data=None, finished_at=_days_ago(89), created=_days_ago(89), **done),
        # Documents: the file after an hour, the row after 7 days.
        "doc_fresh": _document_job(cast.leader, content=b"%PDF fresh", finished_at=_ago(minutes=10), **done),
        "doc_file_old": _document_job(cast.leader, content=b"%PDF old", finished_at=_ago(hours=2), **done),
        "doc_file_old_outsider": _document_job(cast.outsider, content=b"%PDF x", finished_at=_ago(hours=2), **done),
        "doc_row_old": _document_job(cast.leader, finished_at=_days_ago(8), created=_days_ago(8), **done),
        "doc_row_recent": _document_job(cast.leader, finished_at=_days_ago(6), created=_days_ago(6), **done),
    }


def _import_state(job):
    from resultatavtaler.organisations.models import ImportJob

    row = ImportJob.objects.filter(pk=job.pk).values("data", "ip_address", "status").first()
    return row and (row["data"] is not None, row["ip_address"], row["status"])


def _document_state(job):
    from resultatavtaler.reports.models import DocumentJob

    row = DocumentJob.objects.filter(pk=job.pk).values("content").first()
    return row and row["content"] is not None


def test_a_dry_run_counts_the_jobs_files_and_rows_and_deletes_nothing(jobs):
    before = ({k: _import_state(j) for k, j in jobs.items() if not k.startswith("doc")},
              {k: _document_state(j) for k, j in jobs.items() if k.startswith("doc")})
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("apply_retention", "--dry-run", "--only", *JOB_TYPES, stdout=out)
    text = out.getvalue()
    assert "import_files: 4 due" in text and "import_jobs: 1 due" in text
    assert "document_files: 2 due" in text and "document_jobs: 1 due" in text
    assert "Dry run: nothing was deleted." in text
    after = ({k: _import_state(j) for k, j in jobs.items() if not k.startswith("doc")},
             {k: _document_state(j) for k, j in jobs.items() if k.startswith("doc")})
    assert after == before and AuditEvent.objects.count() == events


def test_job_files_go_at_once_and_job_rows_after_their_period(jobs, cast):
    from resultatavtaler.lib.jobs import JobStatus
    from resultatavtaler.organisations.importer.jobs import import_job_awaits_confirmation, import_job_run
    from resultatavtaler.organisations.models import ImportJob

    outcomes = {o.record_type: o for o in apply_retention(only=JOB_TYPES)}
    assert {k: o.deleted for k, o in outcomes.items()} == {
        "import_files": 4, "import_jobs": 1, "document_files": 2, "document_jobs": 1}
    # The files (and the uploader's address) of jobs that no longer need them are gone; the rows
    # and reports stay.
    assert _import_state(jobs["import_used"]) == (False, None, JobStatus.DONE)
    assert _import_state(jobs["preview_expired"]) == (False, None, JobStatus.DONE)
    # Jobs the worker never finished are failed with a message in the uploader's language, and a
    # late worker does not run them on an empty file.
    for key, words in (("running_stopped", "was interrupted"), ("queued_stopped", "did not start in time")):
        job = ImportJob.objects.get(pk=jobs[key].pk)
        assert job.data is None and job.status == JobStatus.FAILED and job.finished_at, key
        assert words in job.message and "Upload the file again" in job.message
        assert import_job_run(job_id=job.pk) == ""
    # A preview within its confirmation window and a job waiting for the worker keep their files.
    waiting = ImportJob.objects.get(pk=jobs["preview_waiting"].pk)
    assert waiting.data is not None and import_job_awaits_confirmation(waiting)
    assert _import_state(jobs["queued_now"]) == (True, None, JobStatus.QUEUED)
    # Import jobs with their reports after 90 days.
    assert _import_state(jobs["import_old"]) is None
    assert _import_state(jobs["import_recent"]) is not None
    # Document files after an hour, document jobs after 7 days.
    assert _document_state(jobs["doc_fresh"]) is True
    assert _document_state(jobs["doc_file_old"]) is False and _document_state(jobs["doc_file_old_outsider"]) is False
    assert _document_state(jobs["doc_row_old"]) is None and _document_state(jobs["doc_row_recent"]) is False
    # Each record type's count per organisation is in the audit log, and the chain verifies.
    events = {(e.data["record_type"], e.organisation_id): e.data["deleted"]
              for e in AuditEvent.objects.filter(action="privacy.retention")}
    org, other = cast.organisation.pk, cast.outsider.organisation_id
    assert events == {("import_files", org): 4, ("import_jobs", org): 1, ("document_files", org): 1,
                      ("document_files", other): 1, ("document_jobs", org): 1}
    assert "Sporbar" not in json.dumps([e.data for e in AuditEvent.objects.filter(action="privacy.retention")])
    assert audit_verify() is None
    # Nothing more is due on a second run.
    assert sum(o.deleted for o in apply_retention(only=JOB_TYPES)) == 0


def test_job_periods_in_hours_come_from_settings(settings, jobs):
    settings.RETENTION = {"document_files": {"hours": 3}, "import_jobs": {"days": 30}}
    outcomes = {o.record_type: o for o in apply_retention(only=JOB_TYPES, dry_run=True)}
    assert outcomes["document_files"].deleted == 0  # files of two hours stay for three
    assert outcomes["import_jobs"].deleted == 2
    assert outcomes["document_files"].cutoff.tzinfo is not None
    for bad in ({"agreements": {"hours": 1}}, {"document_files": {"years": 1, "hours": 1}}):
        settings.RETENTION = bad
        with pytest.raises(ValueError):
            apply_retention(only=JOB_TYPES)


def test_a_run_for_another_day_counts_hours_from_the_start_of_that_day(jobs):
    later = timezone.localdate() + datetime.timedelta(days=2)
    outcomes = {o.record_type: o for o in apply_retention(today=later, only=JOB_TYPES, dry_run=True)}
    cutoff = outcomes["document_files"].cutoff
    assert (cutoff.date(), cutoff.hour, cutoff.minute) == (later - datetime.timedelta(days=1), 23, 0)
    # From the start of that day every file made so far is more than an hour old.
    assert outcomes["document_files"].deleted == 3
