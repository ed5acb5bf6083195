import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export async function generateMetadata() {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage() {
  const actor = await requirePageActor();
  const t = await getTranslations("settings");
  const items = [
    ...(actor.role === "global_admin" ? [{ href: "/settings/administrators", label: t("admins"), text: t("adminsText") }] : []),
    { href: "/settings/scim-tokens", label: t("scimTokens"), text: t("scimTokensText") },
    { href: "/settings/notifications", label: t("notifications"), text: t("notificationsText") },
  ];
  return (
    <Blade title={t("title")} crumbs={[{ label: t("title") }]}>
      <ul className="grid max-w-3xl gap-3">
        {items.map((i) => (
          <li key={i.href} className="rounded border border-gray-200 p-4">
            <Link href={i.href} className="link font-semibold">{i.label}</Link>
            <p className="text-sm text-gray-700">{i.text}</p>
          </li>
        ))}
      </ul>
    </Blade>
  );
}
