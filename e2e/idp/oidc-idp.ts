// A real OpenID provider (the npm package oidc-provider) on loopback, for the SSO e2e tests.
// Its users live in a map the test changes between sign-ins (groups, email). The login page is
// oidc-provider's development interaction (any password); consent is granted to the one client,
// as a company's provider does for a first-party app. PKCE is required by the provider itself.
import type { Server } from "node:http";
import type { Configuration } from "oidc-provider";

export type IdpUser = { email?: string; name: string; groups?: string[] };

export type Idp = { users: Map<string, IdpUser>; stop: () => Promise<void> };

export async function startIdp(opts: { port: number; issuer: string; clientId: string; clientSecret: string; redirectUris: string[] }): Promise<Idp> {
  const users = new Map<string, IdpUser>();
  const config: Configuration = {
    clients: [{
      client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: opts.redirectUris,
      grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic",
    }],
    pkce: { required: () => true },
    // groups only through the userinfo endpoint (oidc-provider's default: code-flow ID tokens carry
    // no profile claims), as several providers do: Provisio must fetch them
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    cookies: { keys: ["e2e-idp-cookie-key-0123456789abcdef"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        // read at each token/userinfo request: a change in the map shows at the next sign-in
        claims: async () => ({ sub: id, name: user.name, ...(user.email ? { email: user.email, email_verified: true } : {}), groups: [...(user.groups ?? [])] }),
      };
    },
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  };
  // oidc-provider is an ES module with top-level await: loaded with import(), never require()
  const { default: Provider } = await import("oidc-provider");
  const provider = new Provider(opts.issuer, config);
  const server: Server = await new Promise((resolve, reject) => {
    const s = provider.listen(opts.port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  return {
    users,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
