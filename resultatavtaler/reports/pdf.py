"""The one small PDF helper: HTML → PDF with WeasyPrint, fonts shipped with the product.

Fonts: Inter (vendored under static/vendor/inter, SIL OFL) is the text face; DejaVu Sans from
Debian's fonts-dejavu-core is the fallback for characters Inter's Latin subsets lack (≥, →, …)
when the machine has it. Both are declared with @font-face and embedded (subset) in every PDF,
so a document never depends on what fontconfig happens to find — PDF/A requires every font to
be embedded, and CI installs fonts-dejavu-core next to qpdf and poppler (.ci/run).

Resources: the fetcher serves only those font files. Documents hold user-written text, which
the templates escape; even so nothing in a document may make the renderer reach the network or
read another file (no SSRF, no local file disclosure).

Feedback's lederprofil PDF (feedback/documents.py, made by the task worker through jobs.py)
renders through `render_pdf` too.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

PDF_A_VARIANT = "pdf/a-2b"
INTER_DIR = Path(settings.BASE_DIR) / "resultatavtaler" / "static" / "vendor" / "inter"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")

_INTER_FACES = [
    ("normal", "inter-latin-wght-normal.woff2"),
    ("normal", "inter-latin-ext-wght-normal.woff2"),
    ("italic", "inter-latin-wght-italic.woff2"),
    ("italic", "inter-latin-ext-wght-italic.woff2"),
]
_DEJAVU_FACES = [
    ("normal", "normal", "DejaVuSans.ttf"),
    ("normal", "bold", "DejaVuSans-Bold.ttf"),
    ("italic", "normal", "DejaVuSans-Oblique.ttf"),
    ("italic", "bold", "DejaVuSans-BoldOblique.ttf"),
]


def font_files() -> list[Path]:
    """Every font file a document may use (and the fetcher may serve)."""
    files = [INTER_DIR / name for _style, name in _INTER_FACES]
    files += [DEJAVU_DIR / name for _s, _w, name in _DEJAVU_FACES if (DEJAVU_DIR / name).exists()]
    return [f for f in files if f.exists()]


def font_face_css() -> str:
    """@font-face rules for "Document Sans": Inter, then DejaVu Sans for what Inter lacks."""
    rules = []
    for style, name in _INTER_FACES:
        path = INTER_DIR / name
        if path.exists():
            rules.append(
                f'@font-face {{ font-family: "Document Sans"; font-style: {style}; '
                f'src: url("{path.as_uri()}"); }}'
            )
    for style, weight, name in _DEJAVU_FACES:
        path = DEJAVU_DIR / name
        if path.exists():
            rules.append(
                f'@font-face {{ font-family: "Document Fallback"; font-style: {style}; font-weight: {weight}; '
                f'src: url("{path.as_uri()}"); }}'
            )
    return "\n".join(rules)


FONT_STACK = '"Document Sans", "Document Fallback", sans-serif'


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {f.resolve() for f in font_files()}

    class FontOnlyFetcher(URLFetcher):
        """Serves the shipped font files and refuses everything else."""

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path in allowed:
                    return URLFetcherResponse(url, body=path.read_bytes())
            raise ValueError(f"Documents load no external resources: {url[:80]}")

    return FontOnlyFetcher


def render_pdf(html: str, *, archival: bool = False) -> bytes:
    """Render the HTML to PDF; with `archival`, as PDF/A-2b (fonts embedded, sRGB output
    intent, XMP identification pdfaid:part=2, conformance B)."""
    from weasyprint import HTML

    options = {"pdf_variant": PDF_A_VARIANT} if archival else {}
    return HTML(string=html, url_fetcher=_fetcher_class()()).write_pdf(**options)
