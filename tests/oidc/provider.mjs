// A real OpenID Connect provider (the npm package oidc-provider) on loopback for the login test.
// Configured from the environment by tests/oidc/test_oidc_login.py:
//   OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
//   OIDC_ACCOUNTS = JSON {accountId: {email, name}}.
// Its development interactions are the login and consent pages: any account id with any
// password logs in, and the claims come from OIDC_ACCOUNTS. For tests only.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: [process.env.OIDC_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(ctx, id) {
    const known = accounts[id];
    return {
      accountId: id,
      async claims() {
        return known
          ? { sub: id, email: known.email, email_verified: true, name: known.name }
          : { sub: id, email: `${id}@ukjent.example`, email_verified: true, name: id };
      },
    };
  },
  cookies: { keys: ['only-for-the-loopback-test-provider'] },
  features: { devInteractions: { enabled: true } },
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});
