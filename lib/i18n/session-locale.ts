// The stored language of the admin whose session cookie came with this request, for
// i18n/request.ts. Only a preference: no session, an unreadable one or a database blip means
// "no stored choice" (the cookie / Accept-Language decide), never a failed page.
import type { NextRequest } from "next/server";
import { adminLocale } from "../admins/locale";
import { sessionClaims } from "../auth/actor";
import type { Locale } from "./locales";

export async function sessionLocale(cookies: NextRequest["cookies"]): Promise<Locale | null> {
  try {
    const claims = await sessionClaims(cookies);
    if (!claims?.sub || claims.typ !== "session") return null;
    return await adminLocale(claims.sub);
  } catch {
    return null;
  }
}
