"""`django-admin/` is for platform superusers, and read-only for the organisation records."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from resultatavtaler.organisations.models import Organisation, Person, RoleGrant, Unit


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "et-langt-rotpassord")
    client.force_login(user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    return client


def test_the_organisation_admin_role_does_not_open_django_admin(client_for, admin_person):
    client = client_for(admin_person)
    admin_person.user.is_staff = True  # not even staff status
    admin_person.user.save(update_fields=["is_staff"])
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response.url.startswith("/django-admin/login/")
    assert client.get(reverse("admin:organisations_person_changelist")).status_code == 302


def test_anonymous_visitors_are_sent_to_the_admin_login(client, db):
    response = client.get(reverse("admin:organisations_unit_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize("model", [Organisation, Unit, Person, RoleGrant])
def test_superusers_list_and_search_the_organisation_records(superuser_client, cast, model):
    url = reverse(f"admin:organisations_{model._meta.model_name}_changelist")
    assert superuser_client.get(url).status_code == 200
    assert superuser_client.get(url, {"q": "Leder"}).status_code == 200


def test_search_and_filters_find_people(superuser_client, cast):
    url = reverse("admin:organisations_person_changelist")
    html = superuser_client.get(url, {"q": "Live"}).content.decode()
    assert "Live Leder" in html and "Erle Ansatt" not in html
    html = superuser_client.get(url, {"organisation__id__exact": cast.other_organisation.pk}).content.decode()
    assert "Otto Utenfor" in html and "Live Leder" not in html


def test_the_admin_is_read_only(superuser_client, cast):
    assert superuser_client.get(reverse("admin:organisations_unit_add")).status_code == 403
    change = reverse("admin:organisations_unit_change", args=[cast.section.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = superuser_client.post(change, {"name": "Omdøpt", "code": "X"})
    assert response.status_code == 403
    cast.section.refresh_from_db()
    assert cast.section.name == "Personalseksjonen"
    delete = reverse("admin:organisations_unit_delete", args=[cast.section.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert Unit.objects.filter(pk=cast.section.pk).exists()
