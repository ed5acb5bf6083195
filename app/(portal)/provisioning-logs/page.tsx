import { Blade } from "@/components/shell/blade";
import { ProvisioningLogsView, type LogFilterInit } from "@/components/logs/provisioning-logs-view";

export const metadata = { title: "Provisioning logs" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ProvisioningLogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const range = one(sp.range);
  const init: LogFilterInit = {
    appId: one(sp.appId), cycleId: one(sp.cycleId), status: one(sp.status), action: one(sp.action), q: one(sp.q),
    range: range === "24h" || range === "7d" || range === "30d" ? range : undefined,
  };
  // keyed by the initial filters, so following a link (e.g. from Sync details) starts from those filters
  return (
    <Blade title="Provisioning logs" crumbs={[{ label: "Provisioning logs" }]} subtitle="One entry per action on one user or group, newest first">
      <ProvisioningLogsView key={JSON.stringify(init)} init={init} />
    </Blade>
  );
}
