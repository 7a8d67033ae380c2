"""Django's cached database session engine (a shared cache first, the database when the cache
has lost the session) with the database's read compiled once (resultatavtaler.lib.sessions)."""

from django.contrib.sessions.backends import cached_db

from resultatavtaler.lib.sessions import CompiledSessionRead


class SessionStore(CompiledSessionRead, cached_db.SessionStore):
    pass
