"""Agreement periods, who takes part in them, and the goals agreements cascade from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import GoalSource, ParticipantSource, ParticipationRuleKind, PeriodKind, PeriodState, Perspective


class Period(models.Model):
    """An agreement period (avtaleperiode) of one organisation with its milestone dates."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    drafts_due = models.DateField(_("drafts due"), null=True, blank=True)
    signing_due = models.DateField(_("signing due"), null=True, blank=True)
    midyear_review = models.DateField(_("mid-year review"), null=True, blank=True)
    self_evaluations_due = models.DateField(_("self-evaluations due"), null=True, blank=True)
    assessment_from = models.DateField(_("assessment conversations from"), null=True, blank=True)
    assessment_to = models.DateField(_("assessment conversations until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN)
    default_template = models.ForeignKey(
        "agreements.Template",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default template"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement period")
        verbose_name_plural = _("agreement periods")
        ordering = ["-start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="period_name_unique_in_organisation"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN


class ParticipationRule(models.Model):
    """A process owner's addition to who gets an agreement beyond the unit leaders with
    personnel responsibility: a named person (e.g. an underdirektør) or every employee of a unit."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="participation_rules")
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipationRuleKind.choices)
    person = models.ForeignKey(
        "organisations.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    superior_override = models.ForeignKey(
        "organisations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("superior (instead of the one derived from the tree)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation rule")
        verbose_name_plural = _("participation rules")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="person", person__isnull=False) | models.Q(kind="unit_members", unit__isnull=False)
                ),
                name="participationrule_target_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.person or self.unit}"


class PeriodParticipant(models.Model):
    """One person who is to have an agreement in a period (computed by
    `period_participants_refresh`)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    superior_override = models.ForeignKey(
        "organisations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("superior (instead of the one derived from the tree)"),
    )
    source = models.CharField(_("source"), max_length=10, choices=ParticipantSource.choices)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["period", "person"], name="periodparticipant_unique")]

    def __str__(self) -> str:
        return f"{self.period}: {self.person}"


class Goal(models.Model):
    """A goal or styringsparameter of a unit for a period; goals form a tree."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="goals")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="goals")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent goal")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=30, choices=GoalSource.choices, default=GoalSource.BUSINESS_PLAN)
    perspective = models.CharField(_("perspective"), max_length=30, choices=Perspective.choices, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["period", "unit", "position", "pk"]

    def __str__(self) -> str:
        return self.title
