"""OpenID Connect login (Entra ID, Ansattporten, a ministry's own platform) through
mozilla-django-oidc, switched on by the OIDC_* environment variables (config/settings.py).

A login from the provider is accepted only for an existing, active Person: the claim named
by OIDC_PERSON_CLAIM is matched against Person.email ("email") or Person.employee_id (any
other claim, e.g. "employee_id" or "ansattnummer"). The person's Django user is logged in;
a person without one gets a user created and linked on first login. No match, or more
than one match, refuses the login — we never pick one of several people, and never create
a person from a login. OIDC_ORGANISATION_NUMBER limits matching to one organisation when a
provider belongs to a single ministry.

The hooks follow the library's `get_or_create_user`: verify_claims → filter_users_by_claims
→ update_user (one user) or create_user (none; OIDC_CREATE_USER must stay True).
"""

import logging

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from resultatavtaler.accounts.backends import user_with_person
from resultatavtaler.audit.services import audit_record
from resultatavtaler.organisations.models import Person

logger = logging.getLogger(__name__)


class PersonOIDCBackend(OIDCAuthenticationBackend):
    def get_user(self, user_id):
        """The user with their person, in one statement (accounts.backends)."""
        return user_with_person(user_id)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person_claim = self.get_settings("OIDC_PERSON_CLAIM", "email")
        self.organisation_number = self.get_settings("OIDC_ORGANISATION_NUMBER", "")

    # --- claims → person ---------------------------------------------------------------

    def _claim_value(self, claims) -> str:
        value = claims.get(self.person_claim)
        if value is None:
            return ""
        return str(value).strip()

    def persons_for_claims(self, claims) -> QuerySet[Person]:
        """The active people the claims identify (normally one)."""
        value = self._claim_value(claims)
        if not value:
            return Person.objects.none()
        persons = Person.objects.filter(is_active=True).select_related("organisation")
        if self.organisation_number:
            persons = persons.filter(organisation__org_number=self.organisation_number)
        if self.person_claim == "email":
            return persons.filter(email__iexact=value)
        return persons.filter(employee_id=value)

    def _single_person(self, claims) -> Person | None:
        persons = list(self.persons_for_claims(claims)[:2])
        if len(persons) != 1:
            who = self.describe_user_by_claims(claims)
            if persons:
                logger.warning("OIDC login refused: %s matches more than one person", who)
            else:
                logger.info("OIDC login refused: %s matches no active person", who)
            return None
        return persons[0]

    # --- the library's hooks -----------------------------------------------------------

    def describe_user_by_claims(self, claims):
        return f"{self.person_claim} {self._claim_value(claims)!r}"

    def verify_claims(self, claims):
        if not self._claim_value(claims):
            return False
        # A provider that says the address is unverified does not identify anyone by it.
        return not (self.person_claim == "email" and claims.get("email_verified") is False)

    def filter_users_by_claims(self, claims):
        """The login user of the one matching person; none when the person has no user yet
        (then create_user links one) or when zero or several people match (then
        create_user refuses)."""
        person = self._single_person(claims)
        if person is None or person.user_id is None:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(pk=person.user_id, is_active=True)

    def create_user(self, claims):
        """Create and link a login user for the matching person that has none."""
        person = self._single_person(claims)
        if person is None:
            return None
        with transaction.atomic():
            # Two first logins of the same person may race: one links, the other reuses it.
            person = Person.objects.select_for_update().select_related("organisation").get(pk=person.pk)
            if person.user_id is not None:
                user = self.UserModel.objects.filter(pk=person.user_id, is_active=True).first()
                return user  # an inactive (blocked) user stays blocked: None
            username = self.get_username(claims, person=person)
            user = self.UserModel.objects.filter(username=username).first()
            if user is not None and (user.has_usable_password() or Person.objects.filter(user=user).exists()):
                # Never take over a local account or another person's login.
                logger.warning("OIDC login refused: user name %s is already in use", username)
                return None
            if user is None:
                user = self.UserModel.objects.create_user(username, email=person.email)
                user.set_unusable_password()
                user.save(update_fields=["password"])
            person.user = user
            person.save(update_fields=["user", "updated_at"])
            audit_record(
                action="accounts.oidc_user_linked",
                actor=user,
                obj=person,
                organisation=person.organisation,
                data={"claim": self.person_claim},
            )
        return user

    def update_user(self, user, claims):
        """Keep the user's e-mail in step with the person (the person is the source)."""
        person = Person.objects.filter(user=user, is_active=True).only("email").first()
        if person is None:
            raise SuspiciousOperation("The user is no longer linked to an active person")
        if person.email and user.email != person.email:
            user.email = person.email
            user.save(update_fields=["email"])
        return user

    def get_username(self, claims, person: Person | None = None):
        """A readable, stable user name for a person's OIDC login: employee id @ org number."""
        if person is None:
            return super().get_username(claims)
        return f"{person.employee_id}@{person.organisation.org_number}"[:150]

    def get_userinfo(self, access_token, id_token, payload):
        """Claims from the verified ID token, completed by the userinfo endpoint when one is
        configured. Entra ID, for one, puts employee-id claims only in the ID token."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if payload.get("sub") and userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: the userinfo `sub` must match the ID token's.
            raise SuspiciousOperation("The userinfo subject does not match the ID token")
        return {**payload, **userinfo}
