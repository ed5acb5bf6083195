import { headers } from "next/headers";
import { ScimTokensTable } from "@/components/scim-tokens/scim-tokens-table";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";
import { env } from "@/lib/env";

export const metadata = { title: "SCIM tokens" };

export default async function ScimTokensPage() {
  await requirePageActor("reader");
  return (
    <Blade title="SCIM tokens" crumbs={[{ label: "Settings", href: "/settings" }, { label: "SCIM tokens" }]} subtitle="Bearer tokens that HR systems and identity providers use to push users and groups into the directory through SCIM 2.0.">
      <ScimTokensTable tenantUrl={`${await publicOrigin()}/scim/v2`} />
    </Blade>
  );
}

/** The address clients reach the portal at: NEXTAUTH_URL when configured, else the request's (X-Forwarded-* behind a proxy). */
async function publicOrigin(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}
