"""Documents made by the task worker (jobs.py), on the lederprofil PDF: the job's life with the
immediate backend, the job's page without JavaScript and with htmx polling, and the rights:
a job is its requester's only, and the right to the profile is asked again at the download."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.feedback.tests.helpers import profile_pdf_response
from resultatavtaler.feedback.tests.test_access_and_anonymity import _closed_round_with_profile
from resultatavtaler.lib.jobs import JobStatus
from resultatavtaler.reports.constants import DocumentKind
from resultatavtaler.reports.jobs import KEPT_FOR, document_job_run
from resultatavtaler.reports.models import DocumentJob


@pytest.fixture(autouse=True)
def _english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def closed_round(cast, django_capture_on_commit_callbacks):
    return _closed_round_with_profile(cast, django_capture_on_commit_callbacks)


def job_url(job) -> str:
    return reverse("reports:document_job", args=[job.pk])


def download_url(job) -> str:
    return reverse("reports:document_job_download", args=[job.pk])


def pdf_views(fr) -> int:
    return AuditEvent.objects.filter(
        action="feedback.profile_viewed", object_id=str(fr.profile.pk), data__format="pdf"
    ).count()


def waiting_job(cast, fr, **fields) -> DocumentJob:
    """A job as the request leaves it before the worker takes it."""
    return DocumentJob.objects.create(
        organisation=cast.organisation,
        requested_by=cast.leader,
        kind=DocumentKind.LEADER_PROFILE_PDF,
        object_id=fr.pk,
        language="en",
        **fields,
    )


def test_asking_makes_the_pdf_in_a_job_and_the_download_is_audited(cast, client_for, closed_round):
    from pypdf import PdfReader

    client = client_for(cast.leader)
    page = client.get(reverse("feedback:profile_pdf", args=[closed_round.pk]))
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert not DocumentJob.objects.exists()  # a GET makes nothing

    response = client.post(reverse("feedback:profile_pdf", args=[closed_round.pk]))
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert job.status == JobStatus.DONE and job.task_id and job.started_at and job.finished_at
    assert job.filename == f"lederprofil-{closed_round.pk}.pdf" and job.size > 1000
    assert pdf_views(closed_round) == 0  # made, not yet read

    content = client.get(job_url(job)).content.decode()
    assert "The document is ready." in content and f'href="{download_url(job)}"' in content
    assert "hx-trigger" not in content

    response = client.get(download_url(job))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="lederprofil-{closed_round.pk}.pdf"'
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert cast.leader.name in text and "HEMMELIG" not in text
    assert pdf_views(closed_round) == 1

    # The request page now offers the ready file.
    page = client.get(reverse("feedback:profile_pdf", args=[closed_round.pk])).content.decode()
    assert f'href="{download_url(job)}"' in page


def test_a_job_under_way_is_reused(cast, client_for, closed_round):
    job = waiting_job(cast, closed_round)
    response = client_for(cast.leader).post(reverse("feedback:profile_pdf", args=[closed_round.pk]))
    assert response["Location"] == job_url(job)
    assert DocumentJob.objects.count() == 1


def test_a_waiting_job_without_javascript_and_with_htmx(cast, client_for, closed_round):
    job = waiting_job(cast, closed_round)
    client = client_for(cast.leader)
    content = client.get(job_url(job)).content.decode()
    assert "waits for its turn" in content and 'role="status"' in content
    assert f'<a class="ds-link" href="{job_url(job)}">Refresh the status</a>' in content
    assert f'hx-get="{job_url(job)}?seen=queued"' in content
    # The download before it is ready goes back to the job's page.
    response = client.get(download_url(job))
    assert response.status_code == 302 and response["Location"] == job_url(job)

    htmx = {"HTTP_HX_REQUEST": "true"}
    assert client.get(job_url(job), {"seen": "queued"}, **htmx).status_code == 204
    assert document_job_run(job_id=job.pk) == JobStatus.DONE
    response = client.get(job_url(job), {"seen": "queued"}, **htmx)
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert 'hx-swap-oob="innerHTML"' in content and "The document is ready." in content
    assert f'href="{download_url(job)}"' in content and "hx-trigger" not in content


def test_a_job_left_running_fails_and_offers_to_try_again(cast, client_for, closed_round):
    job = waiting_job(cast, closed_round, status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2))
    content = client_for(cast.leader).get(job_url(job)).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "interrupted" in content
    assert f'action="{reverse("feedback:profile_pdf", args=[closed_round.pk])}"' in content


def test_the_file_is_kept_for_an_hour(cast, client_for, closed_round):
    client = client_for(cast.leader)
    client.post(reverse("feedback:profile_pdf", args=[closed_round.pk]))
    job = DocumentJob.objects.get()
    DocumentJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - KEPT_FOR - timedelta(minutes=1))
    assert "no longer kept" in client.get(job_url(job)).content.decode()
    assert client.get(download_url(job)).status_code == 302
    assert pdf_views(closed_round) == 0
    # The next request drops the old file.
    client.post(reverse("feedback:profile_pdf", args=[closed_round.pk]))
    job.refresh_from_db()
    assert job.content is None and DocumentJob.objects.count() == 2


def test_a_job_whose_requester_may_not_see_the_profile_fails_with_the_message(cast, closed_round):
    job = waiting_job(cast, closed_round)
    DocumentJob.objects.filter(pk=job.pk).update(requested_by=cast.employee)
    assert document_job_run(job_id=job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.message == "You may not see this profile." and job.content is None


@pytest.mark.parametrize("who", ["employee", "superior", "director", "process_owner", "admin_person"])
def test_others_may_not_ask_for_the_profile_pdf(cast, client_for, closed_round, who):
    client = client_for(getattr(cast, who))
    url = reverse("feedback:profile_pdf", args=[closed_round.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not DocumentJob.objects.exists()


@pytest.mark.parametrize("who", ["employee", "superior", "process_owner", "admin_person", "outsider"])
def test_a_job_is_its_requesters_only(cast, client_for, closed_round, who):
    job = waiting_job(
        cast,
        closed_round,
        status=JobStatus.DONE,
        finished_at=timezone.now(),
        content=b"%PDF-1.7",
        filename="lederprofil.pdf",
        content_type="application/pdf",
    )
    assert client_for(cast.leader).get(download_url(job)).content == b"%PDF-1.7"
    client = client_for(getattr(cast, who))
    assert client.get(job_url(job)).status_code == 404
    assert client.get(download_url(job)).status_code == 404
    assert pdf_views(closed_round) == 1  # the leader's


def test_a_right_withdrawn_stops_the_download(cast, client_for, closed_round):
    leader = client_for(cast.leader)
    leader.post(reverse("feedback:profile_share", args=[closed_round.pk]), {"shared": "1"})
    superior = client_for(cast.superior)
    assert profile_pdf_response(superior, closed_round).status_code == 200
    job = DocumentJob.objects.get(requested_by=cast.superior)
    client_for(cast.leader).post(reverse("feedback:profile_share", args=[closed_round.pk]), {"shared": "0"})
    superior = client_for(cast.superior)
    assert superior.get(download_url(job)).status_code == 403
    assert superior.get(job_url(job)).status_code == 403
