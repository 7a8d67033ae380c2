"""The results agreement (resultatavtale), its requirements, indicators, comments, and the
hash-chained versions and signatures that freeze it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import AgreementState, Binds, CommentKind, Perspective, SignatureRole, state_label


class Agreement(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="agreements")
    period = models.ForeignKey("agreements.Period", on_delete=models.PROTECT, related_name="agreements")
    leader = models.ForeignKey(
        "organisations.Person", on_delete=models.PROTECT, related_name="agreements", verbose_name=_("leader")
    )
    superior = models.ForeignKey(
        "organisations.Person",
        on_delete=models.PROTECT,
        related_name="supervised_agreements",
        verbose_name=_("superior"),
    )
    superior_overridden = models.BooleanField(
        _("superior chosen instead of the one derived from the tree"), default=False
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="agreements")
    template_version = models.ForeignKey(
        "agreements.TemplateVersion", on_delete=models.PROTECT, related_name="agreements"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT, db_index=True
    )
    # {section key: text} and {section key: bool}; the template version says which keys exist.
    sections = models.JSONField(_("text sections"), default=dict, blank=True)
    section_public = models.JSONField(_("public sections"), default=dict, blank=True)
    publication_decided = models.BooleanField(_("publication decided"), default=False)
    lock_version = models.PositiveIntegerField(default=0)
    shared_with_unit_at = models.DateTimeField(_("shared with the unit"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    in_force_version = models.ForeignKey(
        "agreements.AgreementVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version in force"),
    )
    renegotiation_reason = models.TextField(_("reason for renegotiation"), blank=True)
    started_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from the agreement of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("results agreement")
        verbose_name_plural = _("results agreements")
        ordering = ["period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "leader"], name="agreement_one_per_leader_and_period")]
        indexes = [models.Index(fields=["organisation", "period", "state"])]

    def __str__(self) -> str:
        return f"{self.leader} – {self.period}"

    def get_state_display(self) -> str:
        return state_label(self.state)

    @property
    def is_shared_with_unit(self) -> bool:
        return self.shared_with_unit_at is not None

    @property
    def is_renegotiating(self) -> bool:
        return self.in_force_version_id is not None and self.state in (AgreementState.DRAFT, AgreementState.IN_REVIEW)


class Requirement(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="requirements")
    category_key = models.CharField(_("category"), max_length=60)
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(_("number"), max_length=20, blank=True)
    text = models.TextField(_("requirement"))
    binds = models.CharField(_("binds"), max_length=10, choices=Binds.choices, default=Binds.UNIT)
    perspective = models.CharField(_("perspective"), max_length=30, choices=Perspective.choices, blank=True)
    goal = models.ForeignKey(
        "agreements.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name=_("goal"),
    )
    superior_requirement = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_by",
        verbose_name=_("requirement in the superior's agreement"),
    )
    evaluation_method = models.TextField(_("evaluation method"), blank=True)
    elements = models.JSONField(_("elements"), default=list, blank=True)
    public = models.BooleanField(_("public to the unit"), default=True)
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried over from"),
    )
    common_requirement = models.ForeignKey(
        "agreements.CommonRequirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("common requirement"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("performance requirement")
        verbose_name_plural = _("performance requirements")
        ordering = ["agreement", "category_key", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}".strip()

    @property
    def is_common(self) -> bool:
        return self.common_requirement_id is not None


class Indicator(models.Model):
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("indicator"), max_length=500)
    metric = models.CharField(_("metric"), max_length=200, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=3, null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=3, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        # By the requirement's id, not its own ordering: that would join the requirement, its
        # agreement, period and unit to every read of an agreement's indicators (the order within
        # a requirement is the same).
        ordering = ["requirement_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Comment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    requirement = models.ForeignKey(
        Requirement, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    kind = models.CharField(_("kind"), max_length=20, choices=CommentKind.choices, default=CommentKind.DISCUSSION)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class AgreementVersion(models.Model):
    """An immutable snapshot (canonical JSON) of the whole agreement, chained by hash:
    sha256 covers number, previous_hash and snapshot (see services/versions.py)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    reason = models.TextField(_("reason for the change"), blank=True)
    is_in_force = models.BooleanField(_("in force"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="agreementversion_unique")]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"


class Signature(models.Model):
    """Valid only for the exact version (hash) it names; voided when the content changes
    before the other party has signed."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=SignatureRole.choices)
    signed_at = models.DateTimeField(_("signed"))
    version_hash = models.CharField(max_length=64)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "role"], condition=models.Q(voided_at__isnull=True), name="signature_one_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AdviceSetting(models.Model):
    """A process owner's choice to make an advice rule block submission."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    rule_code = models.CharField(_("rule"), max_length=10)
    blocking = models.BooleanField(_("blocks submission"), default=False)

    class Meta:
        verbose_name = _("advice setting")
        verbose_name_plural = _("advice settings")
        constraints = [models.UniqueConstraint(fields=["organisation", "rule_code"], name="advicesetting_unique")]

    def __str__(self) -> str:
        return self.rule_code
