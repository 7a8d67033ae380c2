"""Offentleglova: sections marked exempt with a legal basis, and the redacted copy for an
access request — the exempt text is gone from the PDF, the stamp and legal basis are there."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from resultatavtaler.agreements import services as ag_services
from resultatavtaler.agreements.models import SectionExemption
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.lib.privacy.redaction import redacted_copy_export

from .conftest import text_section_keys

SECRET = "Lederen har en sykdom som krever tilrettelegging"
OPEN = "Seksjonen skal levere tjenester av god kvalitet"

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not __import__("os").environ.get("CI"),
    reason="pdftotext (poppler-utils) is not installed",
)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def agreement(cast, period):
    ag = ag_services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    keys = text_section_keys(ag)
    ag_services.agreement_update_sections(
        agreement=ag, actor=cast.leader, expected_lock_version=ag.lock_version,
        sections={keys[0]: OPEN, keys[1]: SECRET},
    )
    ag.refresh_from_db()
    ag_services.agreement_submit(agreement=ag, actor=cast.leader)
    ag.refresh_from_db()
    ag_services.agreement_sign(agreement=ag, actor=cast.leader)
    ag_services.agreement_sign(agreement=ag, actor=cast.superior)
    ag.refresh_from_db()
    assert ag.state == "signed"
    return ag


@pytest.fixture
def period(cast):
    import datetime

    from resultatavtaler.agreements.builtin import ensure_builtin_templates
    from resultatavtaler.agreements.models import Template

    ensure_builtin_templates()
    tv = Template.objects.get(organisation__isnull=True, key="ufd-ad").latest_version()
    return ag_services.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2026",
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), default_template=tv.template,
    )


@needs_pdftotext
def test_the_copy_for_public_access_replaces_exempt_text_with_the_legal_basis(agreement, cast, client_for, tmp_path):
    secret_key = text_section_keys(agreement)[1]
    client = client_for(cast.process_owner)
    response = client.post(
        reverse("privacy:exemptions", args=[agreement.pk]),
        {"prefix": secret_key, f"{secret_key}-section": secret_key, f"{secret_key}-basis": "offl_13_fvl_13"},
    )
    assert response.status_code == 302
    exemption = SectionExemption.objects.get(agreement=agreement, section_key=secret_key)
    assert exemption.legal_basis == "offl. § 13 jf. fvl. § 13" and exemption.decided_by == cast.process_owner
    event = AuditEvent.objects.filter(action="agreement.exemption_set").latest("id")
    assert event.data["section"] == secret_key and event.object_id == str(agreement.pk)

    response = client.get(reverse("privacy:redacted_copy", args=[agreement.pk]), {"sprak": "nb"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Lederen har en sykdom" not in text
    assert "Unntatt offentlighet, offl. § 13 jf. fvl. § 13" in text
    assert OPEN in text  # the rest of the agreement is there
    assert AuditEvent.objects.filter(action="agreement.redacted_copy", object_id=str(agreement.pk)).exists()
    # The ordinary document still holds the text for those who may read it.
    full = client.get(reverse("reports:agreement_pdf", args=[agreement.pk]))
    assert "Lederen har en sykdom" in pdf_text(full.content, tmp_path)


@needs_pdftotext
def test_free_text_basis_in_nynorsk(agreement, cast, tmp_path):
    key = text_section_keys(agreement)[1]
    ag_services.section_exemption_set(agreement=agreement, actor=cast.leader, section_key=key, basis="other",
                                      basis_text="offl. § 25 andre ledd")
    file = redacted_copy_export(agreement=agreement, actor=cast.superior, language="nn")
    text = pdf_text(file.content, tmp_path)
    assert "Unnateke offentlegheit, offl. § 25 andre ledd" in text and "sykdom" not in text


def test_who_may_mark_and_download(agreement, cast, client_for):
    key = text_section_keys(agreement)[1]
    for person in (cast.superior, cast.director):  # they read the agreement, but do not decide
        with pytest.raises(PermissionDeniedError):
            ag_services.section_exemption_set(agreement=agreement, actor=person, section_key=key,
                                              basis="offl_14")
    for person in (cast.employee, cast.admin_person):  # the agreement is not theirs to see at all
        with pytest.raises(DomainError):
            ag_services.section_exemption_set(agreement=agreement, actor=person, section_key=key,
                                              basis="offl_14")
    with pytest.raises(DomainError):  # another organisation's agreement does not exist for the outsider
        ag_services.section_exemption_set(agreement=agreement, actor=cast.outsider, section_key=key, basis="offl_14")
    assert not SectionExemption.objects.exists()
    url = reverse("privacy:redacted_copy", args=[agreement.pk])
    assert client_for(cast.employee).get(url).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(cast.superior).get(url).status_code == 200
    page = reverse("privacy:exemptions", args=[agreement.pk])
    # The superior sees the decisions but does not make them.
    html = client_for(cast.superior).get(page).content.decode()
    assert "Download the copy for public access" in html and "-basis\"" not in html
    assert client_for(cast.superior).post(page, {"prefix": key, f"{key}-section": key,
                                                 f"{key}-basis": "offl_14"}).status_code == 403


def test_another_basis_needs_words_and_unknown_sections_are_refused(agreement, cast, client_for):
    key = text_section_keys(agreement)[1]
    with pytest.raises(DomainError):
        ag_services.section_exemption_set(agreement=agreement, actor=cast.leader, section_key=key, basis="other")
    with pytest.raises(DomainError):
        ag_services.section_exemption_set(agreement=agreement, actor=cast.leader, section_key="nope",
                                          basis="offl_14")
    response = client_for(cast.leader).post(
        reverse("privacy:exemptions", args=[agreement.pk]),
        {"prefix": key, f"{key}-section": key, f"{key}-basis": "other", f"{key}-basis_text": ""},
    )
    assert response.status_code == 200 and "Write the legal basis" in response.content.decode()
    assert not SectionExemption.objects.exists()


def test_clearing_an_exemption_makes_the_section_public_again(agreement, cast):
    key = text_section_keys(agreement)[1]
    ag_services.section_exemption_set(agreement=agreement, actor=cast.leader, section_key=key, basis="offl_14")
    lock_before = agreement.lock_version
    assert ag_services.section_exemption_clear(agreement=agreement, actor=cast.process_owner, section_key=key)
    agreement.refresh_from_db()
    assert not SectionExemption.objects.exists() and agreement.lock_version == lock_before
    assert AuditEvent.objects.filter(action="agreement.exemption_cleared").count() == 1
