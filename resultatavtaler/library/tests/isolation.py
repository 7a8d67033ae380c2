"""The library and guide pages for the organisation-isolation test (accounts/tests/test_isolation.py)."""


def _entry(cast):
    from resultatavtaler.library.models import LibraryEntry
    from resultatavtaler.library.services import library_ensure_seed_examples

    library_ensure_seed_examples(organisation=cast.organisation)
    return LibraryEntry.objects.filter(organisation=cast.organisation).order_by("pk").first()


def _requirement(cast):
    from resultatavtaler.agreements import services
    from resultatavtaler.agreements.tests.isolation import _agreement

    agreement = _agreement(cast)
    existing = agreement.requirements.filter(common_requirement__isnull=True).first()
    if existing:
        return existing
    agreement.refresh_from_db()
    return services.requirement_add(agreement=agreement, actor=agreement.leader,
                                     expected_lock_version=agreement.lock_version, category_key="professional",
                                     text="Sporbart krav")


OBJECT_KWARGS = {
    "library:detail": lambda cast: {"pk": _entry(cast).pk},
    "library:copy": lambda cast: {"pk": _entry(cast).pk},
    "library:delete": lambda cast: {"pk": _entry(cast).pk},
    "library:share": lambda cast: {"requirement_pk": _requirement(cast).pk},
    "guide:unit": lambda cast: {"unit_pk": cast.department.pk},
}
