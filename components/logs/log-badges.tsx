import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/states";

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const STATUSES = ["success", "failure", "skipped"] as const;
const ACTIONS = ["create", "update", "disable", "enable", "delete", "skip", "other", "adopt", "link"] as const;

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("logs.status");
  const label = (STATUSES as readonly string[]).includes(status) ? t(status as (typeof STATUSES)[number]) : cap(status);
  return <Badge tone={status === "success" ? "good" : status === "failure" ? "bad" : "neutral"}>{label}</Badge>;
}

export function ActionBadge({ action }: { action: string }) {
  const t = useTranslations("logs.action");
  const label = (ACTIONS as readonly string[]).includes(action) ? t(action as (typeof ACTIONS)[number]) : cap(action);
  return <Badge tone={action === "delete" || action === "disable" ? "warn" : action === "create" ? "info" : "neutral"}>{label}</Badge>;
}
