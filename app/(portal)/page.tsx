import Link from "next/link";
import { ActionsChartLazy as ActionsChart } from "@/components/overview/actions-chart-lazy";
import { OverviewApps } from "@/components/overview/overview-apps";
import { Blade } from "@/components/shell/blade";
import { EmptyState } from "@/components/ui/states";
import { logsSummary, overviewApps } from "@/lib/logs/summary";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

function Tile({ label, value, tone, href }: { label: string; value: number; tone?: "bad" | "warn"; href?: string }) {
  const color = value > 0 && tone === "bad" ? "text-[#c50f1f]" : value > 0 && tone === "warn" ? "text-[#bc4b09]" : "text-gray-900";
  const body = (
    <>
      <p className="text-xs text-gray-600">{label}</p>
      <p className={`text-2xl font-semibold tabular-nums ${color}`}>{value.toLocaleString()}</p>
    </>
  );
  return <div className="rounded border border-gray-200 p-3">{href ? <Link href={href} className="block hover:underline">{body}</Link> : body}</div>;
}

export default async function OverviewPage() {
  const [{ apps, totalApps }, summary] = await Promise.all([overviewApps(), logsSummary({ days: 14 })]);
  const quarantined = apps.filter((a) => a.state === "quarantined").length;
  const paused = apps.filter((a) => a.state === "paused").length;
  const failures = summary.failures24h.reduce((s, f) => s + f.failures, 0);
  const anyActions = summary.days.some((d) => d.create + d.update + d.disable + d.delete + d.other > 0);
  return (
    <Blade title="Overview" subtitle="Provisioning across your enterprise applications">
      <div className="space-y-6">
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <Tile label="Applications provisioning" value={apps.filter((a) => a.status === "on").length} />
          <Tile label="Quarantined" value={quarantined} tone="bad" />
          <Tile label="Paused (deletions)" value={paused} tone="warn" />
          <Tile label="Failures in the last 24 hours" value={failures} tone="bad" href="/provisioning-logs?status=failure&range=24h" />
        </div>
        <section aria-labelledby="apps-h" className="space-y-2">
          <h2 id="apps-h" className="text-lg font-semibold">Applications</h2>
          {apps.length === 0 ? (
            <EmptyState title={totalApps === 0 ? "No applications yet" : "No application is provisioning yet"}>
              {totalApps === 0
                ? <>Add an application from the gallery under <Link className="link" href="/apps">Enterprise applications</Link>, then turn provisioning on.</>
                : <>Open an application under <Link className="link" href="/apps">Enterprise applications</Link> and turn its Provisioning Status on; its state and failures will show here.</>}
            </EmptyState>
          ) : <OverviewApps apps={apps} />}
        </section>
        <section aria-labelledby="chart-h" className="space-y-2">
          <h2 id="chart-h" className="text-lg font-semibold">Actions per day (last 14 days, UTC)</h2>
          {anyActions ? <ActionsChart days={summary.days} /> : <p className="text-sm text-gray-700">No provisioning actions in the last 14 days.</p>}
        </section>
      </div>
    </Blade>
  );
}
