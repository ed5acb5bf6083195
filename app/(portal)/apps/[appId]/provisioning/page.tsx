import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AppBlade } from "@/components/apps/app-blade";
import { ProvisioningOverview } from "@/components/apps/provisioning-overview";
import { syncKeys } from "@/components/sync/sync-keys";
import { getApp, listMappingSummaries } from "@/lib/apps/apps";
import { toProvisioningView } from "@/lib/apps/provisioning";
import type { Locale } from "@/lib/i18n/locales";
import { getStatistics } from "@/lib/sync/statistics";
import { getStatus, listCycles } from "@/lib/sync/status";

export async function generateMetadata() {
  return { title: (await getTranslations())("apps.blade.section.provisioning") };
}

/** What the API would answer (JSON: dates as ISO strings), for the client's queries to start from. */
const asJson = <T,>(v: T): unknown => JSON.parse(JSON.stringify(v));

/**
 * Provisioning → Overview: commands, banners, live progress, statistics; the form is at ./edit.
 * The status, statistics and cycle history come with the page (the same queries the client then
 * polls, hydrated), so the blade's text paints at once instead of after three client round trips.
 */
export default async function AppProvisioningPage({ params }: { params: Promise<{ appId: string }> }) {
  const { appId } = await params;
  const app = await getApp(appId);
  if (!app) notFound();
  const locale = (await getLocale()) as Locale;
  const [mappings, status, cycles, statistics] = await Promise.all([listMappingSummaries(appId), getStatus(appId, locale), listCycles(appId, { limit: 30 }), getStatistics(appId)]);
  const qc = new QueryClient();
  qc.setQueryData(syncKeys.status(appId), asJson(status));
  qc.setQueryData(syncKeys.cycles(appId), asJson(cycles));
  qc.setQueryData(syncKeys.statistics(appId), asJson(statistics));
  return (
    <AppBlade app={app} section="provisioning">
      <HydrationBoundary state={dehydrate(qc)}>
        <ProvisioningOverview appId={appId} appName={app.displayName} initial={toProvisioningView(app)} mappings={mappings} />
      </HydrationBoundary>
    </AppBlade>
  );
}
