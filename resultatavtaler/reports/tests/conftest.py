"""Fixtures of the document tests: one demo-like agreement per seed template, built through the
agreements services (the seed's own examples), and the external tools the checks need.

qpdf, pdftotext (poppler-utils) and LibreOffice are Debian packages (.ci/run installs them). When
one is missing, its tests are skipped with the reason — unless CI is set, where they fail."""

import datetime
import os
import shutil
import subprocess
from decimal import Decimal

import pytest

from resultatavtaler.agreements import services
from resultatavtaler.agreements.builtin import ensure_builtin_templates
from resultatavtaler.agreements.models import Template


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install qpdf poppler-utils libreoffice-writer-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must have it")
        pytest.skip(message)
    return path


def pdftotext(pdf: bytes, tmp_path, name="doc") -> str:
    exe = tool("pdftotext")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([exe, "-raw", str(path), "-"], capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text with all whitespace runs as one space (table cells and line breaks in a PDF)."""
    return " ".join(text.split())


def builtin(key: str):
    ensure_builtin_templates()
    return Template.objects.get(organisation__isnull=True, key=key).latest_version()


def _period(cast, template, name="2026"):
    return services.period_create(
        organisation=cast.organisation,
        actor=cast.process_owner,
        name=name,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        default_template=template.template,
        midyear_review=datetime.date(2026, 6, 15),
        self_evaluations_due=datetime.date(2026, 11, 13),
        assessment_from=datetime.date(2026, 11, 23),
        assessment_to=datetime.date(2026, 12, 11),
    )


def add(agreement, actor, category_key, text, **kw):
    agreement.refresh_from_db()
    return services.requirement_add(
        agreement=agreement,
        actor=actor,
        expected_lock_version=agreement.lock_version,
        category_key=category_key,
        text=text,
        **kw,
    )


def sign_both(agreement):
    agreement.refresh_from_db()
    if agreement.state == "draft":
        services.agreement_submit(agreement=agreement, actor=agreement.leader)
        agreement.refresh_from_db()
    services.agreement_sign(agreement=agreement, actor=agreement.leader)
    agreement.refresh_from_db()
    services.agreement_sign(agreement=agreement, actor=agreement.superior)
    agreement.refresh_from_db()
    return agreement


def build_agreement(cast, key: str):
    """A draft on the seed template `key`, filled the way the seed's examples fill it."""
    tv = builtin(key)
    period = _period(cast, tv)
    leader = cast.leader
    if key == "ufd-ad":
        services.common_requirements_from_template(
            period=period, actor=cast.process_owner, template_version=tv, unit=None
        )
    if key == "krd-ka":
        services.common_requirement_create(
            period=period,
            actor=cast.process_owner,
            category_key="common_development",
            text="Tydelig delegering og god oppfølging av medarbeiderne",
            indicators=["Medarbeiderundersøkelsen"],
            evaluation_method="Tilbakemelding fra medarbeidere",
        )
    ag = services.agreement_start(period=period, leader=leader, actor=leader, template_version=tv)
    if key == "ufd-ad":
        add(
            ag,
            leader,
            "professional",
            "Få på plass en avtale om inkluderende arbeidsliv innen 31.12.2026",
            indicators=[{"text": "Avtale på plass innen tidsfrist", "deadline": datetime.date(2026, 12, 31)}],
            evaluation_method="Vurderinger fra tillitsvalgte og andre avdelinger",
        )
        add(
            ag,
            leader,
            "professional",
            "Redusere sykefraværet i seksjonen",
            indicators=[
                {"text": "Sykefravær", "unit": "%", "baseline": Decimal("6.5"), "target_value": Decimal("5")}
            ],
            evaluation_method="STYRAPP-rapporter",
        )
        add(
            ag,
            leader,
            "personal_development",
            "Mer delegering, og videreutvikle coach-rollen",
            evaluation_method="Tilbakemelding fra medarbeidere",
        )
    elif key == "krd-ka":
        add(ag, leader, "section_development", "Kortere saksbehandlingstid for klagesaker",
            indicators=["Median saksbehandlingstid"], evaluation_method="Saksstatistikk")
        add(ag, leader, "leader_development", "Bedre møteledelse", evaluation_method="Samtale med ekspedisjonssjef")
        ag.refresh_from_db()
        services.agreement_update_sections(
            agreement=ag,
            actor=leader,
            expected_lock_version=ag.lock_version,
            sections={
                "section_tasks": "Seksjonen forvalter kommunelovgivningen.",
                "position_responsibilities": "Faglig og administrativ ledelse av seksjonen.",
                "expectations_of_superior": "Tydelige prioriteringer og rask avklaring.",
                "publication": "Avtalen gjøres kjent på seksjonsmøte.",
            },
        )
    else:  # ufd-oa: the four focus areas come prefilled from the template
        pass
    ag.refresh_from_db()
    if key != "ufd-oa":
        ag.refresh_from_db()
        services.agreement_update_sections(
            agreement=ag,
            actor=leader,
            expected_lock_version=ag.lock_version,
            sections={("section_goals" if key == "ufd-ad" else "introduction"): "Seksjonen har ansvar for personal."},
        )
    ag.refresh_from_db()
    return ag


@pytest.fixture
def ad_agreement(cast):
    return build_agreement(cast, "ufd-ad")


@pytest.fixture
def signed_ad(ad_agreement):
    return sign_both(ad_agreement)


@pytest.fixture
def bokmaal_organisation(cast):
    """The document tests run on a bokmål organisation: the agreements' texts come from the
    seed templates in bokmål and the documents are printed in bokmål unless a test asks for
    another language."""
    cast.organisation.default_language = "nb"
    cast.organisation.save(update_fields=["default_language"])
    return cast.organisation


def tr(language: str, message: str, **values) -> str:
    """A label as a document in `language` prints it (the catalogue's translation)."""
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


def nb(message: str, **values) -> str:
    return tr("nb", message, **values)


def title_nb(leader="Live Leder", unit="Personalseksjonen", period="2026") -> str:
    return nb("Results agreement for %(leader)s, %(unit)s, %(period)s", leader=leader, unit=unit, period=period)
