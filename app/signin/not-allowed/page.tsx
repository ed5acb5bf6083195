import Link from "next/link";
import type { RefusalReason } from "@/lib/auth/oidc-decision";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Not allowed" };

// Where an OIDC sign-in that Provisio refuses lands (lib/auth/options.ts signIn callback).
function explain(reason: string | undefined): string {
  const e = env();
  const texts: Record<RefusalReason, string> = {
    no_role: `Your account at ${e.OIDC_NAME} does not give you a role in Provisio. Roles come from your groups there (the ${e.OIDC_ROLE_CLAIM} claim): ask your identity team to add you to a group that gives a Provisio role, then sign in again.`,
    disabled: "Your Provisio administrator account is disabled. A global administrator can enable it under Settings → Administrators.",
    no_email: `${e.OIDC_NAME} did not send an email address for your account, and Provisio needs one to create your administrator account. Ask your identity team to release the email claim to Provisio.`,
    email_taken: "An administrator with your email address already exists in Provisio and signs in with a password. Single sign-on never takes over an existing account: sign in with that password, or ask a global administrator to delete that account and then sign in again.",
  };
  return texts[reason as RefusalReason] ?? texts.no_role;
}

export default async function NotAllowedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-[#f5f5f5]">
      <div className="w-full max-w-md rounded bg-white p-8 shadow">
        <p className="text-sm font-semibold text-[#0f6cbd]">Provisio</p>
        <h1 className="mb-4 mt-1 text-2xl font-semibold">You are not allowed to sign in</h1>
        <p className="mb-6 text-sm text-gray-800" data-testid="not-allowed-reason">{explain(reason)}</p>
        <Link href="/signin" className="text-sm text-[#0f6cbd] hover:underline">Back to sign-in</Link>
      </div>
    </main>
  );
}
