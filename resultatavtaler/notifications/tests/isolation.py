"""The notification pages for the organisation-isolation test (accounts/tests/test_isolation.py)."""


def _notification(cast):
    from resultatavtaler.notifications.models import Notification

    note = Notification.objects.filter(person=cast.leader).first()
    return note or Notification.objects.create(organisation=cast.organisation, person=cast.leader, kind="test",
                                               subject="Sporbar melding", body="", url="/")


OBJECT_KWARGS = {
    "notifications:mark_read": lambda cast: {"pk": _notification(cast).pk},
}
