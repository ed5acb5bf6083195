"use client";
import { useFormatter, useTranslations } from "next-intl";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { total, type Cycle } from "./sync-shared";

/**
 * Counts per cycle (bars) and duration (straight line, right axis), oldest cycle on the left.
 * A picture only: the cycle history table below it carries the same numbers, so the chart is
 * hidden from assistive technology and is not a tab stop.
 */
export function SyncCyclesChart({ cycles }: { cycles: Cycle[] }) {
  const t = useTranslations("sync.chart");
  const format = useFormatter();
  const data = [...cycles].reverse().map((c) => ({
    name: format.dateTime(new Date(c.startedAt), { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
    created: total(c.counts, "created"),
    updated: total(c.counts, "updated"),
    removed: total(c.counts, "disabled") + total(c.counts, "deleted"),
    failed: total(c.counts, "failed"),
    seconds: c.durationMs == null ? null : Math.round(c.durationMs / 100) / 10,
  }));
  const failed = data.reduce((a, d) => a + d.failed, 0);
  return (
    <figure className="w-full">
      <figcaption className="sr-only">
        {t("caption", { count: data.length, failed })}
      </figcaption>
      <div className="h-60 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="name" tick={{ fontSize: 11, fill: "#374151" }} />
            <YAxis yAxisId="n" tick={{ fontSize: 11, fill: "#374151" }} allowDecimals={false} />
            <YAxis yAxisId="s" orientation="right" tick={{ fontSize: 11, fill: "#374151" }} unit=" s" />
            <Tooltip />
            {/* legend text in the body colour: the series colours are too light for text */}
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={(v: string) => <span style={{ color: "#1f2937" }}>{v}</span>} />
            <Bar yAxisId="n" dataKey="created" stackId="a" fill="#0f6cbd" name={t("created")} isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="updated" stackId="a" fill="#5ca3e6" name={t("updated")} isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="removed" stackId="a" fill="#bc4b09" name={t("removed")} isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="failed" stackId="a" fill="#c50f1f" name={t("failed")} isAnimationActive={false} />
            <Line yAxisId="s" type="linear" dataKey="seconds" stroke="#111827" name={t("durationSeconds")} dot connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
