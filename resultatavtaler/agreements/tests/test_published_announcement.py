"""The second signature puts a version in force, and after commit the unit's employees are
told (in-app and by e-mail, in their own language) that the published parts can be read."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from resultatavtaler.agreements import services
from resultatavtaler.core_errors import DomainError
from resultatavtaler.notifications.models import Notification
from resultatavtaler.notifications.reminders import Kind
from resultatavtaler.organisations.tests.factories import PersonFactory

from .conftest import add, fresh, submit


def _expected_subject(agreement, language):
    with translation.override(language):
        return render_to_string(
            "notifications/email/unit_agreement_published_subject.txt",
            {"leader_name": agreement.leader.name, "period_name": agreement.period.name},
        ).strip()


def _published_notes():
    return Notification.objects.filter(kind=Kind.PUBLISHED)


def test_the_second_signature_tells_the_unit_in_each_persons_language(
    cast, draft, django_capture_on_commit_callbacks
):
    cast.employee.language = "en"
    cast.employee.save(update_fields=["language"])
    nynorsk = PersonFactory(organisation=cast.organisation, unit=cast.section, name="Nils Nynorsk", language="nn")
    add(draft, cast.leader)
    submit(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_sign(agreement=fresh(draft), actor=cast.leader)
    assert not _published_notes().exists()  # one signature: nothing is in force yet
    assert mail.outbox == [m for m in mail.outbox if cast.employee.email not in m.to]

    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_sign(agreement=fresh(draft), actor=cast.superior)
    draft = fresh(draft)
    assert draft.in_force_version is not None
    assert set(_published_notes().values_list("person_id", flat=True)) == {cast.employee.pk, nynorsk.pk}
    for person, language in ((cast.employee, "en"), (nynorsk, "nn")):
        message = next(m for m in mail.outbox if m.to == [person.email])
        assert message.subject == _expected_subject(draft, language)
        assert message.extra_headers["Content-Language"] == language
    # Leader and superior have their own "signed" notice, not the unit's.
    assert not _published_notes().filter(person__in=[cast.leader, cast.superior]).exists()


def test_nothing_is_announced_before_the_transaction_commits(cast, draft, django_capture_on_commit_callbacks):
    add(draft, cast.leader)
    submit(draft)
    services.agreement_sign(agreement=fresh(draft), actor=cast.leader)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.agreement_sign(agreement=fresh(draft), actor=cast.superior)
    assert callbacks  # the announcement waits for the commit
    assert not _published_notes().exists()
    for callback in callbacks:
        callback()
    assert _published_notes().filter(person=cast.employee).count() == 1


def test_a_refused_signature_announces_nothing(cast, draft, django_capture_on_commit_callbacks):
    add(draft, cast.leader)
    submit(draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_sign(agreement=fresh(draft), actor=cast.leader)
        for actor in (cast.leader, cast.employee, cast.director):  # twice, no right, no right
            with pytest.raises(DomainError):
                services.agreement_sign(agreement=fresh(draft), actor=actor)
    assert fresh(draft).in_force_version is None
    assert not _published_notes().exists()
    assert not [m for m in mail.outbox if cast.employee.email in m.to]
