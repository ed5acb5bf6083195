// next-auth's ?error= codes on /signin, as sentences (an unknown code gets the generic one).
const MESSAGES: Record<string, string> = {
  OAuthSignin: "The identity provider could not be reached. Try again; if it keeps failing, tell the administrator who runs Provisio.",
  OAuthCallback: "The answer from the identity provider could not be verified, so you were not signed in. Start again from this page.",
  Callback: "The answer from the identity provider could not be verified, so you were not signed in. Start again from this page.",
  OAuthCreateAccount: "Your account could not be set up. Try again.",
  AccessDenied: "You are not allowed to sign in to Provisio.",
  Configuration: "Sign-in is not configured correctly. Tell the administrator who runs Provisio.",
};

export const signInErrorMessage = (code: string | undefined): string | null =>
  code ? (MESSAGES[code] ?? "Sign-in did not complete. Try again.") : null;
