// Audit log entries in words: activity names and before/after values as an admin reads them, in
// the page's language (audit namespace). The raw code stays visible beside the name (it is what
// the Activity filter matches); field names are API names, shown beside their label.
import { useFormatter, useTranslations } from "next-intl";

type T = { (key: string): string; has(key: string): boolean };

export function useAuditFormat() {
  const t = useTranslations("audit") as unknown as T;
  const format = useFormatter();
  const known = (key: string) => (t.has(key) ? t(key) : undefined);
  const activityName = (code: string): string => known(`activity.${code.replaceAll(".", "_")}`) ?? code;
  const fieldName = (key: string): string => (/^\w+$/.test(key) ? known(`field.${key}`) : undefined) ?? key;
  /** A value as words: secrets as Set / Not set (their values are never logged), booleans as Yes / No, lists and objects compactly. */
  const valueText = (key: string, v: unknown): string => {
    if (v === undefined || v === null || v === "") return "—";
    if (typeof v === "boolean") return v ? t("value.yes") : t("value.no");
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "set" in v) return (v as { set: unknown }).set ? t("value.secretSet") : t("value.secretNotSet");
    if (typeof v === "string") return (/^\w+$/.test(key) && /^\w+$/.test(v) ? known(`value.${key}_${v}`) : undefined) ?? v;
    if (typeof v === "number") return format.number(v);
    if (Array.isArray(v)) return v.length === 0 ? t("value.none") : v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ");
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${fieldName(k)}: ${valueText(k, x)}`).join("; ");
  };
  return { activityName, fieldName, valueText };
}
