"""Privacy and public access (docs/privacy.md): the per-person data export (GDPR art. 15),
retention with automated deletion, and the redacted copy of an agreement for an access request
under offentleglova."""
