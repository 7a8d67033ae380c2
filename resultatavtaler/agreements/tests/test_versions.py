"""The version chain: signed versions never change, and verify_versions finds tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from resultatavtaler.agreements import services
from resultatavtaler.agreements.models import AgreementVersion
from resultatavtaler.agreements.services.versions import snapshot_of, versions_verify

from .conftest import add, fresh, sign_both, submit


@pytest.fixture
def two_versions(cast, draft):
    add(draft, cast.leader, text="Få på plass en avtale om inkluderende arbeidsliv innen 31.12.02.")
    submit(draft)
    sign_both(draft)
    services.agreement_renegotiate(agreement=draft, actor=cast.leader, reason="Ny underdirektør")
    add(
        draft,
        cast.leader,
        text="Definere egen rolle i forhold til ny underdirektør",
        category_key="personal_development",
    )
    submit(draft)
    sign_both(draft)
    return fresh(draft)


def test_chain_verifies_and_the_command_says_so(two_versions, capsys):
    assert versions_verify() == []
    call_command("verify_versions")
    assert "intact" in capsys.readouterr().out


def test_snapshot_includes_common_requirements_as_they_appeared(cast, period, draft):
    services.common_requirement_create(
        period=period,
        actor=cast.process_owner,
        category_key="general",
        number="3.1",
        text="Delegering av arbeidsoppgaver",
        indicators=["Engasjement og selvstendighet hos medarbeidere"],
        evaluation_method="Tilbakemeldinger fra medarbeidere og avdelingsledelse",
    )
    snap = snapshot_of(fresh(draft))
    (common,) = [r for r in snap["requirements"] if r["common"]]
    assert common["number"] == "3.1" and common["indicators"][0]["text"].startswith("Engasjement")


def test_editing_a_snapshot_row_is_detected(two_versions):
    v1 = AgreementVersion.objects.get(agreement=two_versions, number=1)
    snapshot = v1.snapshot
    snapshot["requirements"][0]["text"] = "Noe helt annet"
    AgreementVersion.objects.filter(pk=v1.pk).update(snapshot=snapshot)
    (broken,) = versions_verify()
    assert (broken.agreement_id, broken.version_number) == (two_versions.pk, 1)
    with pytest.raises(CommandError) as exc:
        call_command("verify_versions")
    assert f"agreement {two_versions.pk}, version 1" in str(exc.value)


def test_a_rewritten_hash_breaks_the_next_link(two_versions):
    v1 = AgreementVersion.objects.get(agreement=two_versions, number=1)
    snapshot = v1.snapshot
    snapshot["requirements"][0]["text"] = "Noe helt annet"
    from resultatavtaler.agreements.services.versions import version_hash

    new_hash = version_hash(number=1, previous_hash=v1.previous_hash, snapshot=snapshot)
    AgreementVersion.objects.filter(pk=v1.pk).update(snapshot=snapshot, sha256=new_hash)
    broken = versions_verify()
    assert broken and broken[0].version_number in (1, 2)
    assert "hash" in broken[0].problem


def test_the_command_exits_non_zero_when_broken(two_versions):
    import subprocess
    import sys

    AgreementVersion.objects.filter(agreement=two_versions, number=2).update(previous_hash="f" * 64)
    with pytest.raises(CommandError):
        call_command("verify_versions")
    assert subprocess and sys  # the CLI path is call_command → CommandError → exit status 1
