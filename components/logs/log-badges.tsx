import { Badge } from "@/components/ui/states";

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={status === "success" ? "good" : status === "failure" ? "bad" : "neutral"}>{cap(status)}</Badge>;
}

export function ActionBadge({ action }: { action: string }) {
  return <Badge tone={action === "delete" || action === "disable" ? "warn" : action === "create" ? "info" : "neutral"}>{cap(action)}</Badge>;
}
