import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { RefusalReason } from "@/lib/auth/oidc-decision";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export async function generateMetadata() {
  return { title: (await getTranslations("signin.notAllowed"))("metaTitle") };
}

const REASONS: readonly RefusalReason[] = ["no_role", "disabled", "no_email", "email_taken"];

// Where an OIDC sign-in that Provisio refuses lands (lib/auth/options.ts signIn callback).
export default async function NotAllowedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const t = await getTranslations("signin.notAllowed");
  const e = env();
  const key: RefusalReason = REASONS.includes(reason as RefusalReason) ? (reason as RefusalReason) : "no_role";
  return (
    <main className="flex min-h-screen items-center justify-center bg-[#f5f5f5]">
      <div className="w-full max-w-md rounded bg-white p-8 shadow">
        {/* eslint-disable-next-line i18n/no-literal-string -- the product's name */}
        <p className="text-sm font-semibold text-[#0f6cbd]">Provisio</p>
        <h1 className="mb-4 mt-1 text-2xl font-semibold">{t("title")}</h1>
        <p className="mb-6 text-sm text-gray-800" data-testid="not-allowed-reason">{t(key, { provider: e.OIDC_NAME, claim: e.OIDC_ROLE_CLAIM })}</p>
        <Link href="/signin" className="text-sm text-[#0f6cbd] hover:underline">{t("back")}</Link>
      </div>
    </main>
  );
}
