import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ActionsChartLazy as ActionsChart } from "@/components/overview/actions-chart-lazy";
import { OverviewApps } from "@/components/overview/overview-apps";
import { Blade } from "@/components/shell/blade";
import { EmptyState } from "@/components/ui/states";
import type { Locale } from "@/lib/i18n/locales";
import { logsSummary, overviewApps } from "@/lib/logs/summary";

export async function generateMetadata() {
  return { title: (await getTranslations())("apps.home.title") };
}
export const dynamic = "force-dynamic";

function Tile({ label, value, tone, href, format }: { label: string; value: number; tone?: "bad" | "warn"; href?: string; format: (n: number) => string }) {
  const color = value > 0 && tone === "bad" ? "text-[#c50f1f]" : value > 0 && tone === "warn" ? "text-[#bc4b09]" : "text-gray-900";
  const body = (
    <>
      <p className="text-xs text-gray-600">{label}</p>
      <p className={`text-2xl font-semibold tabular-nums ${color}`}>{format(value)}</p>
    </>
  );
  return <div className="rounded border border-gray-200 p-3">{href ? <Link href={href} className="block hover:underline">{body}</Link> : body}</div>;
}

export default async function OverviewPage() {
  const locale = (await getLocale()) as Locale;
  const [{ apps, totalApps }, summary] = await Promise.all([overviewApps(new Date(), locale), logsSummary({ days: 14 })]);
  const quarantined = apps.filter((a) => a.state === "quarantined").length;
  const paused = apps.filter((a) => a.state === "paused").length;
  const failures = summary.failures24h.reduce((s, f) => s + f.failures, 0);
  const t = await getTranslations("apps.home");
  const format = await getFormatter();
  const num = (n: number) => format.number(n);
  const anyActions = summary.days.some((d) => d.create + d.update + d.disable + d.delete + d.other > 0);
  return (
    <Blade title={t("title")} subtitle={t("subtitle")}>
      <div className="space-y-6">
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <Tile format={num} label={t("appsProvisioning")} value={apps.filter((a) => a.status === "on").length} />
          <Tile format={num} label={t("quarantined")} value={quarantined} tone="bad" />
          <Tile format={num} label={t("paused")} value={paused} tone="warn" />
          <Tile format={num} label={t("failures24h")} value={failures} tone="bad" href="/provisioning-logs?status=failure&range=24h" />
        </div>
        <section aria-labelledby="apps-h" className="space-y-2">
          <h2 id="apps-h" className="text-lg font-semibold">{t("applications")}</h2>
          {apps.length === 0 ? (
            <EmptyState title={totalApps === 0 ? t("emptyNoneTitle") : t("emptyOffTitle")}>
              {t.rich(totalApps === 0 ? "emptyNone" : "emptyOff", { link: (c) => <Link className="link" href="/apps">{c}</Link> })}
            </EmptyState>
          ) : <OverviewApps apps={apps} />}
        </section>
        <section aria-labelledby="chart-h" className="space-y-2">
          <h2 id="chart-h" className="text-lg font-semibold">{t("actionsPerDay")}</h2>
          {anyActions ? <ActionsChart days={summary.days} /> : <p className="text-sm text-gray-700">{t("noActions")}</p>}
        </section>
      </div>
    </Blade>
  );
}
