import pytest
from django.core import mail

from resultatavtaler.agreements import services
from resultatavtaler.agreements.constants import AgreementState
from resultatavtaler.agreements.models import AgreementVersion, Comment, Signature
from resultatavtaler.agreements.selectors import version_diff
from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.core_errors import DomainError
from resultatavtaler.notifications.models import Notification

from .conftest import add, fresh, sign_both, submit


def test_start_fills_sections_with_the_template_defaults_and_derives_the_superior(cast, draft):
    assert draft.superior == cast.superior
    assert draft.unit == cast.section
    assert draft.state == AgreementState.DRAFT
    assert draft.sections["position_responsibilities"].startswith(
        "The deputy director general has the administrative and professional management of the section."
    )  # the template's default text in the leader's language (the organisation's: English here)
    assert "holder" not in draft.sections  # filled from the agreement's leader, not text
    assert AuditEvent.objects.filter(action="agreement.start", object_id=str(draft.pk)).exists()


def test_a_leader_gets_one_agreement_per_period(cast, period, draft):
    with pytest.raises(DomainError):
        services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)


def test_full_flow_submit_return_sign(cast, draft):
    req = add(
        draft,
        cast.leader,
        text="Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen",
        indicators=["Feilfritt regnskap innen fastsatte tidsfrister"],
    )
    assert req.number == "1.1"
    submit(draft)
    assert fresh(draft).state == AgreementState.IN_REVIEW
    assert Notification.objects.filter(person=cast.superior, kind="agreement_submitted").exists()

    services.agreement_return(agreement=draft, actor=cast.superior, comment="Legg til et krav om økonomi.")
    assert fresh(draft).state == AgreementState.DRAFT
    assert Comment.objects.filter(agreement=draft, kind="review").count() == 1
    assert Notification.objects.filter(person=cast.leader, kind="agreement_returned").exists()

    submit(draft)
    services.agreement_sign(agreement=fresh(draft), actor=cast.superior)
    assert fresh(draft).state == AgreementState.IN_REVIEW
    assert AgreementVersion.objects.filter(agreement=draft).count() == 1
    assert Notification.objects.filter(person=cast.leader, kind="agreement_sign_requested").exists()

    services.agreement_sign(agreement=fresh(draft), actor=cast.leader)
    draft = fresh(draft)
    assert draft.state == AgreementState.SIGNED
    version = draft.in_force_version
    assert version.is_in_force and version.number == 1
    assert {s.role for s in version.signatures.all()} == {"leader", "superior"}
    assert all(s.version_hash == version.sha256 for s in version.signatures.all())


def test_signing_twice_is_refused(cast, draft):
    submit(draft)
    services.agreement_sign(agreement=draft, actor=cast.leader)
    with pytest.raises(DomainError) as exc:
        services.agreement_sign(agreement=draft, actor=cast.leader)
    assert exc.value.code == "already_signed"


def test_a_change_after_the_first_signature_voids_it(cast, draft):
    submit(draft)
    services.agreement_sign(agreement=draft, actor=cast.leader)
    draft = fresh(draft)
    services.agreement_update_sections(
        agreement=draft,
        actor=cast.superior,
        expected_lock_version=draft.lock_version,
        sections={"section_goals": "Endret av ekspedisjonssjefen."},
    )
    assert Signature.objects.filter(version__agreement=draft, voided_at__isnull=True).count() == 0
    services.agreement_sign(agreement=draft, actor=cast.superior)
    assert fresh(draft).state == AgreementState.IN_REVIEW  # the leader's signature was on another content
    services.agreement_sign(agreement=draft, actor=cast.leader)
    draft = fresh(draft)
    assert draft.state == AgreementState.SIGNED
    assert draft.in_force_version.number == 2
    assert draft.in_force_version.previous_hash == AgreementVersion.objects.get(agreement=draft, number=1).sha256


@pytest.mark.parametrize(
    ("action", "who"),
    [("submit", "superior"), ("submit", "employee"), ("submit", "director"), ("submit", "process_owner")],
)
def test_submit_by_anyone_but_the_leader_is_refused(cast, draft, action, who):
    person = getattr(cast, who)
    with pytest.raises(DomainError) as exc:
        services.agreement_submit(agreement=draft, actor=person)
    assert exc.value.status in (403, 404)
    assert fresh(draft).state == AgreementState.DRAFT


def test_outsider_gets_a_404_level_refusal_everywhere(cast, draft):
    calls = [
        lambda: services.agreement_submit(agreement=draft, actor=cast.outsider),
        lambda: services.agreement_sign(agreement=draft, actor=cast.outsider),
        lambda: services.agreement_return(agreement=draft, actor=cast.outsider, comment="x"),
        lambda: services.agreement_renegotiate(agreement=draft, actor=cast.outsider, reason="x"),
        lambda: services.agreement_comment(agreement=draft, actor=cast.outsider, text="x"),
        lambda: services.agreement_share_with_unit(agreement=draft, actor=cast.outsider),
        lambda: services.agreement_update_sections(
            agreement=draft, actor=cast.outsider, expected_lock_version=0, sections={"section_goals": "x"}
        ),
        lambda: add(draft, cast.outsider),
    ]
    for call in calls:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.status == 404
    assert fresh(draft).lock_version == 0


def test_wrong_state_is_refused_with_a_message_and_changes_nothing(cast, draft):
    with pytest.raises(DomainError) as exc:
        services.agreement_sign(agreement=draft, actor=cast.leader)
    assert exc.value.code == "wrong_state"
    with pytest.raises(DomainError):
        services.agreement_return(agreement=draft, actor=cast.superior, comment="x")
    with pytest.raises(DomainError):
        services.agreement_renegotiate(agreement=draft, actor=cast.leader, reason="x")
    submit(draft)
    with pytest.raises(DomainError):
        submit(draft)
    sign_both(draft)
    with pytest.raises(DomainError) as exc:
        services.agreement_update_sections(
            agreement=draft,
            actor=cast.leader,
            expected_lock_version=fresh(draft).lock_version,
            sections={"section_goals": "x"},
        )
    assert exc.value.code == "wrong_state"
    assert AgreementVersion.objects.filter(agreement=draft).count() == 1


def test_return_needs_the_superior_and_a_comment(cast, draft):
    submit(draft)
    with pytest.raises(DomainError) as exc:
        services.agreement_return(agreement=draft, actor=cast.leader, comment="x")
    assert exc.value.status == 403
    with pytest.raises(DomainError):
        services.agreement_return(agreement=draft, actor=cast.superior, comment="  ")
    assert fresh(draft).state == AgreementState.IN_REVIEW


def test_stale_lock_version_is_refused(cast, draft):
    stale = draft.lock_version
    services.agreement_update_sections(
        agreement=draft, actor=cast.leader, expected_lock_version=stale, sections={"section_goals": "Første"}
    )
    with pytest.raises(DomainError) as exc:
        services.agreement_update_sections(
            agreement=draft, actor=cast.leader, expected_lock_version=stale, sections={"section_goals": "Andre"}
        )
    assert exc.value.code == "stale"
    assert fresh(draft).sections["section_goals"] == "Første"
    with pytest.raises(DomainError):
        services.agreement_submit(agreement=draft, actor=cast.leader, expected_lock_version=stale)


def test_max_lines_of_a_section(cast, draft):
    with pytest.raises(DomainError):
        services.agreement_update_sections(
            agreement=draft,
            actor=cast.leader,
            expected_lock_version=0,
            sections={"section_goals": "\n".join(["linje"] * 6)},
        )


def test_renegotiation_keeps_the_signed_version_in_force_until_both_sign(cast, draft):
    keep = add(draft, cast.leader, text="Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02.")
    drop = add(
        draft,
        cast.leader,
        text="Definere egen rolle i forhold til ny underdirektør",
        category_key="personal_development",
    )
    submit(draft)
    sign_both(draft)
    v1 = draft.in_force_version
    v1_snapshot = dict(v1.snapshot)
    with pytest.raises(DomainError):
        services.agreement_renegotiate(agreement=draft, actor=cast.leader, reason="")
    services.agreement_renegotiate(agreement=draft, actor=cast.superior, reason="Ny underdirektør er ansatt.")
    draft = fresh(draft)
    assert draft.state == AgreementState.DRAFT and draft.is_renegotiating
    assert draft.in_force_version == v1
    lv = draft.lock_version
    services.requirement_update(
        requirement=keep,
        actor=cast.leader,
        expected_lock_version=lv,
        text="Få på plass en avtale om inkluderende arbeidsliv innen 30.06.",
    )
    services.requirement_remove(requirement=drop, actor=cast.leader, expected_lock_version=lv + 1)
    added = add(draft, cast.leader, text="Kontroll over utgiftene gjennom året")
    submit(draft)
    services.agreement_sign(agreement=draft, actor=cast.leader)
    assert fresh(draft).in_force_version == v1  # one signature is not enough
    services.agreement_sign(agreement=draft, actor=cast.superior)
    draft = fresh(draft)
    v2 = draft.in_force_version
    assert v2.number == 2 and v2.reason == "Ny underdirektør er ansatt."
    v1.refresh_from_db()
    assert not v1.is_in_force and v1.snapshot == v1_snapshot
    diff = version_diff(v1, v2)
    assert diff.reason == "Ny underdirektør er ansatt."
    assert [r["id"] for r in diff.added] == [added.pk]
    assert [r["id"] for r in diff.removed] == [drop.pk]
    (change,) = diff.changed
    text_change = next(c for c in change.changes if c.field == "text")
    assert text_change.before.endswith("31.12.02.") and text_change.after.endswith("30.06.")
    assert Notification.objects.filter(person=cast.leader, kind="agreement_renegotiation").exists()


def test_share_with_unit_lets_employees_comment(cast, draft):
    with pytest.raises(DomainError):
        services.agreement_comment(agreement=draft, actor=cast.employee, text="Hei")
    services.agreement_share_with_unit(agreement=draft, actor=cast.leader)
    assert Notification.objects.filter(person=cast.employee, kind="agreement_shared").exists()
    comment = services.agreement_comment(agreement=draft, actor=cast.employee, text="Godt forslag")
    assert comment.kind == "unit"
    assert Notification.objects.filter(person=cast.leader, kind="agreement_comment").exists()
    with pytest.raises(DomainError):
        services.agreement_share_with_unit(agreement=draft, actor=cast.employee)


@pytest.mark.django_db(transaction=True)
def test_emails_leave_after_commit(cast, period):
    draft = services.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    services.agreement_submit(agreement=draft, actor=cast.leader)
    assert any(cast.superior.email in m.to for m in mail.outbox)
