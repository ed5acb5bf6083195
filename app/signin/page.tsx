import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getPageActor } from "@/lib/auth/page-session";
import { requestPortalOrigin } from "@/lib/request/context";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only paths of this portal, parsed against its origin (lib/auth/callback-url.ts): an open redirect otherwise.
  const target = safeCallbackUrl(callbackUrl, requestPortalOrigin(await headers()));
  if (await getPageActor()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center bg-[#f5f5f5]">
      <div className="w-full max-w-sm rounded bg-white p-8 shadow">
        <p className="text-sm font-semibold text-[#0f6cbd]">Provisio</p>
        <h1 className="mb-6 mt-1 text-2xl font-semibold">Sign in</h1>
        <SignInForm callbackUrl={target} />
      </div>
    </main>
  );
}
