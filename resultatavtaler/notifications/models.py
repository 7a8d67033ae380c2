"""The in-app list of notifications (what the e-mails said, readable on the site)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "read_at"], name="notification_person_unread")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderLog(models.Model):
    """One reminder sent: what (kind), about which object, to whom, on which day. Unique, so
    the daily `send_reminders` run can be repeated (or run twice by two hosts) without sending
    anything twice; the cadence rules in reminders.py read it to decide when to repeat."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "person", "date"], name="reminderlog_once_per_day"
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_type", "object_id", "person"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}:{self.object_id} → {self.person_id} ({self.date})"
