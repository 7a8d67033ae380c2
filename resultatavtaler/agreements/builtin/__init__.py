"""The three templates of the seed's appendix (Vedlegg), built in and read-only, owned by no
organisation: process owners copy and tailor them (`template_copy`).

`ensure_builtin_templates()` is idempotent and runs from a data migration: it creates each
template once and adds a new version only when the data here differ from the latest one, so
agreements made on an older version never change."""

from . import krd_ka, ufd_ad, ufd_oa

BUILTIN_TEMPLATES = [
    (ufd_ad.KEY, ufd_ad.NAME, ufd_ad.CONTENT),
    (ufd_oa.KEY, ufd_oa.NAME, ufd_oa.CONTENT),
    (krd_ka.KEY, krd_ka.NAME, krd_ka.CONTENT),
]


def ensure_builtin_templates(template_model=None, version_model=None) -> list:
    """Create or update the built-in templates; returns their latest versions. Accepts the
    historical models when called from a migration."""
    if template_model is None or version_model is None:
        from ..models import Template, TemplateVersion

        template_model, version_model = Template, TemplateVersion
    from ..template_content import validate_content

    latest = []
    for key, name, content in BUILTIN_TEMPLATES:
        validate_content(content)
        template, _created = template_model.objects.get_or_create(
            organisation=None,
            key=key,
            defaults={"name_nb": name["nb"], "name_nn": name["nn"], "name_en": name["en"], "is_builtin": True},
        )
        current = version_model.objects.filter(template=template).order_by("-number").first()
        if current is None or current.content != content:
            current = version_model.objects.create(
                template=template,
                number=(current.number + 1) if current else 1,
                content=content,
                change_note="Statskonsult 2003, Vedlegg",
            )
        latest.append(current)
    return latest
