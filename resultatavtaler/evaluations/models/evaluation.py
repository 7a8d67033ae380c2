"""The leader's self-evaluation, the superior's assessment with the conversation, the mid-year
review and the superior's notes for pay negotiations (DESIGN.md §2–3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingBase(models.Model):
    """A rating of one requirement. The value is stored with its label in three languages and
    the evaluation keeps a copy of the whole scale, so a later change of scale never changes
    what was said."""

    requirement = models.ForeignKey("agreements.Requirement", on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(_("rating"), null=True, blank=True)
    label = models.JSONField(default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True


class SelfEvaluation(models.Model):
    """Egenevaluering: per requirement a rating and a comment, and the summary note
    (oppsummering av oppnådde resultater)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agreement = models.OneToOneField("agreements.Agreement", on_delete=models.CASCADE, related_name="self_evaluation")
    scale = models.JSONField(default=list)
    summary = models.TextField(_("summary of results achieved"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")

    def __str__(self) -> str:
        return str(self.agreement)


class SelfRating(RatingBase):
    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="ratings")

    class Meta:
        verbose_name = _("self-rating")
        verbose_name_plural = _("self-ratings")
        constraints = [models.UniqueConstraint(fields=["self_evaluation", "requirement"], name="selfrating_unique")]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.value}"


class Assessment(models.Model):
    """The superior's assessment and the assessment conversation (vurderingssamtale)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agreement = models.OneToOneField("agreements.Agreement", on_delete=models.CASCADE, related_name="assessment")
    scale = models.JSONField(default=list)
    conversation_at = models.DateTimeField(_("conversation"), null=True, blank=True)
    conversation_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=60)
    conversation_place = models.CharField(_("place"), max_length=200, blank=True)
    conversation_sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE on rescheduling
    overall_value = models.SmallIntegerField(_("overall rating"), null=True, blank=True)
    overall_label = models.JSONField(default=dict, blank=True)
    overall = models.TextField(_("overall assessment"), blank=True)
    follow_up = models.TextField(_("agreed follow-up"), blank=True)
    leader_feedback = models.TextField(_("the leader's feedback to the superior"), blank=True)
    completed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    leader_acknowledged_at = models.DateTimeField(_("acknowledged by the leader"), null=True, blank=True)
    superior_acknowledged_at = models.DateTimeField(_("acknowledged by the superior"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return str(self.agreement)


class AssessmentRating(RatingBase):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")

    class Meta:
        verbose_name = _("assessment rating")
        verbose_name_plural = _("assessment ratings")
        constraints = [models.UniqueConstraint(fields=["assessment", "requirement"], name="assessmentrating_unique")]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.value}"


class MidyearReview(models.Model):
    """Justeringssamtale: a dated record of the mid-year conversation; it may open a
    renegotiation of the agreement."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="midyear_reviews")
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"))
    participants = models.ManyToManyField("organisations.Person", related_name="+", verbose_name=_("participants"))
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    opened_renegotiation = models.BooleanField(_("opened a renegotiation"), default=False)
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mid-year review")
        verbose_name_plural = _("mid-year reviews")
        ordering = ["agreement", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement} {self.date:%d.%m.%Y}"


class PaySummaryNote(models.Model):
    """The superior's note on one leader for local pay negotiations (seed 2.8.1): a separate
    record, never part of the agreement document or its versions."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agreement = models.OneToOneField("agreements.Agreement", on_delete=models.CASCADE, related_name="pay_note")
    note = models.TextField(_("note for the pay negotiations"), blank=True)
    written_by = models.ForeignKey("organisations.Person", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pay-negotiation note")
        verbose_name_plural = _("pay-negotiation notes")

    def __str__(self) -> str:
        return str(self.agreement)
