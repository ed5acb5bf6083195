import { Blade } from "@/components/shell/blade";
import { AuditLogTable } from "@/components/logs/audit-log-table";

export const metadata = { title: "Audit logs" };

export default function AuditLogsPage() {
  return (
    <Blade title="Audit logs" crumbs={[{ label: "Audit logs" }]} subtitle="Who changed what, and when">
      <AuditLogTable />
    </Blade>
  );
}
