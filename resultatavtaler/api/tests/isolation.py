"""The API token page for the organisation-isolation test (accounts/tests/test_isolation.py).
The API itself (/api/v1/) has its own rules and tests: test_permissions.py."""


def _token(cast):
    from resultatavtaler.api.models import ApiToken
    from resultatavtaler.api.services import api_token_create

    existing = ApiToken.objects.filter(organisation=cast.organisation).first()
    if existing:
        return existing
    token, _raw = api_token_create(
        organisation=cast.organisation, actor=cast.admin_person, name="Isolasjon HR", scope="read"
    )
    return token


OBJECT_KWARGS = {
    "api:token_revoke": lambda cast: {"pk": _token(cast).pk},
}
