"""Input requests (innhenting av synspunkter, seed: "Plan for resultatvurdering"): a short
evaluation form about the agreement's requirements, answered anonymously per group."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import InputGroup, InputRequestState


class InputRequest(models.Model):
    """`form` is the frozen questionnaire: {"requirements": [{"id", "number", "text"}],
    "scale": [{"value", "label"}]}. `results` exists only once the request is closed
    (no live results, DESIGN.md §5) and is never recomputed."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="input_requests")
    created_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    intro = models.TextField(_("message to those asked"), blank=True)
    deadline = models.DateField(_("answers by"))
    state = models.CharField(_("state"), max_length=12, choices=InputRequestState.choices,
                             default=InputRequestState.OPEN)
    form = models.JSONField(default=dict)
    results = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The last reminder to those asked by link who had not answered (for the whole request, never
    # per invitation: an invitation keeps no time, see InputInvitation).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("input request")
        verbose_name_plural = _("input requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"])]

    def __str__(self) -> str:
        return f"{self.agreement} ({self.deadline:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.state == InputRequestState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == InputRequestState.CLOSED


class InputInvitation(models.Model):
    """One person or address asked. Only the SHA-256 of the link's token is stored. `answered`
    is a flag without a time, and nothing links it to the answer it led to."""

    request = models.ForeignKey(InputRequest, on_delete=models.CASCADE, related_name="invitations")
    group = models.CharField(_("group"), max_length=12, choices=InputGroup.choices)
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="input_invitations")
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(max_length=2, blank=True)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("input invitation")
        verbose_name_plural = _("input invitations")
        ordering = ["group", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(person__isnull=False) | ~models.Q(email=""),
                                   name="input_invitation_has_recipient"),
            models.UniqueConstraint(fields=["request", "person"], condition=models.Q(person__isnull=False),
                                    name="input_invitation_person_once"),
            models.UniqueConstraint(fields=["request", "email"], condition=models.Q(person__isnull=True),
                                    name="input_invitation_email_once"),
        ]

    def __str__(self) -> str:
        return self.person.name if self.person_id else self.email

    @property
    def address(self) -> str:
        return self.person.email if self.person_id else self.email


class InputAnswer(models.Model):
    """One answer, anonymous by construction: request and group only. No foreign key to the
    invitation or a person, no timestamp, a random key, and no ordering; rows are rewritten in
    random order when the request closes.

    `ratings` maps requirement ids (as text) to a scale value or null ("cannot say");
    `comments` maps requirement ids to text; `comment` is the free comment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(InputRequest, on_delete=models.CASCADE, related_name="answers")
    group = models.CharField(_("group"), max_length=12, choices=InputGroup.choices)
    ratings = models.JSONField(default=dict)
    comments = models.JSONField(default=dict)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("input answer")
        verbose_name_plural = _("input answers")

    def __str__(self) -> str:
        return str(InputGroup(self.group).label)
