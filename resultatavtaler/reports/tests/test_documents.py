"""The agreement as PDF, PDF/A-2b and Word: the seed template's layout in order, in three
languages, valid files (qpdf, PDF/A identification, embedded fonts, LibreOffice opens the Word
file), and a signed version's document that never changes when the live agreement is edited."""

import io
import re
import subprocess
import zipfile

import pytest
from docx import Document

from resultatavtaler.agreements import services as ag_services
from resultatavtaler.agreements.template_content import outline
from resultatavtaler.reports import services
from resultatavtaler.reports.pdf import _fetcher_class
from resultatavtaler.reports.selectors import DRAFT

from .conftest import add, build_agreement, builtin, flat, nb, pdftotext, sign_both, title_nb, tool, tr


@pytest.fixture(autouse=True)
def _bokmaal(bokmaal_organisation):
    """Documents of a bokmål organisation (conftest.py)."""


SEED_TEMPLATES = ["ufd-ad", "ufd-oa", "krd-ka"]


def export(agreement, fmt="pdf", language="nb", actor=None, **kw):
    return services.agreement_document_export(agreement=agreement, actor=actor, fmt=fmt, language=language, **kw)


def assert_in_order(text: str, headings: list[str]) -> None:
    position = 0
    for heading in headings:
        found = text.find(flat(heading), position)
        assert found >= 0, f"{heading!r} missing (or out of order) after position {position}"
        position = found + len(flat(heading))


def pdfa_identification(pdf: bytes, tmp_path) -> str:
    """The PDF's objects uncompressed (qpdf --qdf), where the XMP metadata can be read."""
    exe = tool("qpdf")
    src, out = tmp_path / "in.pdf", tmp_path / "qdf.pdf"
    src.write_bytes(pdf)
    subprocess.run([exe, "--qdf", "--object-streams=disable", str(src), str(out)], check=True, timeout=60)
    return out.read_bytes().decode("latin-1")


def qpdf_check(pdf: bytes, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, text=True, timeout=60)


def fonts_of(pdf: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True, timeout=60)
    return [line.split() for line in out.stdout.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("key", SEED_TEMPLATES)
def test_the_pdfa_of_each_seed_template_is_valid_and_has_every_heading_in_order(cast, key, tmp_path):
    agreement = sign_both(build_agreement(cast, key))
    pdf = export(agreement, "pdfa").content

    check = qpdf_check(pdf, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout
    xmp = pdfa_identification(pdf, tmp_path)
    assert re.search(r'pdfaid:part="2"', xmp) and re.search(r'pdfaid:conformance="B"', xmp)
    assert "/GTS_PDFA1" in xmp  # the sRGB output intent PDF/A requires
    fonts = fonts_of(pdf, tmp_path)
    assert fonts, "the text is set in embedded fonts"
    # columns: name type encoding emb sub uni object ID — every font embedded, none from the system
    assert all(row[-5] == "yes" for row in fonts), fonts
    assert all("Document" in row[0] for row in fonts), fonts

    text = flat(pdftotext(pdf, tmp_path))
    assert title_nb() in text
    assert_in_order(text, outline(builtin(key).content, "nb"))
    # The signature block: names, signing dates and the version's hash.
    version = agreement.in_force_version
    assert version.sha256 in text.replace(" ", "")
    assert "Sverre Sjef" in text and "Live Leder" in text
    assert nb("DRAFT") not in text


@pytest.mark.parametrize("key", SEED_TEMPLATES)
def test_each_seed_template_prints_its_own_columns(cast, key, tmp_path):
    agreement = build_agreement(cast, key)
    text = flat(pdftotext(export(agreement, "pdf").content, tmp_path))
    if key == "ufd-oa":
        for heading in (
            "Krav/fokusområde",
            "Elementer i vurderingen av resultatoppnåelse",
            "Egen evaluering",
            "Eksp.sjefs vurdering",
        ):
            assert heading in text
        assert "Indikator" not in text
        assert "– høy kvalitet til rett tid" in text  # the focus areas' elements, prefilled
    else:
        assert "Indikator" in text and "Evaluering" in text
        assert "Egen evaluering" not in text
    if key == "ufd-ad":
        assert "3.2 Medarbeiderfokus" in text  # a common requirement in its category
        baseline = nb("baseline %(baseline)s", baseline="6,5\u00a0%")
        target = nb("target %(target)s", target="5\u00a0%")
        assert flat(f"Sykefravær ({baseline}, {target})") in text
    if key == "krd-ka":
        assert "(dato)" in text and "(sign.)" in text  # the seed's own signature block


def test_a_draft_is_marked_and_has_no_signatures(cast, tmp_path):
    text = flat(pdftotext(export(build_agreement(cast, "ufd-ad"), "pdf").content, tmp_path))
    assert nb("DRAFT") in text
    assert nb("Signed electronically on %(date)s", date="").strip() not in text
    assert "SHA-256" not in text


@pytest.mark.parametrize(
    "language, present, absent",
    [
        (
            "nn",
            [
                "Stillingsinnehavar og verksemd:",
                "Måla og arbeidsoppgåvene til seksjonen:",
                "Faglege krav (for den einskilde leiaren/seksjonen)",
                "Måloppnåinga blir markert med følgjande skala:",
            ],
            ["Stillingsinnehaver og virksomhet:", "Faglige krav (for den enkelte leder/seksjon)"],
        ),
        (
            "en",
            [
                "Post holder and organisation:",
                "The section's goals and tasks:",
                "Professional requirements (for the individual leader/section)",
            ],
            ["Stillingsinnehaver og virksomhet:"],
        ),
    ],
)
def test_the_document_is_in_its_language(cast, tmp_path, language, present, absent):
    agreement = sign_both(build_agreement(cast, "ufd-ad"))
    text = flat(pdftotext(export(agreement, "pdf", language=language).content, tmp_path))
    for heading in present:
        assert heading in text
    for heading in absent:
        assert heading not in text
    assert_in_order(text, outline(builtin("ufd-ad").content, language))


def test_a_signed_versions_document_does_not_change_when_the_live_agreement_is_edited(cast, tmp_path):
    agreement = sign_both(build_agreement(cast, "ufd-ad"))
    before_pdf = flat(pdftotext(export(agreement, "pdf").content, tmp_path, "before"))
    before_docx = [p.text for p in Document(io.BytesIO(export(agreement, "docx").content)).paragraphs]

    ag_services.agreement_renegotiate(agreement=agreement, actor=agreement.leader, reason="Ny oppgave")
    agreement.refresh_from_db()
    ag_services.agreement_update_sections(
        agreement=agreement,
        actor=agreement.leader,
        expected_lock_version=agreement.lock_version,
        sections={"section_goals": "Helt ny tekst om seksjonen."},
    )
    add(agreement, agreement.leader, "professional", "Et nytt krav etter reforhandlingen")
    agreement.refresh_from_db()

    after_pdf = flat(pdftotext(export(agreement, "pdf").content, tmp_path, "after"))
    assert after_pdf == before_pdf
    version_one = flat(pdftotext(export(agreement, "pdf", version=1).content, tmp_path, "v1"))
    assert version_one == before_pdf
    assert [p.text for p in Document(io.BytesIO(export(agreement, "docx").content)).paragraphs] == before_docx
    # The draft revision is its own document, marked as a draft.
    draft = flat(pdftotext(export(agreement, "pdf", version=DRAFT).content, tmp_path, "draft"))
    assert "Helt ny tekst om seksjonen." in draft and "Et nytt krav etter reforhandlingen" in draft
    assert nb("DRAFT") in draft and "Helt ny tekst" not in before_pdf


def test_the_word_file_has_the_headings_and_tables_and_opens_in_libreoffice(cast, tmp_path):
    agreement = sign_both(build_agreement(cast, "krd-ka"))
    content = export(agreement, "docx", language="nn").content
    word = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert_in_order(
        flat(text), [h for h in outline(builtin("krd-ka").content, "nn") if not h[:1].isdigit()]
    )  # category headings are checked below
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == tr(
        "nn",
        "Results agreement for %(leader)s, %(unit)s, %(period)s",
        leader="Live Leder",
        unit="Personalseksjonen",
        period="2026",
    )
    assert "1. Felles utviklingspunkt for seksjonsleiarane" in headings
    tables = word.tables
    header_rows = [[c.text for c in t.rows[0].cells] for t in tables[:3]]
    assert all(row[1:] == ["Indikator", "Evaluering"] for row in header_rows), header_rows
    cells = "\n".join(c.text for t in tables for row in t.rows for c in row.cells)
    assert "Kortere saksbehandlingstid for klagesaker" in cells
    assert "(dato)" in cells and "(sign.)" in cells
    assert agreement.in_force_version.sha256 in text

    soffice = tool("soffice")
    src = tmp_path / "avtale.docx"
    src.write_bytes(content)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "out"),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    converted = (tmp_path / "out" / "avtale.pdf").read_bytes()
    assert qpdf_check(converted, tmp_path).returncode == 0
    assert "Kortere saksbehandlingstid for klagesaker" in flat(pdftotext(converted, tmp_path, "lo"))


def test_published_parts_only_leave_out_what_is_not_public(cast, tmp_path):
    agreement = sign_both(build_agreement(cast, "krd-ka"))
    full = flat(pdftotext(export(agreement, "pdf").content, tmp_path, "full"))
    public = flat(pdftotext(export(agreement, "pdf", public_only=True).content, tmp_path, "public"))
    # "Forventninger til ekspedisjonssjef" and the leader's own development points are not public.
    assert "Tydelige prioriteringer og rask avklaring." in full
    assert "Bedre møteledelse" in full
    assert "Tydelige prioriteringer og rask avklaring." not in public
    assert "Bedre møteledelse" not in public
    assert "Kortere saksbehandlingstid for klagesaker" in public
    assert flat(nb("Published parts only: sections and requirements not made public are left out.")) in public


def test_documents_load_nothing_but_the_shipped_fonts():
    fetcher = _fetcher_class()()
    for url in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "https://example.org/x.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_archive_package_of_a_signed_version(cast, tmp_path):
    import hashlib

    from defusedxml import ElementTree as ET

    agreement = sign_both(build_agreement(cast, "krd-ka"))
    package = services.archive_export(agreement=agreement, actor=agreement.superior)
    with zipfile.ZipFile(io.BytesIO(package.content)) as z:
        names = z.namelist()
        pdf_name = next(n for n in names if n.endswith(".pdf"))
        pdf, xml = z.read(pdf_name), z.read("dokumentbeskrivelse.xml")
    assert sorted(names) == sorted([pdf_name, "dokumentbeskrivelse.xml"])
    assert 'pdfaid:part="2"' in pdfa_identification(pdf, tmp_path)
    ns = {"n": "http://www.arkivverket.no/standarder/noark5/arkivmelding"}
    root = ET.fromstring(xml)
    assert root.tag == f"{{{ns['n']}}}dokumentbeskrivelse"
    assert root.findtext("n:tittel", namespaces=ns) == title_nb()
    parts = {
        p.findtext("n:partRolle", namespaces=ns): p.findtext("n:partNavn", namespaces=ns)
        for p in root.findall("n:part", ns)
    }
    assert parts == {"Stillingsinnehaver": "Live Leder", "Nærmeste overordnede": "Sverre Sjef"}
    obj = root.find("n:dokumentobjekt", ns)
    assert obj.findtext("n:sjekksum", namespaces=ns) == hashlib.sha256(pdf).hexdigest()
    assert obj.findtext("n:sjekksumAlgoritme", namespaces=ns) == "SHA-256"
    assert obj.findtext("n:referanseDokumentfil", namespaces=ns) == pdf_name
    assert obj.findtext("n:filstoerrelse", namespaces=ns) == str(len(pdf))
    notes = [m.findtext("n:merknadstekst", namespaces=ns) for m in root.findall("n:merknad", ns)]
    assert sum("Signert av" in n for n in notes) == 2
    assert any(agreement.in_force_version.sha256 in n for n in notes)
    assert root.findtext("n:opprettetDato", namespaces=ns)
    # The KRD template keeps "Forventninger til ekspedisjonssjef" internal: the archive copy is screened.
    assert root.findtext("n:skjerming/n:skjermingshjemmel", namespaces=ns) == "Offl. § 25"


def test_only_a_version_signed_by_both_is_archived(cast):
    from resultatavtaler.core_errors import DomainError

    agreement = build_agreement(cast, "ufd-oa")
    with pytest.raises(DomainError):
        services.archive_export(agreement=agreement, actor=agreement.leader)
    ag_services.agreement_submit(agreement=agreement, actor=agreement.leader)
    agreement.refresh_from_db()
    ag_services.agreement_sign(agreement=agreement, actor=agreement.leader)  # one signature only
    agreement.refresh_from_db()
    with pytest.raises(DomainError):
        services.archive_export(agreement=agreement, actor=agreement.leader, version=1)
