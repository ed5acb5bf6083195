import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignIn } from "@/components/auth/sso-sign-in";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { oidcEnabled } from "@/lib/auth/oidc";
import { getPageActor } from "@/lib/auth/page-session";
import { signInProblem } from "@/lib/auth/signin-errors";
import { env } from "@/lib/env";
import { requestPortalOrigin } from "@/lib/request/context";

export const dynamic = "force-dynamic";
export async function generateMetadata() {
  return { title: (await getTranslations("signin"))("signIn") };
}

type Params = { callbackUrl?: string; error?: string; "break-glass"?: string };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { callbackUrl, error, "break-glass": breakGlass } = await searchParams;
  // Only paths of this portal, parsed against its origin (lib/auth/callback-url.ts): an open redirect otherwise.
  const target = safeCallbackUrl(callbackUrl, requestPortalOrigin(await headers()));
  if (await getPageActor()) redirect(target);
  const e = env();
  const sso = oidcEnabled(e);
  // With password sign-in off, the form is only at /signin?break-glass (the bootstrap admin).
  const passwordForm = e.PROVISIO_PASSWORD_LOGIN || breakGlass !== undefined;
  const problem = signInProblem(error);
  const t = await getTranslations("signin");
  return (
    <main className="flex min-h-screen items-center justify-center bg-[#f5f5f5]">
      <div className="w-full max-w-sm rounded bg-white p-8 shadow">
        {/* eslint-disable-next-line i18n/no-literal-string -- the product's name */}
        <p className="text-sm font-semibold text-[#0f6cbd]">Provisio</p>
        <h1 className="mb-6 mt-1 text-2xl font-semibold">{t("signIn")}</h1>
        {problem && <p role="alert" data-testid="signin-problem" className="mb-4 rounded border border-[#f1bbbc] bg-[#fdf3f4] p-2 text-sm text-[#b10e1c]">{t(`problem.${problem}`)}</p>}
        {sso && <SsoSignIn name={e.OIDC_NAME} callbackUrl={target} primary={!passwordForm} />}
        {sso && passwordForm && <p className="my-4 text-center text-xs text-gray-500">{t("orPassword")}</p>}
        {!e.PROVISIO_PASSWORD_LOGIN && passwordForm && (
          <p className="mb-3 text-xs text-gray-600" data-testid="break-glass-notice">{t("breakGlass")}</p>
        )}
        {passwordForm && <SignInForm callbackUrl={target} providerName={e.OIDC_NAME} />}
      </div>
    </main>
  );
}
