"""The archive package for the customer's Noark 5 archive (DESIGN.md §6: "the product is not the
archive"): a zip with the document as PDF/A-2b and `dokumentbeskrivelse.xml`, metadata shaped
like Noark 5's dokumentbeskrivelse as the arkivmelding schema orders it
(namespace http://www.arkivverket.no/standarder/noark5/arkivmelding): tittel, forfatter,
opprettetDato, part (stillingsinnehaver and nærmeste overordnede), merknad (each signature
with its date, and the agreement version's own SHA-256 hash chain), skjerming, and one
dokumentobjekt with sjekksum/sjekksumAlgoritme (SHA-256) and filstoerrelse of the PDF/A file.

Skjerming (access restriction) is written when the document holds parts that are not public
(sections or requirements not published to the unit, or the assessment, which is never
public). The code and legal basis are the customer's choice; the defaults are
tilgangsrestriksjon "P" (personalsaker) and skjermingshjemmel "Offl. § 25" and can be set in
settings as REPORTS_ARCHIVE_SCREENING = {"tilgangsrestriksjon": "...", "skjermingshjemmel": "..."}.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid
import zipfile
from xml.etree import ElementTree as ET  # noqa: N817 - building XML, never parsing untrusted input

from django.conf import settings
from django.utils import timezone

from .document import AgreementDocument, Source

NOARK_NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding"
METADATA_FILE = "dokumentbeskrivelse.xml"
SYSTEM_NAME = "Resultatavtaler"
# PRONOM identifier of PDF/A-2b.
PDFA_2B_PRONOM = "fmt/477"
DEFAULT_SCREENING = {"tilgangsrestriksjon": "P", "skjermingshjemmel": "Offl. § 25"}

ROLE_NAMES = {"leader": "Stillingsinnehaver", "superior": "Nærmeste overordnede"}


def screening() -> dict:
    return {**DEFAULT_SCREENING, **getattr(settings, "REPORTS_ARCHIVE_SCREENING", {})}


def _iso(value) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _sub(parent, tag: str, text=None):
    el = ET.SubElement(parent, f"{{{NOARK_NS}}}{tag}")
    if text is not None:
        el.text = str(text)
    return el


def metadata_xml(
    *, doc: AgreementDocument, source: Source, pdf_name: str, pdf_bytes: bytes, with_assessment: bool
) -> bytes:
    ET.register_namespace("", NOARK_NS)
    ag, version = source.agreement, source.version
    now = timezone.now()
    root = ET.Element(f"{{{NOARK_NS}}}dokumentbeskrivelse")
    # A stable id: the same version (and kind) of the same agreement gets the same systemID.
    key = f"resultatavtaler:{ag.pk}:{version.sha256}:{with_assessment}"
    _sub(root, "systemID", uuid.uuid5(uuid.NAMESPACE_URL, key))
    _sub(root, "dokumenttype", "Resultatavtale med vurdering" if with_assessment else "Resultatavtale")
    _sub(root, "dokumentstatus", "Dokumentet er ferdigstilt")
    _sub(root, "tittel", doc.title)
    _sub(
        root,
        "beskrivelse",
        f"{doc.template_title}. Versjon {version.number}"
        + (", med egenevaluering og vurdering" if with_assessment else ", signert av begge parter")
        + ".",
    )
    _sub(root, "forfatter", doc.leader)
    _sub(root, "forfatter", doc.superior)
    _sub(root, "opprettetDato", _iso(version.created_at))
    _sub(root, "opprettetAv", SYSTEM_NAME)
    _sub(root, "tilknyttetRegistreringSom", "Hoveddokument")
    _sub(root, "dokumentnummer", 1)
    _sub(root, "tilknyttetDato", _iso(now))
    _sub(root, "tilknyttetAv", SYSTEM_NAME)
    for role, name in (("leader", doc.leader), ("superior", doc.superior)):
        part = _sub(root, "part")
        _sub(part, "partNavn", name)
        _sub(part, "partRolle", ROLE_NAMES[role])
    for sig in sorted(source.signatures, key=lambda s: s.signed_at):
        m = _sub(root, "merknad")
        _sub(m, "merknadstekst", f"Signert av {ROLE_NAMES[sig.role].lower()} {sig.person.name}; "
             f"versjonens SHA-256: {sig.version_hash}")
        _sub(m, "merknadstype", "Signatur")
        _sub(m, "merknadsdato", _iso(sig.signed_at))
        _sub(m, "merknadRegistrertAv", sig.person.name)
    m = _sub(root, "merknad")
    _sub(
        m,
        "merknadstekst",
        f"Avtaleversjon {version.number}. sjekksumAlgoritme: SHA-256. sjekksum: {version.sha256}. "
        f"Forrige versjons sjekksum: {version.previous_hash}.",
    )
    _sub(m, "merknadstype", "Avtaleversjon")
    _sub(m, "merknadsdato", _iso(version.created_at))
    _sub(m, "merknadRegistrertAv", SYSTEM_NAME)
    if with_assessment or doc.has_non_public_parts:
        s = _sub(root, "skjerming")
        codes = screening()
        _sub(s, "tilgangsrestriksjon", codes["tilgangsrestriksjon"])
        _sub(s, "skjermingshjemmel", codes["skjermingshjemmel"])
        _sub(s, "skjermingDokument", "Skjerming av deler av dokumentet")
    obj = _sub(root, "dokumentobjekt")
    _sub(obj, "versjonsnummer", 1)
    _sub(obj, "variantformat", "Arkivformat")
    _sub(obj, "format", PDFA_2B_PRONOM)
    _sub(obj, "formatDetaljer", "PDF/A-2b")
    _sub(obj, "mimeType", "application/pdf")
    _sub(obj, "opprettetDato", _iso(now))
    _sub(obj, "opprettetAv", SYSTEM_NAME)
    _sub(obj, "referanseDokumentfil", pdf_name)
    _sub(obj, "sjekksum", hashlib.sha256(pdf_bytes).hexdigest())
    _sub(obj, "sjekksumAlgoritme", "SHA-256")
    _sub(obj, "filstoerrelse", len(pdf_bytes))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def archive_zip(*, pdf_name: str, pdf_bytes: bytes, metadata: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(pdf_name, pdf_bytes)
        z.writestr(METADATA_FILE, metadata)
    return out.getvalue()
