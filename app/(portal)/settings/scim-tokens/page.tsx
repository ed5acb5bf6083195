import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { ScimTokensTable } from "@/components/scim-tokens/scim-tokens-table";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";
import { requestPortalOrigin } from "@/lib/request/context";

export async function generateMetadata() {
  return { title: (await getTranslations("settings"))("scimTokens") };
}

export default async function ScimTokensPage() {
  await requirePageActor("reader");
  const t = await getTranslations("settings");
  return (
    <Blade title={t("scimTokens")} crumbs={[{ label: t("title"), href: "/settings" }, { label: t("scimTokens") }]} subtitle={t("scimTokensSubtitle")}>
      <ScimTokensTable tenantUrl={`${await publicOrigin()}/scim/v2`} />
    </Blade>
  );
}

/** The address clients reach the portal at: NEXTAUTH_URL, or a trusted proxy's X-Forwarded-* (lib/request). */
async function publicOrigin(): Promise<string> {
  return requestPortalOrigin(await headers());
}
