// next-auth's ?error= codes on /signin → the catalogue key of their sentence (signin.problem.*);
// an unknown code gets the generic one.
const KNOWN = ["OAuthSignin", "OAuthCallback", "Callback", "OAuthCreateAccount", "AccessDenied", "Configuration"] as const;
export type SignInProblem = (typeof KNOWN)[number] | "unknown";

export const signInProblem = (code: string | undefined): SignInProblem | null =>
  code ? ((KNOWN as readonly string[]).includes(code) ? (code as SignInProblem) : "unknown") : null;

/**
 * The password sign-in's own refusals (locked out, wrong password, disabled, password sign-in
 * off) travel from authorize() to the form as "signin.<key>" (errors.signin.* in the catalogue),
 * so the form says them in the page's language.
 */
export const SIGNIN_ERROR_PREFIX = "signin.";
export const signInFailure = (error: string | null | undefined): string | null =>
  error?.startsWith(SIGNIN_ERROR_PREFIX) ? error.slice(SIGNIN_ERROR_PREFIX.length) : null;
