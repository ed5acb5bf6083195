"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { total, type Cycle } from "./sync-shared";

/** Counts per cycle (bars) and duration (line, right axis), oldest cycle on the left. */
export function SyncCyclesChart({ cycles }: { cycles: Cycle[] }) {
  const data = [...cycles].reverse().map((c) => ({
    name: new Date(c.startedAt).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
    created: total(c.counts, "created"),
    updated: total(c.counts, "updated"),
    removed: total(c.counts, "disabled") + total(c.counts, "deleted"),
    failed: total(c.counts, "failed"),
    seconds: c.durationMs == null ? null : Math.round(c.durationMs / 100) / 10,
  }));
  return (
    <figure aria-label="Cycle durations and counts over time" className="h-60 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis yAxisId="n" tick={{ fontSize: 11 }} allowDecimals={false} />
          <YAxis yAxisId="s" orientation="right" tick={{ fontSize: 11 }} unit=" s" />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="n" dataKey="created" stackId="a" fill="#0f6cbd" name="Created" />
          <Bar yAxisId="n" dataKey="updated" stackId="a" fill="#8bc2f0" name="Updated" />
          <Bar yAxisId="n" dataKey="removed" stackId="a" fill="#bc4b09" name="Disabled/deleted" />
          <Bar yAxisId="n" dataKey="failed" stackId="a" fill="#c50f1f" name="Failed" />
          <Line yAxisId="s" type="monotone" dataKey="seconds" stroke="#111827" name="Duration (s)" dot={false} connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
