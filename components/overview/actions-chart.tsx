"use client";
import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DaySummary } from "@/lib/logs/summary";

const KEYS = ["create", "update", "disable", "delete", "other"] as const;

/** Provisioning actions per day (UTC), stacked by action. The picture is hidden from assistive technology; its caption gives the totals. */
export function ActionsChart({ days }: { days: DaySummary[] }) {
  const data = days.map((d) => ({ ...d, label: d.day.slice(5) }));
  const t = useTranslations("apps.home.chart");
  const totals = KEYS.map((k) => t("total", { label: t(k), count: days.reduce((a, d) => a + (Number(d[k as keyof DaySummary]) || 0), 0) })).join(", ");
  return (
    <figure className="w-full">
      <figcaption className="sr-only">{t("caption", { days: days.length, totals })}</figcaption>
      <div className="h-64 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#374151" }} />
            <YAxis tick={{ fontSize: 11, fill: "#374151" }} allowDecimals={false} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={(v: string) => <span style={{ color: "#1f2937" }}>{v}</span>} />
            <Bar dataKey="create" stackId="a" fill="#0f6cbd" name={t("create")} isAnimationActive={false} />
            <Bar dataKey="update" stackId="a" fill="#5ca3e6" name={t("update")} isAnimationActive={false} />
            <Bar dataKey="disable" stackId="a" fill="#f7a35c" name={t("disable")} isAnimationActive={false} />
            <Bar dataKey="delete" stackId="a" fill="#bc4b09" name={t("delete")} isAnimationActive={false} />
            <Bar dataKey="other" stackId="a" fill="#6b7280" name={t("other")} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
