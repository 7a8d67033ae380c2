"""360-degree leadership evaluation (DESIGN.md §5): the question bank of an organisation,
rounds with their invitations, the anonymous responses, the frozen leadership profile and
the development plan that follows from it.

Anonymity is built into the shape of the data: a Response carries its round, its rater group
and the answers — nothing else. It has no relation to an Invitation, Person or User, no
timestamp and a random UUID key, so neither a join nor the order of rows leads from an answer
to the person who gave it. The tests introspect these fields.
"""

import uuid

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .constants import InvitationState, RaterGroup, RoundState


def pick_language(texts: dict, language: str | None = None) -> str:
    """The text of a {"nb": ..., "nn": ..., "en": ...} dict in the active language, falling
    back to bokmål and then to any language present."""
    language = (language or translation.get_language() or "nb")[:2]
    if language == "no":
        language = "nb"
    return texts.get(language) or texts.get("nb") or next((v for v in texts.values() if v), "")


class TrilingualMixin:
    def _pick(self, prefix: str) -> str:
        return pick_language(
            {lang: getattr(self, f"{prefix}_{lang}") for lang in ("nb", "nn", "en")}
        )


class QuestionBank(TrilingualMixin, models.Model):
    """An organisation's questions for 360 rounds; copied from the built-in bank on first use
    and tailored by the process owner. Rounds copy what they use, so edits never change a
    round that has started."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="feedback_bank"
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest value"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest value"), default=5)
    low_label_nb = models.CharField(_("label of the lowest value (bokmål)"), max_length=100)
    low_label_nn = models.CharField(_("label of the lowest value (nynorsk)"), max_length=100)
    low_label_en = models.CharField(_("label of the lowest value (English)"), max_length=100)
    high_label_nb = models.CharField(_("label of the highest value (bokmål)"), max_length=100)
    high_label_nn = models.CharField(_("label of the highest value (nynorsk)"), max_length=100)
    high_label_en = models.CharField(_("label of the highest value (English)"), max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="feedback_bank_scale_ordered"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class BankArea(TrilingualMixin, models.Model):
    """A question group (område), e.g. "Mål- og resultatorientering"; one screen for the rater."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(_("code"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("question area")
        verbose_name_plural = _("question areas")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["bank", "code"], name="feedback_area_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")


class BankStatement(TrilingualMixin, models.Model):
    area = models.ForeignKey(BankArea, on_delete=models.CASCADE, related_name="statements")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_nb = models.CharField(_("statement (bokmål)"), max_length=400)
    text_nn = models.CharField(_("statement (nynorsk)"), max_length=400)
    text_en = models.CharField(_("statement (English)"), max_length=400)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self._pick("text")


class BankCommentQuestion(TrilingualMixin, models.Model):
    """An optional open question ("What should the leader keep doing?")."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="comment_questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_nb = models.CharField(_("question (bokmål)"), max_length=400)
    text_nn = models.CharField(_("question (nynorsk)"), max_length=400)
    text_en = models.CharField(_("question (English)"), max_length=400)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("comment question")
        verbose_name_plural = _("comment questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self._pick("text")


class FeedbackRound(models.Model):
    """One 360 evaluation of one leader. `questionnaire` is the frozen copy of the questions
    (three languages, the scale and the comment questions) made when the round starts."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="feedback_rounds", verbose_name=_("leader")
    )
    # The leader's superior when the round started: approves the raters, answers as superior.
    superior = models.ForeignKey(
        "organisations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_rounds_as_superior",
        verbose_name=_("superior"),
    )
    started_by = models.ForeignKey(
        "organisations.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=RoundState.choices, default=RoundState.PREPARING)
    deadline = models.DateField(_("deadline"))
    questionnaire = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("360 round")
        verbose_name_plural = _("360 rounds")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return f"{self.leader} ({self.deadline:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED


class Invitation(models.Model):
    """A rater proposed for a round: a person in the organisation or, for "others", an e-mail
    address. Only the SHA-256 of the link's token is stored; the raw token exists in the
    e-mail alone. Nothing links an invitation to the response it led to."""

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="invitations")
    group = models.CharField(_("rater group"), max_length=20, choices=RaterGroup.choices)
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="feedback_invitations"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=InvitationState.choices, default=InvitationState.PROPOSED
    )
    language = models.CharField(_("language"), max_length=2, blank=True)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["group", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(email=""), name="feedback_invitation_has_rater"
            ),
            models.UniqueConstraint(
                fields=["round", "person"], condition=models.Q(person__isnull=False),
                name="feedback_invitation_person_once",
            ),
            models.UniqueConstraint(
                fields=["round", "email"], condition=models.Q(person__isnull=True),
                name="feedback_invitation_email_once",
            ),
        ]

    def __str__(self) -> str:
        return self.rater_label

    @property
    def rater_label(self) -> str:
        return self.person.name if self.person_id else self.email

    @property
    def address(self) -> str:
        return self.person.email if self.person_id else self.email


class AnswerDraft(models.Model):
    """Answers in progress, kept server-side so the questionnaire works page by page without
    JavaScript. Deleted when the rater submits (and when the round closes)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="draft")
    answers = models.JSONField(default=dict)
    comments = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft answers")
        verbose_name_plural = _("draft answers")

    def __str__(self) -> str:
        return str(_("draft answers"))


class Response(models.Model):
    """One rater's answers, anonymous by construction: round, group and answers only.

    `answers` maps statement keys of the round's questionnaire to a value on the scale or
    null ("cannot assess"); `comments` maps comment-question keys to text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(_("rater group"), max_length=20, choices=RaterGroup.choices)
    answers = models.JSONField(default=dict)
    comments = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # Deliberately no ordering and no timestamp: the order of answers must not show.

    def __str__(self) -> str:
        return str(RaterGroup(self.group).label)


class LeaderProfile(models.Model):
    """The lederprofil: computed once when the round closes and frozen as JSON."""

    round = models.OneToOneField(FeedbackRound, on_delete=models.CASCADE, related_name="profile")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="leader_profiles")
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    shared_with_superior = models.BooleanField(_("shared with the superior"), default=False)
    shared_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("leadership profile")
        verbose_name_plural = _("leadership profiles")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.round)


class DevelopmentPlan(models.Model):
    """The utviklingsplan that comes out of the conversation about a profile."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="development_plans")
    round = models.OneToOneField(FeedbackRound, on_delete=models.CASCADE, related_name="development_plan")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.round)


class DevelopmentItem(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    area_code = models.CharField(_("area"), max_length=60, blank=True)
    goal = models.TextField(_("development goal"))
    actions = models.TextField(_("actions"), blank=True)
    support = models.TextField(_("support needed"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        "organisations.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the item became a personal development requirement in an agreement.
    used_at = models.DateTimeField(null=True, blank=True)
    used_reference = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("development item")
        verbose_name_plural = _("development items")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.goal[:80]
