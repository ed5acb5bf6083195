"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { total, type Cycle } from "./sync-shared";

/**
 * Counts per cycle (bars) and duration (straight line, right axis), oldest cycle on the left.
 * A picture only: the cycle history table below it carries the same numbers, so the chart is
 * hidden from assistive technology and is not a tab stop.
 */
export function SyncCyclesChart({ cycles }: { cycles: Cycle[] }) {
  const data = [...cycles].reverse().map((c) => ({
    name: new Date(c.startedAt).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
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
        Chart of the last {data.length} cycles: objects created, updated, disabled or deleted and failed per cycle, and each cycle&apos;s duration; {failed} failures in all. The cycle history table below lists the same numbers.
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
            <Bar yAxisId="n" dataKey="created" stackId="a" fill="#0f6cbd" name="Created" isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="updated" stackId="a" fill="#5ca3e6" name="Updated" isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="removed" stackId="a" fill="#bc4b09" name="Disabled/deleted" isAnimationActive={false} />
            <Bar yAxisId="n" dataKey="failed" stackId="a" fill="#c50f1f" name="Failed" isAnimationActive={false} />
            <Line yAxisId="s" type="linear" dataKey="seconds" stroke="#111827" name="Duration (s)" dot connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
