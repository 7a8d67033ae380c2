"""The product with the demo data (`manage.py load_demo`), served from its own process for the
browser tests on demo data (test_demo_flows.py), as a person would meet it after `make demo`.

    python tests/e2e/demo_server.py serve DB MAILDIR   # migrate, load_demo, serve; prints "READY <url>"
    python tests/e2e/demo_server.py days-pass DB AGREEMENT_PK DAYS

`serve` uses its own SQLite file DB (never the developer's database, whatever DATABASE_URL
says), DEBUG off (the product's own error pages), the static files served as runserver would,
tasks run at once and e-mails written as files to MAILDIR, where the tests read the token
links. `days-pass` moves the follow-up's dates of one agreement into the past, as the
evaluation tests' `days_pass` does (there is no clock to wind forward)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure(db: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.pop("RESULTATAVTALER_TESTING", None)
    os.environ.update({
        "DATABASE_URL": f"sqlite:///{Path(db).resolve()}",
        "DEBUG": "0",
        "SECRET_KEY": "demo-browser-tests-only-not-a-secret",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    })
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    import django

    django.setup()


def serve(db: str, maildir: str) -> None:
    configure(db)
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(Path(maildir).resolve())
    settings.AXES_ENABLED = False  # many logins from one address in a few minutes
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", force=True, verbosity=0)

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    httpd.set_app(StaticFilesHandler(get_wsgi_application()))
    host, port = httpd.server_address[:2]
    print(f"READY http://{host}:{port}", flush=True)
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()


def days_pass(db: str, agreement_pk: str, days: str) -> None:
    configure(db)
    from resultatavtaler.agreements.models import Agreement
    from resultatavtaler.evaluations.tests.conftest import days_pass as move

    move(Agreement.objects.get(pk=int(agreement_pk)), int(days))
    print("OK", flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"serve": serve, "days-pass": days_pass}[command](*args)
