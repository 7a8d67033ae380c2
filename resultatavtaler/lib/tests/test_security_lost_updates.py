"""No lost updates: every edit form carries the version it was made from, and a save over a
newer version is refused with a message that says what the newer version holds.

On PostgreSQL with real concurrent transactions: two threads, each with its own database
connection, read the same version, meet at a barrier and save at once. Exactly one wins; the
other is refused as stale; the row holds the winner's content. SQLite has a single writer, so
there the same refusals are shown one after the other (and the threaded tests are skipped,
visibly)."""

import datetime
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from resultatavtaler.agreements import services as ag
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Agreement, Template, TemplateVersion
from resultatavtaler.core_errors import DomainError
from resultatavtaler.evaluations import services as ev
from resultatavtaler.evaluations.models import SelfEvaluation
from resultatavtaler.evaluations.tests.conftest import all_ratings
from resultatavtaler.organisations.constants import GrantedRole
from resultatavtaler.organisations.services import role_grant
from resultatavtaler.organisations.tests.factories import build_cast

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
SKIP_ON_SQLITE = pytest.mark.skipif(
    not ON_POSTGRES, reason="postgres_only: needs concurrent transactions on PostgreSQL (SQLite has a single writer)"
)


def _section_key(agreement) -> str:
    return next(s["key"] for s in agreement.template_version.content["sections"] if s.get("kind", "text") == "text")


def _agreement(cast, *, state="in_review") -> Agreement:
    ensure_builtin_templates()
    tv = Template.objects.get(organisation__isnull=True, key="ufd-ad").latest_version()
    period = ag.period_create(
        organisation=cast.organisation, actor=cast.process_owner, name="2026",
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), default_template=tv.template,
    )
    agreement = ag.agreement_start(period=period, leader=cast.leader, actor=cast.leader)
    ag.requirement_add(agreement=agreement, actor=cast.leader, expected_lock_version=agreement.lock_version,
                       category_key="professional", text="Saker behandles innen fristen")
    agreement.refresh_from_db()
    ag.agreement_submit(agreement=agreement, actor=cast.leader)
    agreement.refresh_from_db()
    if state == "signed":
        ag.agreement_sign(agreement=agreement, actor=cast.leader)
        ag.agreement_sign(agreement=agreement, actor=cast.superior)
        agreement.refresh_from_db()
    return agreement


def race(*saves):
    """Run each save in its own thread and database connection. Each save is a pair
    (read, write): all reads happen, then all threads meet at a barrier, then all write at
    once. Returns each thread's result: "ok" or the DomainError's code."""
    barrier = threading.Barrier(len(saves), timeout=30)
    results: list = [None] * len(saves)

    def run(i, read, write):
        try:
            seen = read()
            barrier.wait()
            write(seen)
            results[i] = "ok"
        except DomainError as exc:
            results[i] = exc.code
        except Exception as exc:  # pragma: no cover - reported by the assertions
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r, w)) for i, (r, w) in enumerate(saves)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


# --- real concurrent transactions (PostgreSQL) ---------------------------------------------


@pytest.mark.postgres_only
@SKIP_ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_two_editors_of_an_agreement_in_review_one_wins():
    cast = build_cast()
    agreement = _agreement(cast)
    key = _section_key(agreement)

    def editor(person, text):
        def read():
            return Agreement.objects.get(pk=agreement.pk).lock_version

        def write(lock_version):
            ag.agreement_update_sections(agreement=Agreement.objects.get(pk=agreement.pk), actor=person,
                                         expected_lock_version=lock_version, sections={key: text})

        return read, write

    results = race(editor(cast.leader, "Lederens tekst"), editor(cast.superior, "Overordnedes tekst"))
    assert sorted(results) == ["ok", "stale"], results
    winner = "Lederens tekst" if results[0] == "ok" else "Overordnedes tekst"
    agreement.refresh_from_db()
    assert agreement.sections[key] == winner


@pytest.mark.postgres_only
@SKIP_ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_the_same_self_evaluation_one_wins():
    cast = build_cast()
    agreement = _agreement(cast, state="signed")
    ev.self_evaluation_save(agreement=agreement, actor=cast.leader, ratings={}, summary="Første utkast")

    def tab(summary):
        def read():
            return ev.edit_version(SelfEvaluation.objects.get(agreement=agreement))

        def write(version):
            ev.self_evaluation_save(agreement=Agreement.objects.get(pk=agreement.pk), actor=cast.leader,
                                    ratings=all_ratings(agreement), summary=summary, expected_version=version)

        return read, write

    results = race(tab("Fra fane A"), tab("Fra fane B"))
    assert sorted(results) == ["ok", "stale"], results
    winner = "Fra fane A" if results[0] == "ok" else "Fra fane B"
    assert SelfEvaluation.objects.get(agreement=agreement).summary == winner


@pytest.mark.postgres_only
@SKIP_ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_two_process_owners_tailoring_one_template_one_wins():
    cast = build_cast()
    role_grant(person=cast.admin_person, role=GrantedRole.PROCESS_OWNER)
    ensure_builtin_templates()
    builtin = Template.objects.get(organisation__isnull=True, key="ufd-ad")
    template = ag.template_copy(template=builtin, organisation=cast.organisation, actor=cast.process_owner,
                                name="Vår mal")

    def owner(person, title):
        def read():
            version = Template.objects.get(pk=template.pk).latest_version()
            return version.number, version.content

        def write(seen):
            number, content = seen
            ag.template_update(template=template, actor=person, expected_version=number,
                               content={**content, "title": {"nb": title, "nn": title, "en": title}})

        return read, write

    results = race(owner(cast.process_owner, "Pias mal"), owner(cast.admin_person, "Adas mal"))
    assert sorted(results) == ["ok", "stale"], results
    winner = "Pias mal" if results[0] == "ok" else "Adas mal"
    latest = Template.objects.get(pk=template.pk).latest_version()
    assert latest.content["title"]["nb"] == winner
    assert TemplateVersion.objects.filter(template=template).count() == 2  # the copy and the winner's


# --- the refusal and its message, one after the other (both databases) -----------------------


def test_a_stale_self_evaluation_form_is_refused_and_shows_the_newer_text(cast, client_for):
    agreement = _agreement(cast, state="signed")
    url = reverse("evaluations:self_evaluation", args=[agreement.pk])
    client = client_for(cast.leader)
    html = client.get(url).content.decode()
    assert 'name="version" value=""' in html  # nothing saved yet
    # Another tab saves first.
    ev.self_evaluation_save(agreement=agreement, actor=cast.leader, ratings={}, summary="Skrevet i den andre fanen")
    response = client.post(url, {"version": "", "summary": "Skrevet her"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Someone else saved the self-evaluation" in text and "Skrevet i den andre fanen" in text
    assert SelfEvaluation.objects.get(agreement=agreement).summary == "Skrevet i den andre fanen"
    # With the current version the save goes through.
    version = ev.edit_version(SelfEvaluation.objects.get(agreement=agreement))
    assert client.post(url, {"version": version, "summary": "Skrevet her"}).status_code == 302
    assert SelfEvaluation.objects.get(agreement=agreement).summary == "Skrevet her"


def test_a_stale_assessment_is_refused(cast):
    agreement = _agreement(cast, state="signed")
    ev.self_evaluation_save(agreement=agreement, actor=cast.leader, ratings=all_ratings(agreement),
                            summary="Oppsummering", submit=True)
    agreement.refresh_from_db()
    ev.assessment_save(agreement=agreement, actor=cast.superior, ratings={}, overall="Første vurdering")
    with pytest.raises(DomainError) as refused:
        ev.assessment_save(agreement=agreement, actor=cast.superior, ratings={}, overall="Annen vurdering",
                           expected_version="")
    assert refused.value.code == "stale" and "Første vurdering" in refused.value.message


def test_a_stale_template_form_is_refused_and_names_the_newer_version(cast, client_for):
    ensure_builtin_templates()
    builtin = Template.objects.get(organisation__isnull=True, key="ufd-ad")
    template = ag.template_copy(template=builtin, organisation=cast.organisation, actor=cast.process_owner,
                                name="Vår mal")
    seen = template.latest_version()
    ag.template_update(template=template, actor=cast.process_owner, change_note="Kortere seksjoner",
                       content={**seen.content, "title": {"nb": "Ny", "nn": "Ny", "en": "New"}},
                       expected_version=seen.number)
    with pytest.raises(DomainError) as refused:
        ag.template_update(template=template, actor=cast.process_owner, expected_version=seen.number,
                           content={**seen.content, "title": {"nb": "Min", "nn": "Min", "en": "Mine"}})
    assert refused.value.code == "stale" and "Kortere seksjoner" in refused.value.message
    assert template.latest_version().content["title"]["nb"] == "Ny"
    html = client_for(cast.process_owner).get(reverse("agreements:template_edit", args=[template.pk])).content
    assert f'name="version_number" value="{seen.number + 1}"'.encode() in html


def test_a_stale_agreement_edit_is_refused(cast):
    agreement = _agreement(cast)
    key = _section_key(agreement)
    seen = agreement.lock_version
    ag.agreement_update_sections(agreement=agreement, actor=cast.superior, expected_lock_version=seen,
                                 sections={key: "Overordnedes tekst"})
    with pytest.raises(DomainError) as refused:
        ag.agreement_update_sections(agreement=agreement, actor=cast.leader, expected_lock_version=seen,
                                     sections={key: "Lederens tekst"})
    assert refused.value.code == "stale"
    agreement.refresh_from_db()
    assert agreement.sections[key] == "Overordnedes tekst"
