"""The follow-up pages for the organisation-isolation test (accounts/tests/test_isolation.py):
which are public, and which object of the cast's organisation each parametrised page names."""

import datetime

# Token links work without login, like the 360 links (DESIGN.md §5).
PUBLIC = {"evaluations:answer_thanks", "evaluations:answer"}
# A token names no object an outsider could guess; an unknown one must show nothing.
NON_OBJECT_KWARGS = {"evaluations:answer": {"token": "ukjent-token-0123456789abcdef"}}


def _agreement(cast):
    from resultatavtaler.agreements.tests.isolation import _agreement as agreement_of_the_cast

    return agreement_of_the_cast(cast)


def _pk(cast):
    return {"pk": _agreement(cast).pk}


def _input_request(cast):
    """An input request row of the cast's organisation (made directly: the isolation test needs the
    object to exist, not the workflow that sends it)."""
    from resultatavtaler.evaluations.models import InputInvitation, InputRequest

    agreement = _agreement(cast)
    existing = InputRequest.objects.filter(agreement=agreement).first()
    if existing is None:
        existing = InputRequest.objects.create(
            organisation=cast.organisation,
            agreement=agreement,
            created_by=cast.leader,
            deadline=datetime.date(2026, 12, 31),
        )
        InputInvitation.objects.create(request=existing, group="employees", person=cast.employee)
    return existing


def _measurement(cast):
    from resultatavtaler.agreements.tests.isolation import _indicator
    from resultatavtaler.evaluations.models import Measurement

    indicator = _indicator(cast)
    existing = Measurement.objects.filter(indicator=indicator).first()
    return existing or Measurement.objects.create(
        organisation=cast.organisation, indicator=indicator, date=datetime.date(2026, 3, 31), value=4.2
    )


def _period(cast):
    return {"period_pk": _agreement(cast).period_id}


OBJECT_KWARGS = {
    **{
        f"evaluations:{name}": _pk
        for name in (
            "agreement",
            "self_evaluation",
            "self_evaluation_reopen",
            "conversation",
            "conversation_ics",
            "assessment",
            "leader_feedback",
            "acknowledge",
            "measurements",
            "measurements_import",
            "measurements_sample",
            "input_request_new",
            "midyear",
        )
    },
    "evaluations:measurement_delete": lambda cast: {
        "pk": _agreement(cast).pk,
        "measurement_pk": _measurement(cast).pk,
    },
    "evaluations:input_request": lambda cast: {"pk": _input_request(cast).pk},
    "evaluations:input_request_close": lambda cast: {"pk": _input_request(cast).pk},
    "evaluations:input_request_remind": lambda cast: {"pk": _input_request(cast).pk},
    "evaluations:answer_invitation": lambda cast: {"pk": _input_request(cast).invitations.first().pk},
    "evaluations:pay_summary": _period,
    "evaluations:pay_summary_export": _period,
    "evaluations:pay_summary_for": lambda cast: {**_period(cast), "superior_pk": cast.superior.pk},
    "evaluations:pay_summary_export_for": lambda cast: {**_period(cast), "superior_pk": cast.superior.pk},
}
