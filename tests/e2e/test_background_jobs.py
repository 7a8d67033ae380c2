"""Jobs of the task worker in a real browser: the page of a queued HR import and of a queued
lederprofil PDF updates itself (htmx polling) when the worker finishes the job, without a page
load, and then offers the report or the download. axe-core finds nothing in either state.

The worker is the test itself: it runs the job's task body while the page is open (the live
server's task backend would run it at once). Assertions look at structure, URLs and the database,
not at translated texts."""

import contextlib

import pytest

from resultatavtaler.lib.jobs import JobStatus
from tests.e2e.helpers import assert_accessible, login

pytestmark = pytest.mark.e2e


def _mark_the_page(page):
    """A flag that a page load would lose."""
    page.evaluate("window.__noReload = true")


def _was_not_reloaded(page) -> bool:
    return page.evaluate("window.__noReload === true")


def test_an_import_page_updates_itself_when_the_worker_is_done(page, cast):
    from resultatavtaler.organisations.importer.jobs import import_job_run
    from resultatavtaler.organisations.models import ImportJob
    from resultatavtaler.organisations.tests.import_helpers import GOOD_ROWS, csv_bytes

    data = csv_bytes(GOOD_ROWS)
    job = ImportJob.objects.create(
        organisation=cast.organisation, uploaded_by=cast.process_owner, uploaded_by_name=cast.process_owner.name,
        filename="hr.csv", data=data, size=len(data), sha256="0" * 64, dry_run=True, partial=True, language="nb",
    )
    login(page, cast.process_owner.user.username)
    page.goto(f"/organisasjon/import/{job.pk}/")
    status = page.locator("#import-job-status")
    assert status.get_attribute("hx-trigger") == "every 2s"
    assert page.locator(f'#import-job-status a[href="/organisasjon/import/{job.pk}/"]').count() == 1
    assert_accessible(page)
    _mark_the_page(page)

    assert import_job_run(job_id=job.pk) == JobStatus.DONE
    page.locator("#import-job-status .import-report").wait_for()
    assert _was_not_reloaded(page)
    assert page.locator("#import-job-status").get_attribute("hx-trigger") is None  # it stops asking
    assert page.locator('#import-job-status button[value="confirm"]').count() == 1
    assert page.locator("#import-job-announce .ds-paragraph").count() == 1
    assert_accessible(page)


def test_a_pdf_page_updates_itself_and_offers_the_download(page, cast):
    from resultatavtaler.feedback.tests.test_access_and_anonymity import _closed_round_with_profile
    from resultatavtaler.reports.constants import DocumentKind
    from resultatavtaler.reports.jobs import document_job_run
    from resultatavtaler.reports.models import DocumentJob

    # With a transactional database the e-mails go on commit; nothing needs capturing.
    fr = _closed_round_with_profile(cast, lambda execute=True: contextlib.nullcontext())
    job = DocumentJob.objects.create(organisation=cast.organisation, requested_by=cast.leader,
                                     kind=DocumentKind.LEADER_PROFILE_PDF, object_id=fr.pk, language="nb")
    login(page, cast.leader.user.username)
    page.goto(f"/dokumenter/jobb/{job.pk}/")
    assert page.locator("#document-job-status").get_attribute("hx-trigger") == "every 2s"
    assert_accessible(page)
    _mark_the_page(page)

    assert document_job_run(job_id=job.pk) == JobStatus.DONE
    link = page.locator(f'#document-job-status a[href="/dokumenter/jobb/{job.pk}/fil"]')
    link.wait_for()
    assert _was_not_reloaded(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"lederprofil-{fr.pk}.pdf"
    with open(download.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert_accessible(page)
