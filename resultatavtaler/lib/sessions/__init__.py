"""Django's database session engines, with the session's read compiled once per connection
(lib/compiled.py, docs/performance.md §31): without a cache that all the app processes share,
every request reads its session from the database, and Django built that statement anew each
time. `config/settings.py` chooses `resultatavtaler.lib.sessions.db` or, with a shared cache,
`resultatavtaler.lib.sessions.cached_db`; everything but the read is Django's.
"""

from django.utils import timezone

from resultatavtaler.lib.compiled import CompiledRows


def _session_statement(session_key: str):
    from django.contrib.sessions.models import Session

    return Session.objects.filter(session_key=session_key).values_list("session_data", "expire_date")


_SESSION = CompiledRows(_session_statement, str)


class CompiledSessionRead:
    """The read of Django's `SessionStore._get_session_from_db`: the session while it has not
    expired, else None and no key (a new session will be made)."""

    def _get_session_from_db(self):
        now = timezone.now()
        for session_data, expire_date in _SESSION.rows(self.session_key, using=self.model.objects.db):
            if expire_date > now:
                return self.model(session_key=self.session_key, session_data=session_data, expire_date=expire_date)
        self._session_key = None
        return None
