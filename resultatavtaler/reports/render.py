"""The three renderings of an AgreementDocument: HTML (the PDF's source), PDF (optionally
PDF/A-2b for the archive) and an editable Word file."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation

from .document import AgreementDocument
from .pdf import FONT_STACK, font_face_css, render_pdf


def render_html(doc: AgreementDocument) -> str:
    with translation.override(doc.language):
        css = render_to_string("reports/agreement_document.css").replace("FONT_STACK", FONT_STACK)
        return render_to_string(
            "reports/agreement_document.html", {"doc": doc, "css": css, "font_css": font_face_css()}
        )


def render_agreement_pdf(doc: AgreementDocument, *, archival: bool = False) -> bytes:
    return render_pdf(render_html(doc), archival=archival)


# --- Word --------------------------------------------------------------------------------------

_WORD_LANG = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def _set_language(document, language: str) -> None:
    """Mark the text's language on the Normal style, for spelling and screen readers."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), _WORD_LANG.get(language, "nb-NO"))


def _lines(cell, lines: list[str]) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        paragraph.add_run(line)


def _header_row(table, texts: list[str]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    row = table.rows[0]
    for cell, text in zip(row.cells, texts, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    # Repeat the header row on every page, and mark it as a header for assistive technology.
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _paragraphs(document, paragraphs: list[str]) -> None:
    if not paragraphs:
        document.add_paragraph("–")
    for text in paragraphs:
        document.add_paragraph(text)


def render_agreement_docx(doc: AgreementDocument) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    d = Document()
    _set_language(d, doc.language)
    props = d.core_properties
    props.title = doc.title
    props.author = doc.organisation
    props.subject = doc.template_title
    props.language = _WORD_LANG.get(doc.language, "nb-NO")
    props.keywords = "resultatavtale"

    if doc.is_draft:
        header = d.sections[0].header.paragraphs[0]
        run = header.add_run(doc.labels["draft"])
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x1C)
    footer = d.sections[0].footer.paragraphs[0]
    footer.add_run(doc.title + (f" · {doc.labels['version']}" if doc.version_number else "")).font.size = Pt(8)

    d.add_heading(doc.title, level=0)
    d.add_paragraph(f"{doc.labels['template']}: {doc.template_title}").runs[0].italic = True
    if doc.is_draft:
        p = d.add_paragraph()
        p.add_run(f"{doc.labels['draft']} – {doc.labels['draft_note']}").bold = True
    if doc.public_only:
        d.add_paragraph(doc.labels["public_only"])

    for s in doc.parties + doc.before:
        d.add_heading(s.heading, level=1)
        _paragraphs(d, s.paragraphs)
    if doc.requirements_heading:
        d.add_heading(doc.requirements_heading, level=1)
    for c in doc.categories:
        if c.show_heading:
            d.add_heading(c.heading, level=2)
        if c.guidance:
            d.add_paragraph(c.guidance).runs[0].italic = True
        table = d.add_table(rows=1, cols=1 + len(c.columns))
        table.style = "Table Grid"
        _header_row(table, [c.first_column, *c.columns])
        for r in c.rows:
            cells = table.add_row().cells
            first = f"{r.number} {r.text}".strip()
            _lines(cells[0], [first + (f" ({doc.labels['common']})" if r.common else "")])
            for cell, lines in zip(cells[1:], r.cells, strict=True):
                _lines(cell, lines)
        if not c.rows:
            table.add_row().cells[0].text = "–"
    for s in doc.after:
        d.add_heading(s.heading, level=1)
        _paragraphs(d, s.paragraphs)
    if doc.scale_heading:
        d.add_heading(doc.scale_heading, level=1)
        for level in doc.scale:
            d.add_paragraph(level, style="List Bullet")

    ev = doc.evaluation
    if ev is not None:
        d.add_heading(doc.labels["evaluation"], level=1)
        for label, text in (
            (doc.labels["self_summary"], ev.self_summary),
            (doc.labels["conversation"], ev.conversation_on),
            (doc.labels["overall"], " – ".join(x for x in (ev.overall_label, ev.overall) if x)),
            (doc.labels["follow_up"], ev.follow_up),
            (doc.labels["leader_feedback"], ev.leader_feedback),
        ):
            if text:
                d.add_heading(label, level=2)
                d.add_paragraph(text)
        if ev.ratings:
            d.add_heading(doc.labels["ratings"], level=2)
            table = d.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            _header_row(table, [doc.labels["requirement"], doc.labels["self_evaluation"],
                                doc.labels["superior_assessment"]])
            for requirement, own, superior in ev.ratings:
                cells = table.add_row().cells
                _lines(cells[0], [requirement])
                _lines(cells[1], own)
                _lines(cells[2], superior)

    d.add_heading(doc.labels["signatures"], level=1)
    table = d.add_table(rows=4, cols=2)
    for i, s in enumerate(doc.signatures):
        table.cell(0, i).text = s.signed_on or "____________________"
        table.cell(1, i).text = doc.date_label
        table.cell(2, i).text = (s.name if s.signed_on else "") or "____________________________"
        table.cell(3, i).text = doc.sign_label
        detail = f"{s.role}: {s.name}" + (f", {s.title}" if s.title else "") + f". {s.note}"
        p = table.cell(3, i).add_paragraph(detail)
        p.runs[0].font.size = Pt(8)
    if doc.version_hash:
        p = d.add_paragraph(f"{doc.labels['version']}. {doc.labels['hash']}: {doc.version_hash}")
        p.runs[0].font.size = Pt(8)

    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
