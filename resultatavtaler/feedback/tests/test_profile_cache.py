"""The frozen profile's rendered body comes from the cache after the first read (per profile,
language and sharing state), while every read is still an audit event (DESIGN.md §6)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.feedback.models import LeaderProfile
from resultatavtaler.feedback.presentation import profile_view_model
from resultatavtaler.feedback.views import profile_body_key

from .test_access_and_anonymity import _closed_round_with_profile

MARKER = '<p id="from-the-cache">Fra hurtigbufferen</p>'


@pytest.fixture
def closed(cast, django_capture_on_commit_callbacks):
    cache.clear()
    fr = _closed_round_with_profile(cast, django_capture_on_commit_callbacks)
    return fr, LeaderProfile.objects.get(round=fr)


def _reads(profile) -> int:
    return AuditEvent.objects.filter(action="feedback.profile_viewed", object_id=str(profile.pk)).count()


@pytest.mark.django_db
def test_the_second_read_renders_from_the_cache_and_both_are_audited(cast, client_for, closed):
    fr, profile = closed
    url = reverse("feedback:profile", args=[fr.pk])
    client = client_for(cast.leader)
    first = client.get(url)
    assert first.status_code == 200
    assert _reads(profile) == 1
    lang = first.headers.get("Content-Language") or translation.get_language()
    with translation.override(lang):
        key = profile_body_key(profile)
        cached = cache.get(key)
        # What was cached is exactly what a fresh rendering of the frozen data gives.
        from django.template.loader import render_to_string

        fresh = render_to_string("feedback/_profile_body.html", {"p": profile_view_model(profile.data)})
    assert cached == fresh and cached in first.content.decode()

    # The second read takes the body from the cache (a marker put there shows up) ...
    cache.set(key, MARKER)
    second = client.get(url).content.decode()
    assert MARKER in second and cached not in second
    # ... and is audited all the same.
    assert _reads(profile) == 2


@pytest.mark.django_db
def test_language_and_sharing_state_have_their_own_entries(cast, client_for, closed):
    fr, profile = closed
    with translation.override("nb"):
        nb = profile_body_key(profile)
    with translation.override("nn"):
        nn = profile_body_key(profile)
    with translation.override("en"):
        en = profile_body_key(profile)
    assert len({nb, nn, en}) == 3

    url = reverse("feedback:profile", args=[fr.pk])
    leader = client_for(cast.leader)
    page = leader.get(url)
    lang = page.headers.get("Content-Language") or "nb"
    with translation.override(lang):
        cache.set(profile_body_key(profile), MARKER)
    assert MARKER in leader.get(url).content.decode()
    assert leader.post(reverse("feedback:profile_share", args=[fr.pk]), {"shared": "1"}).status_code == 302
    # Shared: another entry, rendered afresh (not the marker of the unshared state).
    shared_page = client_for(cast.superior).get(url)
    assert shared_page.status_code == 200 and MARKER not in shared_page.content.decode()
    profile.refresh_from_db()
    assert profile.shared_with_superior
    assert _reads(profile) == 3


@pytest.mark.django_db
def test_a_profile_from_another_organisation_or_without_the_right_gets_nothing_from_the_cache(
    cast, client_for, closed
):
    fr, profile = closed
    url = reverse("feedback:profile", args=[fr.pk])
    client_for(cast.leader).get(url)  # now cached
    assert client_for(cast.superior).get(url).status_code == 403  # not shared
    assert client_for(cast.outsider).get(url).status_code == 404
    assert _reads(profile) == 1


@pytest.mark.django_db
def test_a_read_from_the_cache_reads_neither_the_profile_json_nor_the_question_set(cast, client_for, closed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fr, profile = closed
    url = reverse("feedback:profile", args=[fr.pk])
    client = client_for(cast.leader)
    assert client.get(url).status_code == 200  # renders and caches the body (reads the JSON once)
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(url)
    assert second.status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert '"feedback_leaderprofile"."data"' not in sql
    assert '"feedback_feedbackround"."questionnaire"' not in sql
    assert "feedback_leaderprofile" in sql  # the profile itself is still read (rights, audit)


@pytest.mark.django_db
def test_a_read_reads_the_organisation_once(cast, page_statements, closed):
    """The person's login and the round each bring the organisation along; the profile and its
    audit event use the round's rather than reading it a third time."""
    fr, profile = closed
    html, statements = page_statements(cast.leader, reverse("feedback:profile", args=[fr.pk]))
    assert cast.leader.name in html
    alone = [sql for sql in statements if sql.startswith('SELECT "organisations_organisation"')]
    assert alone == []
    event = AuditEvent.objects.filter(action="feedback.profile_viewed").latest("pk")
    assert event.organisation_id == cast.organisation.pk == profile.organisation_id
