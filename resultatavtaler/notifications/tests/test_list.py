"""The in-app notifications page ("Varsler"): one's own notifications only, marking read."""

from django.urls import reverse

from resultatavtaler.notifications.models import Notification


def _note(person, subject, url="/avtaler/"):
    return Notification.objects.create(organisation=person.organisation, person=person, kind="test",
                                       subject=subject, body="Tekst", url=url)


def test_the_list_shows_only_my_notifications_and_marks_them_read(cast, client_for):
    mine = _note(cast.leader, "Til Live")
    _note(cast.superior, "Til Sverre")
    client = client_for(cast.leader)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Til Live" in html and "Til Sverre" not in html
    response = client.post(reverse("notifications:mark_read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_open_marks_read_and_goes_to_the_page(cast, client_for):
    note = _note(cast.leader, "Åpne meg", url="/oppfolging/")
    response = client_for(cast.leader).post(reverse("notifications:mark_read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/oppfolging/"


def test_another_persons_notification_is_not_found(cast, client_for):
    theirs = _note(cast.superior, "Ikke din")
    assert client_for(cast.leader).post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    assert client_for(cast.outsider).post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_and_the_unread_filter(cast, client_for):
    _note(cast.leader, "En")
    _note(cast.leader, "To")
    client = client_for(cast.leader)
    assert "To" in client.get(reverse("notifications:list"), {"vis": "uleste"}).content.decode()
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(person=cast.leader, read_at__isnull=True).exists()
    assert "Til" not in client.get(reverse("notifications:list"), {"vis": "uleste"}).content.decode()


def test_get_does_not_change_anything(cast, client_for):
    note = _note(cast.leader, "Uendret")
    assert client_for(cast.leader).get(reverse("notifications:mark_read", args=[note.pk])).status_code == 405
