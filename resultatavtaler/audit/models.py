"""The audit log (DESIGN.md §6): append-only and hash-chained so that tampering shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    # PROTECT, not SET_NULL: events are never updated (the trigger would refuse), so an
    # organisation with a log cannot be deleted until retention has purged it (`audit_purge`).
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who: kept as plain values so the log survives deletion of the person (retention).
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class AuditPurge(models.Model):
    """The one controlled way to delete audit events (retention), itself kept for ever.

    The database triggers (migration 0002) refuse every UPDATE of an audit event, and every
    DELETE except of events whose id is at most the highest `up_to_id` recorded here. A purge
    therefore writes its row first and deletes in the same transaction (`audit_purge`), and
    `anchor_hash` — the hash of the last deleted event — lets `audit_verify` check the chain
    that remains. Rows here are append-only as well.
    """

    up_to_id = models.BigIntegerField()
    anchor_hash = models.CharField(max_length=64)
    deleted_count = models.PositiveIntegerField(default=0)
    actor_label = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("audit log purge")
        verbose_name_plural = _("audit log purges")
        ordering = ["up_to_id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ≤{self.up_to_id} ({self.deleted_count})"
