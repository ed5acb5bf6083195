// App Overview: properties, provisioning state, and Entra's "Getting Started" quick links.
import { Users, RefreshCcw } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { DATE_TIME } from "@/components/ui/formats";
import { Badge } from "@/components/ui/states";
import type { AppView, ProvisioningView } from "@/lib/apps/schemas";
import { useTemplateName } from "@/components/apps/template-name";

export function AppOverview({ app, provisioning, assignmentCount }: { app: AppView; provisioning: ProvisioningView; assignmentCount: number }) {
  const base = `/apps/${app.id}`;
  const t = useTranslations("apps");
  const templateName = useTemplateName();
  const format = useFormatter();
  return (
    <div className="max-w-5xl space-y-6">
      <section aria-labelledby="props-h" className="flex flex-col gap-4 sm:flex-row">
        {/* eslint-disable-next-line @next/next/no-img-element -- inline SVG data URI */}
        {app.logo && <img src={app.logo} alt="" width={72} height={72} className="rounded" />}
        <div className="flex-1">
          <h2 id="props-h" className="mb-2 text-base font-semibold">{t("overview.properties")}</h2>
          <dl className="grid grid-cols-[minmax(7rem,12rem)_minmax(0,1fr)] gap-x-4 break-words gap-y-1 text-sm">
            <dt className="text-gray-600">{t("overview.name")}</dt><dd>{app.displayName}</dd>
            <dt className="text-gray-600">{t("overview.appId")}</dt><dd className="break-all font-mono text-xs">{app.id}</dd>
            <dt className="text-gray-600">{t("overview.galleryApp")}</dt><dd>{t("overview.galleryAppValue", { template: templateName(app.templateId, app.templateName), publisher: app.publisher })}</dd>
            <dt className="text-gray-600">{t("overview.createdOn")}</dt><dd>{format.dateTime(new Date(app.createdAt), DATE_TIME)}</dd>
            <dt className="text-gray-600">{t("overview.assigned")}</dt><dd>{format.number(assignmentCount)}</dd>
          </dl>
        </div>
      </section>
      <section aria-labelledby="prov-h">
        <h2 id="prov-h" className="mb-2 text-base font-semibold">{t("overview.provisioning")}</h2>
        <dl className="grid grid-cols-[minmax(7rem,12rem)_minmax(0,1fr)] gap-x-4 break-words gap-y-1 text-sm">
          <dt className="text-gray-600">{t("overview.provisioningMode")}</dt><dd>{t(`mode.${provisioning.mode === "automatic" ? "automatic" : "manual"}`)}</dd>
          <dt className="text-gray-600">{t("overview.provisioningStatus")}</dt>
          <dd data-testid="overview-provisioning-status">{provisioning.status === "on" ? <Badge tone="good">{t("status.on")}</Badge> : <Badge>{t("status.off")}</Badge>}</dd>
          <dt className="text-gray-600">{t("overview.adminCredentials")}</dt><dd>{provisioning.credentialsSaved ? t("overview.saved") : t("overview.notSet")}</dd>
          <dt className="text-gray-600">{t("overview.lastTest")}</dt>
          <dd>{provisioning.lastTestAt ? <>{provisioning.lastTestOk ? <Badge tone="good">{t("overview.succeeded")}</Badge> : <Badge tone="bad">{t("overview.failed")}</Badge>} {format.dateTime(new Date(provisioning.lastTestAt), DATE_TIME)}</> : t("overview.never")}</dd>
          <dt className="text-gray-600">{t("overview.scope")}</dt><dd>{provisioning.scope === "all" ? t("overview.scopeAll") : t("overview.scopeAssigned")}</dd>
        </dl>
      </section>
      <section aria-labelledby="start-h">
        <h2 id="start-h" className="mb-2 text-base font-semibold">{t("overview.gettingStarted")}</h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          <li>
            <Link href={`${base}/users-and-groups`} className="flex h-full gap-3 rounded border border-gray-300 p-4 hover:border-[#0f6cbd] hover:shadow">
              <Users className="shrink-0 text-[#0f6cbd]" aria-hidden />
              <span>
                <span className="block font-semibold text-[#0f6cbd]">{t("overview.step1")}</span>
                <span className="block text-sm text-gray-700">{t("overview.step1Hint")}</span>
              </span>
            </Link>
          </li>
          <li>
            <Link href={`${base}/provisioning`} className="flex h-full gap-3 rounded border border-gray-300 p-4 hover:border-[#0f6cbd] hover:shadow">
              <RefreshCcw className="shrink-0 text-[#0f6cbd]" aria-hidden />
              <span>
                <span className="block font-semibold text-[#0f6cbd]">{t("overview.step2")}</span>
                <span className="block text-sm text-gray-700">{t("overview.step2Hint")}</span>
              </span>
            </Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
