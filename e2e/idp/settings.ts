// The local OpenID provider of the e2e run and how the e2e web server is registered there.
// playwright.config.ts gives the web server these OIDC_* variables; e2e/ui/oidc.spec.ts starts the
// provider (e2e/idp/oidc-idp.ts) on this port. Provisio discovers the provider at each sign-in,
// so the server starts before the provider is up.
export const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3211);

export const OIDC_E2E = {
  issuer: `http://127.0.0.1:${E2E_OIDC_PORT}`,
  clientId: "provisio-e2e",
  // only valid against the throwaway provider of the test run
  clientSecret: "e2e-client-secret-not-used-anywhere-else",
  name: "Corp SSO",
  roleClaim: "groups",
  roleMap: "provisio-admins=global,provisio-ops=application,provisio-readers=reader",
  // the provider releases groups only for this scope (as Okta does), and only at userinfo
  scopes: "openid email profile groups",
};

export const oidcServerEnv = (): Record<string, string> => ({
  OIDC_ISSUER: OIDC_E2E.issuer,
  OIDC_CLIENT_ID: OIDC_E2E.clientId,
  OIDC_CLIENT_SECRET: OIDC_E2E.clientSecret,
  OIDC_NAME: OIDC_E2E.name,
  OIDC_ROLE_CLAIM: OIDC_E2E.roleClaim,
  OIDC_ROLE_MAP: OIDC_E2E.roleMap,
  OIDC_SCOPES: OIDC_E2E.scopes,
});
