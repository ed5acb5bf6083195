import Link from "next/link";
import { Blade } from "@/components/shell/blade";
import { requirePageActor } from "@/lib/auth/page-session";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requirePageActor();
  const items = [
    ...(actor.role === "global_admin" ? [{ href: "/settings/administrators", label: "Administrators", text: "Who can sign in to Provisio, and with which role." }] : []),
    { href: "/settings/scim-tokens", label: "SCIM tokens", text: "Bearer tokens HR systems use to push users and groups into the directory (/scim/v2)." },
    { href: "/settings/notifications", label: "Notifications and retention", text: "Email sender, SMTP status and how long provisioning logs are kept." },
  ];
  return (
    <Blade title="Settings" crumbs={[{ label: "Settings" }]}>
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
