// A user's applications: assigned (how, with which role) and provisioned (the account and the last action).
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/states";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { UserAppView } from "@/lib/apps/user-apps";

export async function UserApps({ userId, apps }: { userId: string; apps: UserAppView[] }) {
  const t = await getTranslations("directory.userApps");
  const format = await getFormatter();
  const when = (at: string) => format.dateTime(new Date(at), { dateStyle: "medium", timeStyle: "medium" });
  return (
    <section aria-labelledby="user-apps-h" className="max-w-5xl space-y-2 px-4 pb-6 sm:px-6">
      <h2 id="user-apps-h" className="text-base font-semibold">{t("title")}</h2>
      {apps.length === 0 ? <p className="text-sm text-gray-700">{t("none")}</p> : (
        <Table aria-label={t("tableLabel")}>
          <THead><Tr><Th>{t("col.app")}</Th><Th>{t("col.assigned")}</Th><Th>{t("col.role")}</Th><Th>{t("col.account")}</Th><Th>{t("col.last")}</Th></Tr></THead>
          <TBody>
            {apps.map((a) => (
              <Tr key={a.appId}>
                <Td><Link className="link font-semibold" href={`/apps/${a.appId}/provisioning`}>{a.appName}</Link><span className="block text-xs text-gray-600">{a.templateName}{a.provisioningOn ? "" : ` · ${t("provisioningOff")}`}</span></Td>
                <Td>{a.assignedVia.length ? a.assignedVia.join(", ") : t("notAssigned")}</Td>
                <Td>{a.roles.join(", ") || "—"}</Td>
                <Td>{a.account === "active" ? <Badge tone="good">{t("provisioned")}</Badge> : a.account === "disabled" ? <Badge tone="warn">{t("disabled")}</Badge> : <Badge>{t("notYet")}</Badge>}{a.targetId && <span className="block font-mono text-xs text-gray-600">{a.targetId}</span>}</Td>
                <Td>
                  {a.last ? (
                    <Link className="link" href={`/provisioning-logs?appId=${encodeURIComponent(a.appId)}&q=${encodeURIComponent(userId)}&range=30d`} aria-label={t("lastLabel", { action: a.last.action, status: a.last.status, at: when(a.last.at), app: a.appName })}>
                      {t("last", { action: a.last.action, status: a.last.status, at: when(a.last.at) })}
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
