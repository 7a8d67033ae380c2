"""The document downloads for the organisation-isolation test (accounts/tests/test_isolation.py):
each names an agreement of the cast's organisation."""


def _agreement(cast):
    from resultatavtaler.agreements.tests.isolation import _agreement as agreement_of_the_cast

    return {"pk": agreement_of_the_cast(cast).pk}


OBJECT_KWARGS = {
    "reports:agreement_pdf": _agreement,
    "reports:agreement_pdfa": _agreement,
    "reports:agreement_docx": _agreement,
    "reports:agreement_archive": _agreement,
}
