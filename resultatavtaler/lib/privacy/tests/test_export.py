"""The per-person export (GDPR art. 15): what it holds, what it never holds (anonymous
answers), who may take it, and the command."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.evaluations import services as ev_services
from resultatavtaler.evaluations.tests.conftest import all_ratings
from resultatavtaler.feedback import services as fb_services
from resultatavtaler.feedback.constants import RaterGroup
from resultatavtaler.feedback.models import Response
from resultatavtaler.feedback.tests.helpers import answer_all, open_round
from resultatavtaler.lib.privacy.export import person_export_data
from resultatavtaler.notifications.models import Notification

ANONYMOUS_COMMENT = "Sporbar anonym kommentar som aldri skal eksporteres"


@pytest.fixture
def rich_leader(cast, signed_2020, django_capture_on_commit_callbacks):
    """The cast's leader with an agreement, a comment, a self-evaluation, a notification, a
    closed 360 round about them with a development plan, and an anonymous answer they gave
    in another leader's round."""
    leader = cast.leader
    ev_services.self_evaluation_save(agreement=signed_2020, actor=leader, ratings=all_ratings(signed_2020, 2),
                                     summary="Sykefraværet gikk ned i 2020.")
    Notification.objects.create(organisation=cast.organisation, person=leader, kind="test",
                                subject="Sporbar melding til Live", body="", url="/")
    fr, _tokens = open_round(cast, django_capture_on_commit_callbacks, peers=3, extra_direct_reports=0)
    answer_all(fr, RaterGroup.PEERS, 4, comments="God leder")
    answer_all(fr, RaterGroup.SELF, 3)
    fb_services.round_close(feedback_round=fr, actor=leader)
    fr.refresh_from_db()
    fb_services.development_item_create(feedback_round=fr, actor=leader, goal="Bli bedre på delegering")
    # The leader answers, anonymously, in the other leader's round.
    other = fb_services.round_start(leader=cast.other_leader, actor=cast.other_leader, deadline=fr.deadline)
    inv = fb_services.invitation_propose(feedback_round=other, actor=cast.other_leader, group=RaterGroup.PEERS,
                                         person=leader)
    fb_services.round_submit_raters(feedback_round=other, actor=cast.other_leader)
    with django_capture_on_commit_callbacks(execute=True):
        fb_services.round_approve_raters(feedback_round=other, actor=cast.superior)
    inv.refresh_from_db()
    keys = [s["key"] for a in other.questionnaire["areas"] for s in a["statements"]]
    cq = [c["key"] for c in other.questionnaire["comment_questions"]]
    fb_services.answer_draft_save(invitation=inv, answers=dict.fromkeys(keys, 5), comments={cq[0]: ANONYMOUS_COMMENT})
    fb_services.response_submit(invitation=inv)
    assert ANONYMOUS_COMMENT in json.dumps([r.comments for r in Response.objects.all()], ensure_ascii=False)
    return leader


def test_the_export_holds_what_is_stored_about_the_person(rich_leader, cast, signed_2020):
    data = person_export_data(rich_leader)
    text = json.dumps(data, ensure_ascii=False)
    assert data["person"]["name"] == "Live Leder" and data["person"]["email"] == rich_leader.email
    assert [u["name"] for u in data["units_led"]] == ["Personalseksjonen"]
    assert [a["id"] for a in data["agreements_as_leader"]] == [signed_2020.pk]
    assert data["agreements_as_leader"][0]["versions"][0]["signatures"]
    assert "Redusere sykefraværet i seksjonen" in text
    assert data["self_evaluations"][0]["summary"] == "Sykefraværet gikk ned i 2020."
    assert "Sporbar melding til Live" in text
    assert len(data["feedback_rounds"]) == 1 and data["feedback_rounds"][0]["profile"]["data"]
    assert data["development_plans"][0]["items"][0]["goal"] == "Bli bedre på delegering"
    assert any(i["kind"] == "360" and i["about"] == "Odd Andreleder" for i in data["invitations_received"])
    assert any(e["action"].startswith("agreement.") for e in data["audit_events"])
    # Never the anonymous answers (theirs or anyone's), and the export says why.
    assert ANONYMOUS_COMMENT not in text and "God leder" not in text
    assert "anonymously" in data["not_included"]
    # Nothing about other people's agreements as leader.
    assert all(a["id"] == signed_2020.pk for a in data["agreements_as_leader"])


def test_my_data_page_and_downloads(rich_leader, cast, client_for):
    client = client_for(rich_leader)
    html = client.get(reverse("privacy:mine")).content.decode()
    assert "My data" in html and "Agreements as leader" in html
    response = client.get(reverse("privacy:mine_export", args=["json"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["person"]["employee_id"] == rich_leader.employee_id
    pdf = client.get(reverse("privacy:mine_export", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("privacy:mine_export", args=["xml"])).status_code == 404
    events = AuditEvent.objects.filter(action="privacy.person_export", object_id=str(rich_leader.pk))
    assert sorted(e.data["format"] for e in events) == ["json", "pdf"]
    assert all(e.data["by"] == "self" for e in events)


def test_only_admins_export_other_people(cast, client_for):
    url = reverse("privacy:person_export", args=[cast.leader.pk, "json"])
    for person in (cast.superior, cast.director, cast.process_owner, cast.employee):
        assert client_for(person).get(url).status_code == 403, person
    assert client_for(cast.outsider).get(url).status_code == 404
    response = client_for(cast.admin_person).get(url)
    assert response.status_code == 200 and json.loads(response.content)["person"]["name"] == "Live Leder"
    assert AuditEvent.objects.get(action="privacy.person_export").data["by"] == "admin"
    html = client_for(cast.admin_person).get(reverse("privacy:people"), {"q": "Live"}).content.decode()
    assert "Live Leder" in html and "Otto Utenfor" not in html
    assert client_for(cast.leader).get(reverse("privacy:people")).status_code == 403


def test_the_command_writes_json_and_pdf(cast, tmp_path):
    out = tmp_path / "live.json"
    call_command("export_person", cast.leader.employee_id, "--organisation", cast.organisation.org_number,
                 "--format", "json", "--out", str(out))
    assert json.loads(out.read_text())["person"]["name"] == "Live Leder"
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    pdf = tmp_path / "live.pdf"
    call_command("export_person", cast.leader.employee_id, "--organisation", cast.organisation.org_number,
                 "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):  # the outsider's id in the cast's organisation: no such person
        call_command("export_person", cast.outsider.employee_id, "--organisation", cast.organisation.org_number,
                     "--out", str(tmp_path / "x.json"))


def test_the_export_lists_the_person_s_imports_and_documents_without_files_or_other_people(cast, client_for, tmp_path):
    from resultatavtaler.lib.jobs import JobStatus
    from resultatavtaler.organisations.importer.jobs import import_job_confirm, import_job_create, import_job_report
    from resultatavtaler.organisations.tests.import_helpers import GOOD_ROWS, csv_bytes
    from resultatavtaler.reports.constants import DocumentKind
    from resultatavtaler.reports.models import DocumentJob

    uploader = cast.process_owner
    preview = import_job_create(organisation=cast.organisation, actor=uploader, data=csv_bytes(GOOD_ROWS),
                                filename="hr-mars.csv", dry_run=True, partial=True, ip_address="192.0.2.9")
    real = import_job_confirm(job=preview, actor=uploader)
    # A preview still waiting for confirmation: the export says its file is kept, and not what it holds.
    new_row = ["1008", "Nyansatt Sporbar", "nyansatt@eksempel.no", "Rådgiver", "OPL", "", "ED", "nei"]
    import_job_create(organisation=cast.organisation, actor=uploader, data=csv_bytes([new_row]),
                      filename="hr-april.csv", dry_run=True, partial=True, ip_address="192.0.2.10")
    for person, secret in ((uploader, b"%PDF Sporbart dokumentinnhold"), (cast.leader, b"%PDF Lederens")):
        DocumentJob.objects.create(organisation=cast.organisation, requested_by=person,
                                   kind=DocumentKind.LEADER_PROFILE_PDF, object_id=1, language="en",
                                   status=JobStatus.DONE, filename=f"lederprofil-{person.pk}.pdf", content=secret)

    data = person_export_data(uploader)
    text = json.dumps(data, ensure_ascii=False)
    jobs = data["import_jobs"]
    assert [(j["filename"], j["dry_run"], j["status"], j["file_kept"]) for j in jobs] == [
        ("hr-mars.csv", True, "done", False), ("hr-mars.csv", False, "done", False),
        ("hr-april.csv", True, "done", True)]
    report = import_job_report(real)
    assert jobs[1]["counts"] == {**report.counts(), "changes": report.change_count}
    assert jobs[1]["counts"]["persons_created"] == 7 and jobs[1]["counts"]["errors"] == 0
    assert jobs[1]["created_at"] and jobs[1]["finished_at"] and jobs[2]["ip_address"] == "192.0.2.10"
    # Never the people the file and the report name, nor the file itself.
    for row in [*GOOD_ROWS, new_row]:
        assert row[1] not in text and row[2] not in text, row
    assert data["document_jobs"] == [
        {"kind": "leader_profile_pdf", "status": "done", "created_at": data["document_jobs"][0]["created_at"],
         "finished_at": None, "file_kept": True}]
    assert "Sporbart dokumentinnhold" not in text and "Lederens" not in text
    assert [d["kind"] for d in person_export_data(cast.leader)["document_jobs"]] == ["leader_profile_pdf"]
    assert person_export_data(cast.leader)["import_jobs"] == []

    # The "My data" page counts them, and the downloads and the command carry them.
    html = client_for(uploader).get(reverse("privacy:mine")).content.decode()
    assert "<th scope=\"row\">HR exports uploaded for import</th><td>3</td>" in html
    assert "<th scope=\"row\">Documents made for download</th><td>1</td>" in html
    pdf = client_for(uploader).get(reverse("privacy:mine_export", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    out = tmp_path / "po.json"
    call_command("export_person", uploader.employee_id, "--organisation", cast.organisation.org_number,
                 "--format", "json", "--out", str(out))
    exported = json.loads(out.read_text())
    assert len(exported["import_jobs"]) == 3 and exported["document_jobs"][0]["status"] == "done"
