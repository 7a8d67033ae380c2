#!/usr/bin/env python
"""`make screenshots`: PNGs of the main pages in docs/screenshots/, taken in Chromium.

Builds a throw-away SQLite database, loads the demo organisations (`manage.py load_demo`; when
that command is not available, the test cast from the factories instead), serves the product
in-process with DEBUG off (so the real error pages show) and photographs each page in
PAGES as the login named there.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only home,login]

Needs Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH). Your own db.sqlite3 is not touched.
To add a page: add a Shot to PAGES. A page of a particular agreement, round or period is
named by a function of DEMO_PATHS, which finds it in the demo data after loading; when the
data hold no such object the shot is skipped and says so.
"""

import argparse
import os
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--font-render-hinting=none",
]


@dataclass(frozen=True)
class Shot:
    name: str  # file name without .png
    path: str  # a URL, or "@key" for a URL found in the demo data (DEMO_PATHS)
    login: str | None = None  # a role key from LOGINS, or None for a visitor
    width: int = 1280
    height: int = 800
    full_page: bool = True
    action: str | None = None  # "bad_login" submits the login form with a wrong password


# Role → username: in the demo data (load_demo), and in the test cast (fallback).
LOGINS = {
    "leader": ("leder", "leader"),
    "superior": ("ekspedisjonssjef", "superior"),
    "director": ("departementsrad", "director"),
    "employee": ("ansatt", "employee"),
    "process_owner": ("prosessansvarlig", "processowner"),
    "admin": ("admin", "admin"),
}
DEMO_PASSWORD_FALLBACK = "korrekt-hest-batteri"  # noqa: S105 - the test factories' published password

PAGES = [
    Shot("login", "/konto/logg-inn/"),
    Shot("login-error", "/konto/logg-inn/", action="bad_login"),
    Shot("home", "/", login="leader"),
    Shot("home-superior", "/", login="superior"),
    Shot("home-process-owner", "/", login="process_owner"),
    Shot("home-employee", "/", login="employee"),
    Shot("organisation", "/organisasjon/", login="superior", full_page=False),
    Shot("organisation-search", "/organisasjon/?q=an", login="superior", full_page=False),
    Shot("accessibility-statement", "/tilgjengelighet/"),
    Shot("not-found", "/finnes-ikke/", login="leader"),
    # The product's main pages, on the demo data.
    Shot("agreement", "@agreement", login="leader"),
    Shot("agreements", "/avtaler/", login="leader", full_page=False),
    Shot("review", "@review", login="superior", height=2400, full_page=False),
    Shot("to-review", "/avtaler/til-godkjenning/", login="superior", full_page=False),
    Shot("my-unit", "/avtaler/min-enhet/", login="employee"),
    Shot("alignment", "/avtaler/sammenheng/", login="superior", height=1400, full_page=False),
    Shot("evaluation", "@evaluation", login="superior"),
    Shot("leader-profile", "@profile", login="leader", height=2400, full_page=False),
    Shot("overview", "/oversikt/", login="process_owner", height=2300, full_page=False),
    Shot("library", "/erfaringer/", login="leader", full_page=False),
    Shot("home-mobile", "/", login="leader", width=360, height=740),
    Shot("login-mobile", "/konto/logg-inn/", width=320, height=640),
]


def _demo_person(role: str):
    from resultatavtaler.organisations.models import Person

    return Person.objects.filter(user__username=LOGINS[role][0]).first()


def _agreement_path() -> str | None:
    """The demo leader's agreement of the newest period."""
    from resultatavtaler.agreements.models import Agreement

    ag = Agreement.objects.filter(leader=_demo_person("leader")).order_by("-period__start").first()
    return f"/avtaler/{ag.pk}/" if ag else None


def _review_path() -> str | None:
    """An agreement the demo superior has to review (in review first, then any of theirs)."""
    from resultatavtaler.agreements.models import Agreement

    theirs = Agreement.objects.filter(superior=_demo_person("superior")).order_by("-period__start", "pk")
    ag = theirs.filter(state="in_review").first() or theirs.first()
    return f"/avtaler/{ag.pk}/gjennomgang/" if ag else None


def _evaluation_path() -> str | None:
    """The evaluation page of an agreement of the demo superior's leaders, as far along as the demo has one."""
    from resultatavtaler.agreements.models import Agreement

    theirs = Agreement.objects.filter(superior=_demo_person("superior"))
    for state in ("assessed", "self_evaluated", "closed", "signed"):
        ag = theirs.filter(state=state).order_by("-period__start", "pk").first()
        if ag:
            return f"/oppfolging/avtale/{ag.pk}/"
    return None


def _profile_path() -> str | None:
    """The demo leader's own lederprofil (a closed round with its frozen profile)."""
    from resultatavtaler.feedback.models import LeaderProfile

    profile = LeaderProfile.objects.filter(leader=_demo_person("leader")).order_by("-pk").first()
    return f"/360/runde/{profile.round_id}/profil/" if profile else None


DEMO_PATHS = {
    "agreement": _agreement_path,
    "review": _review_path,
    "evaluation": _evaluation_path,
    "profile": _profile_path,
}


def resolve(shots: list[Shot]) -> list[Shot]:
    """Replace "@key" paths by the URL found in the demo data; leave out what the data lack."""
    from dataclasses import replace

    out = []
    for shot in shots:
        if not shot.path.startswith("@"):
            out.append(shot)
            continue
        url = DEMO_PATHS[shot.path[1:]]()
        if url is None:
            print(f"  {shot.name}: skipped, the data hold no such page ({shot.path[1:]})")
            continue
        out.append(replace(shot, path=url))
    return out


def configure_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    # A production-like server (DEBUG off: the product's own 404/500 pages), plain HTTP on localhost.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "screenshots-only-not-a-secret")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ["SECURE_HSTS_SECONDS"] = "0"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["EMAIL_URL"] = "dummymail://"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def load_data() -> tuple[str, str]:
    """Fill the database; return ("demo" | "cast", password)."""
    from django.core.management import call_command, get_commands

    call_command("migrate", interactive=False, verbosity=0)
    if "load_demo" in get_commands():
        call_command("load_demo", force=True, verbosity=0)
        from resultatavtaler.organisations import demo

        return "demo", demo.DEMO_PASSWORD
    from resultatavtaler.organisations.tests.factories import build_cast

    build_cast()
    return "cast", DEMO_PASSWORD_FALLBACK


def start_server() -> tuple[str, object]:
    """Serve the product (and its static files) from a thread, as runserver would."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    httpd.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    host, port = httpd.server_address[:2]
    return f"http://{host}:{port}", httpd


def log_in(page, username: str, password: str) -> None:
    page.goto("/konto/logg-inn/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/konto/logg-inn/" in page.url:
        raise SystemExit(f"Could not log in as {username!r}")


def take(browser, base_url: str, shot: Shot, source: str, password: str, out: Path) -> Path:
    context = browser.new_context(
        base_url=base_url,
        locale="nb-NO",
        viewport={"width": shot.width, "height": shot.height},
        device_scale_factor=1,
        reduced_motion="reduce",
    )
    try:
        page = context.new_page()
        if shot.login:
            demo_user, cast_user = LOGINS[shot.login]
            log_in(page, demo_user if source == "demo" else cast_user, password)
        page.goto(shot.path)
        if shot.action == "bad_login":
            page.locator("#id_username").fill(LOGINS["leader"][0 if source == "demo" else 1])
            page.locator("#id_password").fill("wrong password")
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
        page.evaluate("document.fonts.ready")
        # No blinking caret or focus ring from autofocus in the picture.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        target = out / f"{shot.name}.png"
        page.screenshot(path=str(target), full_page=shot.full_page)
        return target
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="comma-separated shot names, e.g. home,login")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium", file=sys.stderr)
        return 2
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    shots = [s for s in PAGES if not wanted or s.name in wanted]
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="ra-screenshots-") as tmp:
        configure_django(Path(tmp) / "screenshots.sqlite3")
        source, password = load_data()
        print(f"Data: {'manage.py load_demo' if source == 'demo' else 'the test cast (load_demo not available)'}")
        shots = resolve(shots)
        base_url, httpd = start_server()
        # Playwright's sync API runs an event loop in this thread; the ORM work is done by now.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                try:
                    for shot in shots:
                        path = take(browser, base_url, shot, source, password, args.out)
                        print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
                finally:
                    browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
