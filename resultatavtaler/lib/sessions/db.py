"""Django's database session engine with the read compiled once (resultatavtaler.lib.sessions)."""

from django.contrib.sessions.backends import db

from resultatavtaler.lib.sessions import CompiledSessionRead


class SessionStore(CompiledSessionRead, db.SessionStore):
    pass
