"""The import job page for the organisation-isolation test (accounts/tests/test_isolation.py):
a preview uploaded by the cast's process owner."""


def _import_job(cast):
    if not hasattr(cast, "_isolation_import_job"):
        from resultatavtaler.organisations.importer.jobs import import_job_create

        from .import_helpers import GOOD_ROWS, csv_bytes

        cast._isolation_import_job = import_job_create(
            organisation=cast.organisation,
            actor=cast.process_owner,
            data=csv_bytes(GOOD_ROWS),
            filename="hr.csv",
            dry_run=True,
            partial=True,
        )
    return {"pk": cast._isolation_import_job.pk}


OBJECT_KWARGS = {"organisations:import_job": _import_job}
