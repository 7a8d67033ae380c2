"""Who is calling the API: an organisation's token, or a person with their session."""

from __future__ import annotations

from dataclasses import dataclass

from resultatavtaler.organisations.models import Organisation, Person

from .models import ApiToken


@dataclass(frozen=True)
class TokenActor:
    """What the audit log records as the actor of a token's write: its name and prefix,
    no user (`audit_record` reads `name` for the label and `pk` for the user)."""

    name: str
    pk: None = None


@dataclass(frozen=True)
class Caller:
    organisation: Organisation
    person: Person | None = None
    token: ApiToken | None = None

    @property
    def is_token(self) -> bool:
        return self.token is not None

    @property
    def audit_actor(self):
        if self.token is not None:
            return TokenActor(name=f"API token {self.token.name} ({self.token.prefix})")
        return self.person

    def audit_data(self) -> dict:
        if self.token is not None:
            return {"via": "api", "token": self.token.prefix, "token_id": self.token.pk}
        return {"via": "api", "session": True}
