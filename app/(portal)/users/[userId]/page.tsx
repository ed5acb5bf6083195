import { UserDetail } from "@/components/directory/user-detail";
import { Blade } from "@/components/shell/blade";
import { getUser } from "@/lib/directory/users";

export async function generateMetadata({ params }: { params: Promise<{ userId: string }> }) {
  const u = await getUser((await params).userId).catch(() => null);
  return { title: u ? (u.displayName ?? u.userPrincipalName) : "User" };
}

export default async function UserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const u = await getUser(userId);
  return (
    <Blade title={u ? (u.displayName ?? u.userPrincipalName) : "User"} subtitle={u?.userPrincipalName} crumbs={[{ label: "Users", href: "/users" }, { label: u?.displayName ?? u?.userPrincipalName ?? "User" }]}>
      <UserDetail userId={userId} />
    </Blade>
  );
}
