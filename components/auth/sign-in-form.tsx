"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { signInFailure } from "@/lib/auth/signin-errors";

/** providerName: the single sign-on's name, for "password sign-in is off: sign in with …". */
export function SignInForm({ callbackUrl, providerName = "" }: { callbackUrl: string; providerName?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useTranslations("signin");
  const refused = useTranslations("errors.signin");

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
    if (res?.ok && !res.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setBusy(false);
    const key = signInFailure(res?.error);
    if (key && refused.has(key as "missing")) setError(refused(key as "passwordLoginOff", { name: providerName }));
    else setError(res?.error && res.error !== "CredentialsSignin" ? res.error : t("incorrect"));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label={t("email")} required>{(p) => <Input {...p} name="email" type="email" autoComplete="username" required autoFocus />}</Field>
      <Field label={t("password")} required>{(p) => <Input {...p} name="password" type="password" autoComplete="current-password" required />}</Field>
      {error && <p role="alert" data-testid="signin-error" className="rounded border border-[#f1bbbc] bg-[#fdf3f4] p-2 text-sm text-[#b10e1c]">{error}</p>}
      <Button type="submit" variant="primary" busy={busy} className="w-full justify-center py-1.5">{busy ? t("signingIn") : t("signIn")}</Button>
    </form>
  );
}
