// next-auth's ?error= codes on /signin → the catalogue key of their sentence (signin.problem.*);
// an unknown code gets the generic one.
const KNOWN = ["OAuthSignin", "OAuthCallback", "Callback", "OAuthCreateAccount", "AccessDenied", "Configuration"] as const;
export type SignInProblem = (typeof KNOWN)[number] | "unknown";

export const signInProblem = (code: string | undefined): SignInProblem | null =>
  code ? ((KNOWN as readonly string[]).includes(code) ? (code as SignInProblem) : "unknown") : null;
