"""Who may download which document, that every download is audited, the evaluation columns of a
closed assessment and its archive package, and the manage.py commands."""

import datetime
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.evaluations import services as ev_services
from resultatavtaler.evaluations.services import evaluation_requirements
from resultatavtaler.reports import services

from .conftest import build_agreement, flat, nb, pdftotext, sign_both


@pytest.fixture(autouse=True)
def _bokmaal(bokmaal_organisation):
    """Documents of a bokmål organisation (conftest.py)."""


PUBLIC_ONLY = "Published parts only: sections and requirements not made public are left out."

FULL_READERS = ["leader", "superior", "director", "process_owner"]


def url(name, agreement, **query):
    base = reverse(f"reports:{name}", args=[agreement.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("who", FULL_READERS)
def test_those_who_may_view_the_agreement_download_the_whole_document(cast, client_for, who, tmp_path):
    agreement = sign_both(build_agreement(cast, "ufd-ad"))
    client = client_for(getattr(cast, who))
    response = client.get(url("agreement_pdf", agreement, sprak="nb"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="resultatavtale-live-leder-2026-v1')
    text = flat(pdftotext(response.content, tmp_path))
    assert "Mer delegering, og videreutvikle coach-rollen" in text  # a non-public requirement
    assert flat(nb(PUBLIC_ONLY)) not in text
    event = AuditEvent.objects.filter(action="reports.agreement_document").latest("id")
    assert event.actor_label == getattr(cast, who).name
    assert event.data["format"] == "pdf" and event.data["public_only"] is False


def test_an_employee_gets_the_published_parts_of_the_version_in_force_only(cast, client_for, tmp_path):
    agreement = build_agreement(cast, "ufd-ad")
    client = client_for(cast.employee)
    # Before signing there is nothing published.
    assert client.get(url("agreement_pdf", agreement)).status_code == 403
    sign_both(agreement)
    response = client.get(url("agreement_pdf", agreement, sprak="nb"))
    assert response.status_code == 200
    text = flat(pdftotext(response.content, tmp_path))
    assert flat(nb(PUBLIC_ONLY)) in text
    assert "Redusere sykefraværet i seksjonen" in text  # professional requirements are public by default
    assert "Mer delegering, og videreutvikle coach-rollen" not in text  # personal development is not
    assert AuditEvent.objects.filter(action="reports.agreement_document", data__public_only=True).exists()
    # Other versions, the draft and the archive are not for the unit.
    assert client.get(url("agreement_pdf", agreement, versjon="utkast")).status_code == 403
    assert client.get(url("agreement_docx", agreement, versjon="1")).status_code == 200
    assert client.get(url("agreement_archive", agreement)).status_code == 403


def test_others_in_the_organisation_are_refused_and_other_organisations_see_nothing(cast, client_for):
    agreement = sign_both(build_agreement(cast, "ufd-ad"))
    assert client_for(cast.other_leader).get(url("agreement_pdf", agreement)).status_code == 403
    assert client_for(cast.admin_person).get(url("agreement_docx", agreement)).status_code == 403
    for name in ("agreement_pdf", "agreement_pdfa", "agreement_docx", "agreement_archive"):
        assert client_for(cast.outsider).get(url(name, agreement)).status_code == 404
    assert not AuditEvent.objects.filter(action="reports.agreement_document").exists()


def test_anonymous_visitors_go_to_login(cast, client):
    agreement = build_agreement(cast, "ufd-oa")
    response = client.get(url("agreement_pdf", agreement))
    assert response.status_code == 302


def test_pdfa_and_word_downloads(cast, client_for):
    agreement = sign_both(build_agreement(cast, "krd-ka"))
    client = client_for(cast.leader)
    pdfa = client.get(url("agreement_pdfa", agreement, sprak="nn"))
    assert pdfa.status_code == 200 and pdfa.content.startswith(b"%PDF")
    docx = client.get(url("agreement_docx", agreement, sprak="en"))
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert zipfile.ZipFile(io.BytesIO(docx.content)).testzip() is None
    formats = list(
        AuditEvent.objects.filter(action="reports.agreement_document").values_list("data__format", flat=True)
    )
    assert formats == ["pdfa", "docx"]


def test_a_missing_version_answers_404_and_a_bad_language_a_clear_message(cast, client_for):
    agreement = sign_both(build_agreement(cast, "ufd-oa"))
    client = client_for(cast.leader)
    assert client.get(url("agreement_pdf", agreement, versjon="7")).status_code == 404
    assert client.get(url("agreement_pdf", agreement, versjon="abc")).status_code == 404
    response = client.get(url("agreement_pdf", agreement, sprak="de"))
    assert response.status_code == 400
    assert "nynorsk" in response.content.decode()


# --- the follow-up in the document and the archive -------------------------------------------


def _close(agreement, comment="Godt arbeid med sykefraværet"):
    """Self-evaluation, conversation, assessment and both acknowledgements, through the services."""
    from resultatavtaler.evaluations.models import Assessment

    leader, superior = agreement.leader, agreement.superior
    ratings = {r.pk: {"value": 3, "comment": comment} for r in evaluation_requirements(agreement)}
    ev_services.self_evaluation_save(
        agreement=agreement, actor=leader, ratings=ratings, summary="Et godt år.", submit=True
    )
    when = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=8), datetime.time(9, 0))
    )
    ev_services.conversation_schedule(agreement=agreement, actor=superior, when=when)
    # The conversation has taken place (the suite has no clock to wind forward; as evaluations' tests do).
    a = Assessment.objects.get(agreement=agreement)
    a.conversation_at -= datetime.timedelta(days=8)
    a.save(update_fields=["conversation_at"])
    ev_services.assessment_save(
        agreement=agreement,
        actor=superior,
        ratings=ratings,
        overall_value=3,
        overall="Meget godt år.",
        follow_up="Følg opp delegeringen.",
        complete=True,
    )
    ev_services.assessment_acknowledge(agreement=agreement, actor=leader)
    ev_services.assessment_acknowledge(agreement=agreement, actor=superior)
    agreement.refresh_from_db()
    assert agreement.state == "closed"
    return agreement


def test_the_evaluation_columns_are_filled_for_those_who_may_see_the_evaluation(cast, tmp_path):
    agreement = _close(sign_both(build_agreement(cast, "ufd-oa")))
    leader_copy = flat(
        pdftotext(
            services.agreement_document_export(
                agreement=agreement, actor=cast.leader, fmt="pdf", language="nb"
            ).content,
            tmp_path,
            "leader",
        )
    )
    assert "Godt arbeid med sykefraværet" in leader_copy
    assert "Meget godt år." in leader_copy and "Følg opp delegeringen." in leader_copy
    # The process owner sees the agreement's content, never evaluations (DESIGN.md §1, §6).
    owner_copy = flat(
        pdftotext(
            services.agreement_document_export(
                agreement=agreement, actor=cast.process_owner, fmt="pdf", language="nb"
            ).content,
            tmp_path,
            "owner",
        )
    )
    assert "Godt arbeid med sykefraværet" not in owner_copy and "Meget godt år." not in owner_copy
    assert "Eksp.sjefs vurdering" in owner_copy  # the columns are there, empty


def test_the_archive_of_a_closed_assessment(cast, client_for, tmp_path):
    from defusedxml import ElementTree as ET

    agreement = _close(sign_both(build_agreement(cast, "ufd-ad")))
    # The process owner may archive the signed agreement but not the assessment.
    owner = client_for(cast.process_owner)
    assert owner.get(url("agreement_archive", agreement)).status_code == 403
    assert owner.get(url("agreement_archive", agreement, type="avtale")).status_code == 200
    response = client_for(cast.superior).get(url("agreement_archive", agreement))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        pdf_name = next(n for n in z.namelist() if n.endswith(".pdf"))
        pdf, xml = z.read(pdf_name), z.read("dokumentbeskrivelse.xml")
    assert pdf_name.endswith("-vurdering.pdf")
    assert "Godt arbeid med sykefraværet" in flat(pdftotext(pdf, tmp_path))
    ns = {"n": "http://www.arkivverket.no/standarder/noark5/arkivmelding"}
    root = ET.fromstring(xml)
    assert root.findtext("n:dokumenttype", namespaces=ns) == "Resultatavtale med vurdering"
    assert root.findtext("n:skjerming/n:tilgangsrestriksjon", namespaces=ns) == "P"
    kinds = list(AuditEvent.objects.filter(action="reports.archive_export").values_list("data__kind", flat=True))
    assert kinds == ["agreement", "assessment"]


# --- manage.py ----------------------------------------------------------------------------------


def test_export_agreement_command(cast, tmp_path):
    agreement = sign_both(build_agreement(cast, "krd-ka"))
    for fmt in ("pdf", "pdfa", "docx"):
        out = tmp_path / f"avtale.{fmt}"
        call_command(
            "export_agreement",
            agreement.pk,
            "--format",
            fmt,
            "--out",
            str(out),
            "--language",
            "nn",
            stdout=io.StringIO(),
        )
        assert out.stat().st_size > 1000
    text = flat(pdftotext((tmp_path / "avtale.pdf").read_bytes(), tmp_path, "cmd"))
    assert "Grunnlag for fastsetjing av resultatkrav" in text
    event = AuditEvent.objects.filter(action="reports.agreement_document").latest("id")
    assert event.actor_label == "" and event.data["language"] == "nn"
    with pytest.raises(CommandError):
        call_command("export_agreement", 999999, "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("export_agreement", agreement.pk, "--version", "9", "--out", str(tmp_path / "x.pdf"))


def test_archive_export_command(cast, tmp_path):
    agreement = build_agreement(cast, "ufd-ad")
    out = tmp_path / "arkiv.zip"
    with pytest.raises(CommandError):  # a draft is not archived
        call_command("archive_export", agreement.pk, "--out", str(out))
    sign_both(agreement)
    call_command("archive_export", agreement.pk, "--out", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as z:
        assert "dokumentbeskrivelse.xml" in z.namelist()
        assert any(n.endswith("-v1.pdf") for n in z.namelist())
