import { headers } from "next/headers";
import { ScimTokensTable } from "@/components/scim-tokens/scim-tokens-table";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";
import { requestPortalOrigin } from "@/lib/request/context";

export const metadata = { title: "SCIM tokens" };

export default async function ScimTokensPage() {
  await requirePageActor("reader");
  return (
    <Blade title="SCIM tokens" crumbs={[{ label: "Settings", href: "/settings" }, { label: "SCIM tokens" }]} subtitle="Bearer tokens that HR systems and identity providers use to push users and groups into the directory through SCIM 2.0.">
      <ScimTokensTable tenantUrl={`${await publicOrigin()}/scim/v2`} />
    </Blade>
  );
}

/** The address clients reach the portal at: NEXTAUTH_URL, or a trusted proxy's X-Forwarded-* (lib/request). */
async function publicOrigin(): Promise<string> {
  return requestPortalOrigin(await headers());
}
