import { getTranslations } from "next-intl/server";
import { UserApps } from "@/components/directory/user-apps";
import { UserDetail } from "@/components/directory/user-detail";
import { listUserApps } from "@/lib/apps/user-apps";
import { Blade } from "@/components/shell/blade";
import { getUser } from "@/lib/directory/users";

export async function generateMetadata({ params }: { params: Promise<{ userId: string }> }) {
  const u = await getUser((await params).userId).catch(() => null);
  return { title: u ? (u.displayName ?? u.userPrincipalName) : (await getTranslations("directory.pages"))("user") };
}

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const t = await getTranslations("directory.pages");
  const tc = await getTranslations("common");
  const u = await getUser(userId);
  const apps = u ? await listUserApps(userId) : [];
  return (
    <Blade title={u ? (u.displayName ?? u.userPrincipalName) : t("user")} subtitle={u?.userPrincipalName} crumbs={[{ label: tc("users"), href: "/users" }, { label: u?.displayName ?? u?.userPrincipalName ?? t("user") }]}>
      <UserDetail userId={userId} />
      {u && <div className="-mx-4 mt-6 sm:-mx-6"><UserApps userId={userId} apps={apps} /></div>}
    </Blade>
  );
}
