// A user's applications: assigned (how, with which role) and provisioned (the account and the last action).
import Link from "next/link";
import { Badge } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { UserAppView } from "@/lib/apps/user-apps";

export function UserApps({ userId, apps }: { userId: string; apps: UserAppView[] }) {
  return (
    <section aria-labelledby="user-apps-h" className="max-w-5xl space-y-2 px-4 pb-6 sm:px-6">
      <h2 id="user-apps-h" className="text-base font-semibold">Applications</h2>
      {apps.length === 0 ? <p className="text-sm text-gray-700">Not assigned to any application and not provisioned in any.</p> : (
        <Table aria-label="Applications of this user">
          <THead><Tr><Th>Application</Th><Th>Assigned</Th><Th>Role</Th><Th>Account in the app</Th><Th>Last action</Th></Tr></THead>
          <TBody>
            {apps.map((a) => (
              <Tr key={a.appId}>
                <Td><Link className="link font-semibold" href={`/apps/${a.appId}/provisioning`}>{a.appName}</Link><span className="block text-xs text-gray-600">{a.templateName}{a.provisioningOn ? "" : " · provisioning off"}</span></Td>
                <Td>{a.assignedVia.length ? a.assignedVia.join(", ") : "Not assigned"}</Td>
                <Td>{a.roles.join(", ") || "—"}</Td>
                <Td>{a.account === "active" ? <Badge tone="good">Provisioned</Badge> : a.account === "disabled" ? <Badge tone="warn">Disabled</Badge> : <Badge>Not yet</Badge>}{a.targetId && <span className="block font-mono text-xs text-gray-600">{a.targetId}</span>}</Td>
                <Td>
                  {a.last ? (
                    <Link className="link" href={`/provisioning-logs?appId=${encodeURIComponent(a.appId)}&q=${encodeURIComponent(userId)}&range=30d`} aria-label={`${a.last.action} (${a.last.status}) on ${new Date(a.last.at).toLocaleString()}: logs of this user in ${a.appName}`}>
                      {a.last.action} ({a.last.status}) on {new Date(a.last.at).toLocaleString()}
                    </Link>
                  ) : "—"}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
