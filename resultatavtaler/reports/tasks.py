"""Background tasks of the reports app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def document_job_task(*, job_id: int) -> str:
    """Make the document of job `job_id` (jobs.py); returns its final status."""
    from .jobs import document_job_run

    return document_job_run(job_id=job_id)
