"use client";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";

const noSubscribe = () => () => {};

/** "Continue with <OIDC_NAME>": starts the authorization code flow at the company's provider. */
export function SsoSignIn({ name, callbackUrl, primary }: { name: string; callbackUrl: string; primary: boolean }) {
  const [busy, setBusy] = useState(false);
  const t = useTranslations("signin");
  // false in the server's HTML, true once hydrated: a click before then would do nothing
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);
  return (
    <Button
      type="button"
      variant={primary ? "primary" : "secondary"}
      busy={busy}
      disabled={!hydrated}
      className="w-full justify-center py-1.5"
      onClick={() => {
        setBusy(true);
        void signIn("oidc", { callbackUrl });
      }}
    >
      {t("continueWith", { name })}
    </Button>
  );
}
