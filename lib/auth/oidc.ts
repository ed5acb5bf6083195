// The OpenID Connect provider for next-auth, from OIDC_* (lib/env.ts). Authorization code flow
// with PKCE, state and nonce (openid-client checks them and the ID token's signature, issuer,
// audience and expiry). The provider's metadata is discovered at each sign-in, so Provisio
// starts without it and follows key rotation; the provider being down only fails sign-ins.
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { Env } from "../env";
import { hasClaim } from "./oidc-roles";

export const OIDC_PROVIDER_ID = "oidc";

export type OidcClaims = Record<string, unknown> & { sub: string; iss?: string; email?: string; name?: string; preferred_username?: string };

type OidcEnv = Pick<Env, "OIDC_ISSUER" | "OIDC_CLIENT_ID" | "OIDC_CLIENT_SECRET" | "OIDC_NAME" | "OIDC_ROLE_CLAIM" | "OIDC_SCOPES">;

export const oidcEnabled = (e: Pick<Env, "OIDC_ISSUER">) => Boolean(e.OIDC_ISSUER);

export function oidcProvider(e: OidcEnv): OAuthConfig<OidcClaims> {
  const issuer = e.OIDC_ISSUER!.replace(/\/+$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: e.OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: e.OIDC_SCOPES } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    userinfo: {
      // The ID token's claims, with the userinfo endpoint's when the ID token lacks the role claim
      // or the email (code-flow ID tokens often carry neither). openid-client checks userinfo's sub.
      async request({ tokens, client }) {
        // next-auth types the tokens as plain parameters; at run time they are openid-client's TokenSet
        const set = tokens as unknown as Parameters<typeof client.userinfo>[0] & { claims(): OidcClaims };
        const claims = set.claims();
        if ((hasClaim(claims, e.OIDC_ROLE_CLAIM) && typeof claims.email === "string") || !client.issuer.metadata.userinfo_endpoint || !tokens.access_token) return claims;
        const info = await client.userinfo(set);
        return { ...info, ...claims };
      },
    },
    profile(claims) {
      const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null;
      const name = [claims.name, claims.preferred_username, email].find((v): v is string => typeof v === "string" && v.trim() !== "") ?? claims.sub;
      return { id: claims.sub, email, name };
    },
  };
}
