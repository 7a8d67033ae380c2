"""Organisations (the tenant), their unit tree and the people in them (DESIGN.md §1–2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resultatavtaler.lib.jobs import JobStatus
from resultatavtaler.lib.validators import validate_organisation_number

from .constants import GrantedRole, Language, UnitKind

# The anonymity thresholds of DESIGN.md §5. Organisations may raise them, never lower them.
MIN_GROUP_RESPONSES = 3
MIN_TOTAL_RESPONSES = 4


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    org_number = models.CharField(
        _("organisation number"), max_length=9, unique=True, validators=[validate_organisation_number]
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=Language.choices, default=Language.BOKMAAL
    )
    min_group_responses = models.PositiveSmallIntegerField(
        _("minimum responses per rater group"), default=MIN_GROUP_RESPONSES
    )
    min_total_responses = models.PositiveSmallIntegerField(
        _("minimum responses from all raters but self"), default=MIN_TOTAL_RESPONSES
    )
    uses_pay_summary = models.BooleanField(_("uses the pay-negotiation summary"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_group_responses__gte=MIN_GROUP_RESPONSES),
                name="organisation_min_group_not_lowered",
            ),
            models.CheckConstraint(
                condition=models.Q(min_total_responses__gte=MIN_TOTAL_RESPONSES),
                name="organisation_min_total_not_lowered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A node of an organisation's unit tree: departement → avdeling → seksjon.

    `path` is a materialised path of primary keys ("/1/4/17/") so that a subtree is one
    indexed prefix query; it is maintained by organisations.services, never by hand.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit")
    )
    leader = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_units",
        verbose_name=_("leader"),
    )
    has_personnel_responsibility = models.BooleanField(_("leader has personnel responsibility"), default=True)
    path = models.CharField(max_length=500, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_in_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to (not including) this unit."""
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]


class Person(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="persons")
    employee_id = models.CharField(_("employee id"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("unit")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login account"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    left_at = models.DateField(_("left on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "employee_id"], name="person_employee_id_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name


class RoleGrant(models.Model):
    """An explicit grant of process owner, admin or pay role, for a whole organisation or,
    with `unit`, for that unit's subtree."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_grants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=GrantedRole.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="role_grants", verbose_name=_("unit")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "unit"], name="rolegrant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class ImportJob(models.Model):
    """One HR export uploaded on the import page and run by the task worker (importer/jobs.py).

    The file is held in the database (any worker host can read it, no shared disk) only until
    it has been used: a real import drops it when it ends, a preview keeps it while it waits
    for the uploader to confirm (at most PREVIEW_KEPT_FOR, importer/jobs.py). The report stays.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="import_jobs")
    uploaded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_by_name = models.CharField(_("uploaded by"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    data = models.BinaryField(_("file"), null=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(max_length=64)
    dry_run = models.BooleanField(_("preview only"))
    partial = models.BooleanField(_("partial import"), default=False)
    # The preview this import was confirmed from.
    preview = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="confirmed_imports"
    )
    # The uploader's language (messages in the report) and address (the audit event), as in a request.
    language = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    report = models.JSONField(_("report"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
