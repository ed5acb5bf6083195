// next-auth (v4) configuration: Credentials provider, JWT sessions.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { AppError } from "../errors";
import { headersFromRecord, requestClientIp } from "../request/context";
import { authenticate } from "./authenticate";

export const SESSION_MAX_AGE_S = 8 * 60 * 60;

// the socket address, or what a trusted proxy forwarded (lib/request)
const clientIp = (headers: Record<string, unknown> | undefined) => requestClientIp(headersFromRecord(headers));

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) throw new Error("Enter your email and password.");
          try {
            const admin = await authenticate(credentials.email, credentials.password, clientIp(req?.headers));
            return { id: admin.id, email: admin.email, name: admin.name, role: admin.role, tv: admin.tokenVersion };
          } catch (err) {
            // next-auth passes the message to the sign-in page as ?error=…
            if (err instanceof AppError) throw new Error(err.message);
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const u = user as unknown as { id: string; role: string; tv: number };
          token.sub = u.id;
          token.role = u.role;
          token.tv = u.tv;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
  };
}
