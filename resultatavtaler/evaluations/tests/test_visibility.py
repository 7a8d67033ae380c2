"""Who sees what (DESIGN.md §6): evaluations for the leader, the superior and the upper chain
only; process owners see states and dates; another organisation's agreement is a 404. Every
read of a self-evaluation, assessment, input result or pay summary is audited."""


import pytest
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.evaluations import services
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.services import role_grant

from .conftest import all_ratings

SECRET = "Hemmelig egenvurdering"


@pytest.fixture
def evaluated(signed, leader):
    services.self_evaluation_save(agreement=signed, actor=leader, ratings=all_ratings(signed, 2, SECRET),
                                  summary="Oppsummering: " + SECRET, submit=True)
    signed.refresh_from_db()
    return signed


@pytest.mark.parametrize("who, status, sees", [
    ("leader", 200, True),
    ("superior", 200, True),
    ("director", 200, True),
    ("process_owner", 200, False),
    ("employee", 403, False),
    ("admin_person", 403, False),
    ("outsider", 404, False),
])
def test_the_evaluation_page(evaluated, cast, client_for, who, status, sees):
    r = client_for(getattr(cast, who)).get(f"/oppfolging/avtale/{evaluated.pk}/")
    assert r.status_code == status
    if status == 200:
        assert (SECRET in r.content.decode()) is sees


def test_the_process_owner_sees_states_and_dates(evaluated, process_owner, client_for):
    process_owner.language = "en"
    process_owner.save(update_fields=["language"])
    page = client_for(process_owner).get(f"/oppfolging/avtale/{evaluated.pk}/").content.decode()
    assert "Self-evaluated" in page
    assert timezone.localdate().strftime("%d.%m.%Y") in page  # the submission date
    assert SECRET not in page


@pytest.mark.parametrize("path", ["egenevaluering/", "vurdering/", "samtale/", "justering/", "innhenting/ny/"])
def test_outsiders_get_404_and_employees_403_on_every_evaluation_page(evaluated, cast, client_for, path):
    assert client_for(cast.outsider).get(f"/oppfolging/avtale/{evaluated.pk}/{path}").status_code == 404
    assert client_for(cast.employee).get(f"/oppfolging/avtale/{evaluated.pk}/{path}").status_code == 403


def test_reading_an_evaluation_is_audited(evaluated, director, client_for):
    before = AuditEvent.objects.filter(action="evaluation.viewed").count()
    client_for(director).get(f"/oppfolging/avtale/{evaluated.pk}/")
    ev = AuditEvent.objects.filter(action="evaluation.viewed").latest("id")
    assert AuditEvent.objects.filter(action="evaluation.viewed").count() == before + 1
    assert ev.actor_label == director.name and "self_evaluation" in ev.data["parts"]


def test_input_results_are_for_leader_superior_and_upper_chain(signed, cast, staff, client_for):
    ir = services.input_request_create(agreement=signed, actor=cast.leader, deadline=timezone.localdate())
    from resultatavtaler.evaluations.models import InputInvitation

    for inv in InputInvitation.objects.filter(request=ir):
        services.input_answer_submit(invitation=inv, ratings={}, comments={}, comment="Kommentar fra enheten")
    services.input_request_close(input_request=ir, actor=cast.leader)
    url = f"/oppfolging/innhenting/{ir.pk}/"
    for who in ("leader", "superior", "director"):
        assert "Kommentar fra enheten" in client_for(getattr(cast, who)).get(url).content.decode()
    po = client_for(cast.process_owner).get(url)
    assert po.status_code == 200 and "Kommentar fra enheten" not in po.content.decode()
    assert client_for(cast.employee).get(url).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="evaluation.input_results_viewed").count() == 3


# --- the pay-negotiation summary ---------------------------------------------------------------

@pytest.fixture
def pay_org(cast):
    cast.organisation.uses_pay_summary = True
    cast.organisation.save(update_fields=["uses_pay_summary"])
    return cast.organisation


def test_the_pay_summary_is_off_unless_the_organisation_uses_it(signed, superior, client_for):
    assert client_for(superior).get(f"/oppfolging/lonn/{signed.period_id}/").status_code == 404


def test_pay_summary_visibility_and_audit(signed, cast, pay_org, client_for):
    services.pay_note_save(agreement=signed, actor=cast.superior, note="Foreslås for opprykk")
    own = f"/oppfolging/lonn/{signed.period_id}/"
    other = f"/oppfolging/lonn/{signed.period_id}/{cast.superior.pk}/"
    assert "Foreslås for opprykk" in client_for(cast.superior).get(own).content.decode()
    assert "Foreslås for opprykk" in client_for(cast.director).get(other).content.decode()
    assert client_for(cast.process_owner).get(other).status_code == 403
    assert client_for(cast.leader).get(other).status_code == 403
    assert client_for(cast.outsider).get(other).status_code == 404
    role_grant(person=cast.admin_person, role=GrantedRole.PAY)
    assert client_for(cast.admin_person).get(other).status_code == 200
    assert AuditEvent.objects.filter(action="evaluation.pay_summary_viewed").count() == 3


def test_pay_summary_exports_to_xlsx_and_never_enters_the_agreement(signed, cast, pay_org, client_for):
    import io

    from openpyxl import load_workbook

    from resultatavtaler.agreements.services import snapshot_of

    services.pay_note_save(agreement=signed, actor=cast.superior, note="Foreslås for opprykk")
    r = client_for(cast.superior).get(f"/oppfolging/lonn/{signed.period_id}/eksport.xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert cast.leader.name in cells and "Foreslås for opprykk" in cells
    assert "Foreslås" not in str(snapshot_of(signed))
    assert "Foreslås" not in str([v.snapshot for v in signed.versions.all()])


def test_only_the_superior_writes_pay_notes(signed, cast, pay_org):
    from resultatavtaler.core_errors import PermissionDeniedError

    for who in ("leader", "director", "process_owner"):
        with pytest.raises(PermissionDeniedError):
            services.pay_note_save(agreement=signed, actor=getattr(cast, who), note="x")


def test_self_evaluation_is_only_written_by_the_leader(signed, cast):
    from resultatavtaler.core_errors import DomainError

    for who in ("superior", "director", "process_owner"):
        with pytest.raises(DomainError):
            services.self_evaluation_save(agreement=signed, actor=getattr(cast, who), ratings={}, summary="x")
    with pytest.raises(DomainError) as exc:
        services.self_evaluation_save(agreement=signed, actor=cast.outsider, ratings={}, summary="x")
    assert exc.value.status == 404
