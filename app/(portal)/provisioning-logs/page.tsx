import { Blade } from "@/components/shell/blade";
import { getTranslations } from "next-intl/server";
import { ProvisioningLogsView, type LogFilterInit } from "@/components/logs/provisioning-logs-view";

export async function generateMetadata() {
  return { title: (await getTranslations())("shell.nav.provisioningLogs") };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ProvisioningLogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const range = one(sp.range);
  const init: LogFilterInit = {
    appId: one(sp.appId), cycleId: one(sp.cycleId), status: one(sp.status), action: one(sp.action), q: one(sp.q),
    range: range === "24h" || range === "7d" || range === "30d" ? range : undefined,
  };
  const t = await getTranslations();
  // keyed by the initial filters, so following a link (e.g. from Sync details) starts from those filters
  return (
    <Blade title={t("shell.nav.provisioningLogs")} crumbs={[{ label: t("shell.nav.provisioningLogs") }]} subtitle={t("logs.subtitle")}>
      <ProvisioningLogsView key={JSON.stringify(init)} init={init} />
    </Blade>
  );
}
