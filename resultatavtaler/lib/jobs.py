"""What background jobs shown to users have in common (the HR import, documents made by the task
worker): their states and when a job that should be moving is taken to have stopped.

A job row is the user-facing record; the task (django-tasks, `manage.py db_worker`) only carries
the job's id. The worker claims a job by moving it from queued to running in one UPDATE, so a task
delivered twice, or a job discarded while queued, runs at most once.
"""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Statuses in which the page keeps asking (htmx polling) for news.
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
# A running job older than this lost its worker (a restart, a killed host): it is marked failed.
RUNNING_GIVE_UP = timedelta(hours=1)
# A queued job older than this tells the user that the worker seems not to be running.
QUEUED_HINT_AFTER = timedelta(minutes=1)
# How often the status page asks for news (htmx `every`).
POLL_SECONDS = 2
