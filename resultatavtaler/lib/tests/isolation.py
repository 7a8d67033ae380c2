"""The privacy pages for the organisation-isolation test (accounts/tests/test_isolation.py)."""


def _agreement(cast):
    from resultatavtaler.agreements.tests.isolation import _agreement as agreement_of_the_cast

    return agreement_of_the_cast(cast)


NON_OBJECT_KWARGS = {"privacy:mine_export": {"fmt": "json"}}

OBJECT_KWARGS = {
    "privacy:person": lambda cast: {"pk": cast.leader.pk},
    "privacy:person_export": lambda cast: {"pk": cast.leader.pk, "fmt": "json"},
    "privacy:exemptions": lambda cast: {"pk": _agreement(cast).pk},
    "privacy:redacted_copy": lambda cast: {"pk": _agreement(cast).pk},
}
