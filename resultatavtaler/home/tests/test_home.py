"""The home page "Mine oppgaver" for every role, and the registry apps fill it through."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from resultatavtaler.home import registry
from resultatavtaler.home.registry import Task, TaskSection

CAST = ["leader", "superior", "director", "employee", "process_owner", "admin_person", "outsider"]


@pytest.fixture
def providers():
    """Register providers for one test only, leaving the apps' own registrations as they were."""
    saved = list(registry._providers)
    yield registry.register
    registry._providers[:] = saved


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("name", CAST)
def test_home_renders_for_every_named_person(cast, client_for, english, name):
    person = getattr(cast, name)
    response = client_for(person).get(reverse("home:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert person.name in html
    assert person.unit.name in html
    assert "not connected to a person" not in html


def test_home_shows_where_the_person_stands(cast, client_for, english):
    html = client_for(cast.leader).get(reverse("home:index")).content.decode()
    assert "You lead" in html and "Personalseksjonen" in html
    assert "Your line manager" in html and "Sverre Sjef" in html

    html = client_for(cast.employee).get(reverse("home:index")).content.decode()
    assert "You lead" not in html
    assert "Live Leder" in html  # the employee's line manager

    html = client_for(cast.director).get(reverse("home:index")).content.decode()
    assert "Your line manager" not in html  # the top of the tree

    html = client_for(cast.process_owner).get(reverse("home:index")).content.decode()
    assert "Process owner" in html


def test_the_units_a_person_leads_are_read_only_for_a_leader(cast, page_statements):
    """The grants the menu reads say whether the reader leads anything; an employee's home page
    does not ask for their led units, a leader's does and names them."""

    def led_units_read(statements):
        return [
            s
            for s in statements
            if 'FROM "organisations_unit" WHERE' in s and '"leader_id" =' in s and "organisations_rolegrant" not in s
        ]

    html, statements = page_statements(cast.employee, reverse("home:index"))
    assert "You lead" not in html and led_units_read(statements) == []
    html, statements = page_statements(cast.leader, reverse("home:index"))
    assert "You lead" in html and "Personalseksjonen" in html
    assert len(led_units_read(statements)) == 1


def test_a_login_without_a_person_is_told_so(client, english, db):
    user = get_user_model().objects.create_user("ukoblet", password="et-langt-passord-1")
    client.force_login(user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    assert "Your login is not connected to a person in an organisation" in response.content.decode()


def test_a_person_who_has_left_is_treated_as_unconnected(cast, client_for, english):
    cast.employee.is_active = False
    cast.employee.save(update_fields=["is_active"])
    html = client_for(cast.employee).get(reverse("home:index")).content.decode()
    assert "not connected to a person" in html
    assert "Personalseksjonen" not in html


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(reverse("home:index"))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/"


def test_sections_from_the_apps_appear_in_order_with_due_dates(cast, client_for, english, providers):
    today = dt.date(2026, 11, 28)

    @providers
    def sign(person):
        if person != cast.superior:
            return None
        return TaskSection(
            title="Agreements to sign",
            order=10,
            tasks=[
                Task(title="Sign Live Leder's agreement", url="/avtaler/1/", due=today),
                Task(title="Review Odd Andreleder's draft", url="/avtaler/2/", due=dt.date(2026, 11, 1), overdue=True),
            ],
        )

    @providers
    def feedback(person):
        return TaskSection(title="360 questionnaires", order=5, empty_text="No questionnaires are waiting.")

    html = client_for(cast.superior).get(reverse("home:index")).content.decode()
    assert html.index("360 questionnaires") < html.index("Agreements to sign")
    assert "No questionnaires are waiting." in html
    assert '<a class="ds-link" href="/avtaler/1/">Sign Live Leder&#x27;s agreement</a>' in html
    assert "Due 28.11.2026" in html
    assert "Overdue" in html and "01.11.2026" in html

    # A provider with nothing for this person adds no section.
    html = client_for(cast.employee).get(reverse("home:index")).content.decode()
    assert "Agreements to sign" not in html
    assert "360 questionnaires" in html


@pytest.mark.parametrize("code", ["nb", "nn", "en"])
def test_due_dates_on_the_page_read_28_11_2026_in_every_language(cast, client_for, providers, code):
    @providers
    def one(person):
        return TaskSection(title="T", tasks=[Task(title="x", url="/", due=dt.date(2026, 11, 28))])

    cast.leader.language = code
    cast.leader.save(update_fields=["language"])
    html = client_for(cast.leader).get(reverse("home:index")).content.decode()
    assert f'<html lang="{code}"' in html
    assert "28.11.2026" in html


def test_with_no_sections_the_page_says_there_is_nothing_to_do(cast, client_for, english, providers):
    registry._providers.clear()
    html = client_for(cast.employee).get(reverse("home:index")).content.decode()
    assert "You have nothing to do right now." in html
