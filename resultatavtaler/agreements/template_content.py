"""The JSON shape of a template version (see models.TemplateVersion) and its validation, so a
process owner's tailored template cannot break the agreement pages."""

from django.utils.translation import gettext as _

from resultatavtaler.core_errors import DomainError

from .constants import LANGUAGES, Column, SectionPlacement

SECTION_KINDS = ("text", "holder", "superior")


def _text(value, where: str, *, required: bool = False) -> None:
    if not isinstance(value, dict) or any(not isinstance(value.get(lang, ""), str) for lang in LANGUAGES):
        raise DomainError(_("%(where)s must have a text in bokmål, nynorsk and English.") % {"where": where})
    if required and not value.get("nb"):
        raise DomainError(_("%(where)s needs a text in bokmål.") % {"where": where})


def validate_content(content: dict) -> dict:
    """Raise DomainError when the content is malformed; return it unchanged otherwise."""
    if not isinstance(content, dict):
        raise DomainError(_("The template content is malformed."))
    _text(content.get("title"), _("The template title"), required=True)
    keys: set[str] = set()
    for s in content.get("sections", []):
        key = s.get("key")
        if not key or key in keys:
            raise DomainError(_("Every section needs its own key."))
        keys.add(key)
        if s.get("kind", "text") not in SECTION_KINDS:
            raise DomainError(_("Unknown section kind: %(kind)s") % {"kind": s.get("kind")})
        if s.get("placement", "before") not in SectionPlacement.values:
            raise DomainError(_("Unknown section placement."))
        _text(s.get("heading"), _("The section heading"), required=True)
        for field in ("guidance", "default_text"):
            if field in s:
                _text(s[field], _("The section texts"))
        if s.get("max_lines") is not None and (not isinstance(s["max_lines"], int) or s["max_lines"] < 1):
            raise DomainError(_("The maximum number of lines must be a positive number."))
    categories = content.get("categories", [])
    if not categories:
        raise DomainError(_("A template needs at least one requirement category."))
    cat_keys: set[str] = set()
    for c in categories:
        key = c.get("key")
        if not key or key in cat_keys:
            raise DomainError(_("Every requirement category needs its own key."))
        cat_keys.add(key)
        _text(c.get("title"), _("The category title"), required=True)
        columns = c.get("columns", [])
        if any(col not in Column.values for col in columns):
            raise DomainError(_("Unknown column in the category %(key)s.") % {"key": key})
        lo, hi = c.get("recommended_min"), c.get("recommended_max")
        if lo is not None and hi is not None and lo > hi:
            raise DomainError(_("The recommended minimum cannot exceed the maximum."))
    scale = content.get("scale", [])
    if not scale:
        raise DomainError(_("A template needs an assessment scale."))
    values = [level.get("value") for level in scale]
    if len(set(values)) != len(values):
        raise DomainError(_("The levels of the scale need different values."))
    for level in scale:
        _text(level.get("label"), _("The scale level"), required=True)
    return content


def outline(content: dict, language: str) -> list[str]:
    """The headings of a template in reading order (sections, categories, scale)."""
    lang = language
    out = [s["heading"][lang] for s in content.get("sections", []) if s.get("placement", "before") == "before"]
    req_heading = (content.get("requirements_heading") or {}).get(lang)
    if req_heading:
        out.append(req_heading)
    for c in content.get("categories", []):
        out.append(f"{c['number']}. {c['title'][lang]}" if c.get("number") else c["title"][lang])
    out += [s["heading"][lang] for s in content.get("sections", []) if s.get("placement") == "after"]
    if content.get("scale_heading"):
        out.append(content["scale_heading"][lang])
    return out
