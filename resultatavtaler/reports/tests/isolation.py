"""The document downloads for the organisation-isolation test (accounts/tests/test_isolation.py):
each names an agreement of the cast's organisation, or a document job of the cast's leader."""


def _agreement(cast):
    from resultatavtaler.agreements.tests.isolation import _agreement as agreement_of_the_cast

    return {"pk": agreement_of_the_cast(cast).pk}


def _document_job(cast):
    """A made lederprofil PDF of the cast's leader, on the 360 round of the feedback tables."""
    if not hasattr(cast, "_isolation_document_job"):
        from django.utils import timezone

        from resultatavtaler.feedback.tests.isolation import _round_and_invitation
        from resultatavtaler.lib.jobs import JobStatus
        from resultatavtaler.reports.constants import DocumentKind
        from resultatavtaler.reports.models import DocumentJob

        cast._isolation_document_job = DocumentJob.objects.create(
            organisation=cast.organisation, requested_by=cast.leader, kind=DocumentKind.LEADER_PROFILE_PDF,
            object_id=_round_and_invitation(cast)[0].pk, status=JobStatus.DONE, finished_at=timezone.now(),
            filename="lederprofil.pdf", content_type="application/pdf", content=b"%PDF-1.7 Live Leder",
        )
    return {"pk": cast._isolation_document_job.pk}


OBJECT_KWARGS = {
    "reports:agreement_pdf": _agreement,
    "reports:agreement_pdfa": _agreement,
    "reports:agreement_docx": _agreement,
    "reports:agreement_archive": _agreement,
    "reports:document_job": _document_job,
    "reports:document_job_download": _document_job,
}
