"""The agreements pages for the organisation-isolation test (accounts/tests/test_isolation.py)."""

import datetime


def _agreement(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.builtin import ensure_builtin_templates
    from resultatavtaler.agreements.models import Agreement, Period

    existing = Agreement.objects.filter(leader=cast.leader).first()
    if existing:
        return existing
    (ad, *_rest) = ensure_builtin_templates()
    period = Period.objects.filter(organisation=cast.organisation, name="Isolasjon 2026").first()
    if period is None:
        period = services.period_create(
            organisation=cast.organisation,
            actor=cast.process_owner,
            name="Isolasjon 2026",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 12, 31),
            default_template=ad.template,
        )
    return services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)


def _period(cast):
    return _agreement(cast).period


OBJECT_KWARGS = {
    "agreements:detail": lambda cast: {"pk": _agreement(cast).pk},
    "agreements:action": lambda cast: {"pk": _agreement(cast).pk, "action": "sign"},
    "agreements:diff": lambda cast: {"pk": _agreement(cast).pk, "old": 1, "new": 2},
    "agreements:start": lambda cast: {"period_pk": _period(cast).pk},
}
