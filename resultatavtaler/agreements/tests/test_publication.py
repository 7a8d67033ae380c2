"""Publication: chosen before signing, shown to the unit after signing — exactly the public
sections and requirements of the version in force."""

import pytest
from django.urls import reverse

from resultatavtaler.agreements import services
from resultatavtaler.agreements.selectors import published_parts
from resultatavtaler.core_errors import DomainError

from .conftest import add, fresh, sign_both, submit


@pytest.fixture
def signed(cast, draft):
    public_req = add(
        draft,
        cast.leader,
        text="Sikre høy kvalitet på regnskapsfunksjonen og økonomikontrollen",
        indicators=["Feilfritt regnskap innen fastsatte tidsfrister"],
    )
    private_req = add(
        draft,
        cast.leader,
        category_key="personal_development",
        text="Definere egen rolle i forhold til ny underdirektør",
    )
    draft = fresh(draft)
    services.agreement_set_publication(
        agreement=draft,
        actor=cast.leader,
        expected_lock_version=draft.lock_version,
        sections={"contact_network": False},
        requirements={public_req.pk: True},
    )
    submit(draft)
    sign_both(draft)
    return draft, public_req, private_req


def test_published_parts_hold_exactly_the_public_parts(cast, signed):
    agreement, public_req, private_req = signed
    parts = published_parts(agreement)
    assert parts.version == agreement.in_force_version
    assert [r["id"] for r in parts.requirements] == [public_req.pk]  # personal goals are private by default
    keys = [s["key"] for s in parts.sections]
    assert "contact_network" not in keys
    assert keys == ["introduction", "section_goals", "position_responsibilities", "assessment_plan"]
    assert parts.requirements[0]["indicators"][0]["text"] == "Feilfritt regnskap innen fastsatte tidsfrister"


def test_nothing_is_published_before_signing(cast, draft):
    assert published_parts(draft).version is None and published_parts(draft).requirements == []


def test_a_draft_revision_is_not_published_until_signed(cast, signed):
    agreement, public_req, _ = signed
    services.agreement_renegotiate(agreement=agreement, actor=cast.leader, reason="Justeringssamtale i juni")
    agreement = fresh(agreement)
    services.requirement_update(
        requirement=public_req,
        actor=cast.leader,
        expected_lock_version=agreement.lock_version,
        text="Utkast som ikke er signert",
    )
    assert published_parts(agreement).requirements[0]["text"].startswith("Sikre høy kvalitet")


def test_publication_cannot_change_after_signing(cast, signed):
    agreement, public_req, _ = signed
    with pytest.raises(DomainError):
        services.agreement_set_publication(
            agreement=agreement,
            actor=cast.leader,
            expected_lock_version=agreement.lock_version,
            requirements={public_req.pk: False},
        )


def test_the_units_employee_sees_the_published_page_only(cast, signed, client_for):
    agreement, _, _ = signed
    html = client_for(cast.employee).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Sikre høy kvalitet" in html
    assert "Definere egen rolle" not in html
    assert "Avdelingsdirektøren har mye kontakt" not in html  # the contact network was not published


def test_other_units_and_outsiders_do_not(cast, signed, client_for):
    agreement, _, _ = signed
    url = reverse("agreements:detail", args=[agreement.pk])
    assert client_for(cast.other_leader).get(url).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404


def test_the_leader_superior_and_upper_chain_see_everything(cast, signed, client_for):
    agreement, _, _ = signed
    url = reverse("agreements:detail", args=[agreement.pk])
    for person in (cast.leader, cast.superior, cast.director, cast.process_owner):
        html = client_for(person).get(url).content.decode()
        assert "Definere egen rolle" in html, person


def test_the_agreement_page_lists_the_versions_without_their_snapshots_or_signatures(
    cast, signed, client_for, page_statements
):
    """The page shows each version's number, which is in force and a link to its changes; the
    snapshots and signatures belong to the history page, so the page does not read them."""
    agreement, public_req, _ = signed
    services.agreement_renegotiate(agreement=agreement, actor=cast.leader, reason="Justeringssamtale i juni")
    agreement = fresh(agreement)
    services.requirement_update(
        requirement=public_req, actor=cast.leader, expected_lock_version=agreement.lock_version, text="Ny tekst"
    )
    submit(agreement)
    sign_both(agreement)
    html, statements = page_statements(cast.leader, reverse("agreements:detail", args=[agreement.pk]))
    assert "Version 2 (in force)" in html
    assert reverse("agreements:diff", args=[agreement.pk, 1, 2]) in html
    (listing,) = [sql for sql in statements if 'FROM "agreements_agreementversion"' in sql]
    assert '"snapshot"' not in listing
    assert not any('"agreements_signature"."version_hash"' in sql for sql in statements)
    history = client_for(cast.leader).get(reverse("agreements:history", args=[agreement.pk])).content.decode()
    assert cast.superior.name in history  # the signatures are on the history page


def test_my_units_page_shows_the_newest_agreements_public_parts_and_lists_the_others_by_name(
    cast, ad_template, signed, page_statements
):
    """An employee sees the published parts of the newest agreement of the unit; the other years'
    agreements (and those of the units above) are links, read without their content, so the
    page costs the same however many years lie behind it."""
    from .conftest import year_period

    agreement, public_req, private_req = signed
    url = reverse("agreements:unit")
    html, one_year = page_statements(cast.employee, url)
    assert public_req.text in html and private_req.text not in html

    earlier = services.agreement_start(period=year_period(cast, ad_template, 2020), leader=cast.leader,
                                       actor=cast.leader)
    old_req = add(earlier, cast.leader, text="Krav fra et tidligere år")
    earlier = fresh(earlier)
    services.agreement_set_publication(agreement=earlier, actor=cast.leader, expected_lock_version=earlier.lock_version,
                                       sections={}, requirements={old_req.pk: True})
    submit(earlier)
    sign_both(earlier)
    html, statements = page_statements(cast.employee, url)
    assert public_req.text in html and private_req.text not in html and old_req.text not in html
    assert reverse("agreements:detail", args=[earlier.pk]) in html
    assert len(statements) == len(one_year)
    # One version's snapshot and one template's content are read: those of the agreement shown.
    assert sum('"agreements_agreementversion"."snapshot"' in sql for sql in statements) == 1
    assert sum('"agreements_templateversion"."content"' in sql for sql in statements) == 1
    assert not any('"agreements_agreement"."sections"' in sql for sql in statements)


def test_the_agreement_page_reads_the_indicators_without_joining_the_agreement_and_period(
    cast, signed, page_statements
):
    """Indicators are ordered by their requirement's id and their position: ordering by the
    requirement itself would join the requirement, agreement, period and unit to the read."""
    agreement, _public_req, _ = signed
    html, statements = page_statements(cast.leader, reverse("agreements:detail", args=[agreement.pk]))
    assert "Feilfritt regnskap innen fastsatte tidsfrister" in html
    (indicators,) = [sql for sql in statements if 'FROM "agreements_indicator"' in sql]
    assert " JOIN " not in indicators, statements
