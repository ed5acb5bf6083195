// next-auth (v4) configuration: Credentials provider, the company's OpenID provider when
// OIDC_ISSUER is set (lib/auth/oidc.ts), JWT sessions.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { AppError } from "../errors";
import { SIGNIN_ERROR_PREFIX } from "./signin-errors";
import { headersFromRecord, requestClientIp } from "../request/context";
import { authenticate } from "./authenticate";
import { safeCallbackUrl } from "./callback-url";
import { sessionStillLive } from "./actor";
import { newSessionId, revokeSession, SESSION_MAX_AGE_S } from "./sessions";
import { log } from "../log";
import { OIDC_PROVIDER_ID, oidcEnabled, oidcProvider, type OidcClaims } from "./oidc";
import { oidcSignIn } from "./oidc-signin";

export { SESSION_MAX_AGE_S };
const SESSION_ENDED = "session ended";

// the socket address, or what a trusted proxy forwarded (lib/request)
const clientIp = (headers: Record<string, unknown> | undefined) => requestClientIp(headersFromRecord(headers));

export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    // next-auth's errors as JSON lines; an ended session refused at refresh is routine, not an error
    logger: {
      error(code, metadata) {
        const message = (metadata as { message?: unknown } | undefined)?.message;
        if (code === "JWT_SESSION_ERROR" && message === SESSION_ENDED) log.info("ended session refused at refresh");
        else log.error(`next-auth ${code}`, { err: metadata });
      },
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) throw new Error(SIGNIN_ERROR_PREFIX + "missing");
          try {
            const admin = await authenticate(credentials.email, credentials.password, clientIp(req?.headers));
            return { id: admin.id, email: admin.email, name: admin.name, role: admin.role, tv: admin.tokenVersion };
          } catch (err) {
            // next-auth passes the message to the sign-in page as ?error=…: the catalogue key of the
            // sign-in's own refusals (the form says it in the page's language), else the message
            if (err instanceof AppError) throw new Error(err.i18n?.key.startsWith(`errors.${SIGNIN_ERROR_PREFIX}`) ? err.i18n.key.slice("errors.".length) : err.message);
            throw err;
          }
        },
      }),
      ...(oidcEnabled(e) ? [oidcProvider(e)] : []),
    ],
    events: {
      async signOut({ token }) {
        const t = token as { sid?: unknown; exp?: unknown } | null;
        if (typeof t?.sid === "string") await revokeSession(t.sid, new Date(typeof t.exp === "number" ? t.exp * 1000 : Date.now() + SESSION_MAX_AGE_S * 1000));
      },
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const u = user as unknown as { email: string | null; name: string };
        const result = await oidcSignIn(profile as OidcClaims, { email: u.email, name: u.name });
        if (!result.ok) return `/signin/not-allowed?reason=${result.reason}`;
        // what the jwt callback below puts in the session: Provisio's admin, not the provider's subject
        Object.assign(user, { id: result.admin.id, email: result.admin.email, name: result.admin.name, role: result.admin.role, tv: result.admin.tokenVersion });
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          const u = user as unknown as { id: string; role: string; tv: number };
          token.sub = u.id;
          token.role = u.role;
          token.tv = u.tv;
          // typ and sid: a session JWT is accepted only as the cookie, and sign-out revokes its sid
          token.typ = "session";
          token.sid = newSessionId();
          token.authAt = Math.floor(Date.now() / 1000);
        } else if (!(await sessionStillLive(token))) {
          // next-auth then answers /api/auth/session with {} (no name, no email) and clears the cookie
          throw new Error(SESSION_ENDED);
        }
        return token;
      },
      // only paths of this portal (lib/auth/callback-url.ts)
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackUrl(url, baseUrl), baseUrl).toString();
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
  };
}
