// Whether an account may sign in with its password. PROVISIO_PASSWORD_LOGIN=false switches
// password sign-in off (the form and POST /api/v1/auth/token) once single sign-on works; the
// bootstrap admin (ADMIN_EMAIL, else admin@provisio.local) keeps it as the break-glass path
// for when the identity provider is down or misconfigured.
import type { Env } from "../env";

export const DEFAULT_BOOTSTRAP_EMAIL = "admin@provisio.local";

type Settings = Pick<Env, "PROVISIO_PASSWORD_LOGIN" | "ADMIN_EMAIL" | "OIDC_NAME">;

export const breakGlassEmail = (e: Settings) => (e.ADMIN_EMAIL ?? DEFAULT_BOOTSTRAP_EMAIL).toLowerCase();

export function passwordLoginAllowed(email: string, e: Settings): boolean {
  return e.PROVISIO_PASSWORD_LOGIN || email.trim().toLowerCase() === breakGlassEmail(e);
}

export const passwordLoginOffMessage = (e: Settings) => `Password sign-in is switched off: sign in with ${e.OIDC_NAME}.`;
