"""Background tasks of the organisations app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def import_job_task(*, job_id: int) -> str:
    """Run the HR import job `job_id` (importer/jobs.py); returns its final status."""
    from .importer.jobs import import_job_run

    return import_job_run(job_id=job_id)
