"""Retention on a fixed date: what is due goes, in one transaction per record type with an
audit event that gives the count; what is not yet due stays; a dry run deletes nothing."""

import datetime
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
