import { getTranslations } from "next-intl/server";
import { Blade } from "@/components/shell/blade";
import { AuditLogTable } from "@/components/logs/audit-log-table";

export async function generateMetadata() {
  return { title: (await getTranslations("audit.page"))("title") };
}

export default async function AuditLogsPage() {
  const t = await getTranslations("audit.page");
  return (
    <Blade title={t("title")} crumbs={[{ label: t("title") }]} subtitle={t("subtitle")}>
      <AuditLogTable />
    </Blade>
  );
}
