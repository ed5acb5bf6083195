"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DaySummary } from "@/lib/logs/summary";

/** Provisioning actions per day (UTC), stacked by action. */
export function ActionsChart({ days }: { days: DaySummary[] }) {
  const data = days.map((d) => ({ ...d, label: d.day.slice(5) }));
  return (
    <figure aria-label="Provisioning actions per day" className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="create" stackId="a" fill="#0f6cbd" name="Create" />
          <Bar dataKey="update" stackId="a" fill="#8bc2f0" name="Update" />
          <Bar dataKey="disable" stackId="a" fill="#f7a35c" name="Disable" />
          <Bar dataKey="delete" stackId="a" fill="#bc4b09" name="Delete" />
          <Bar dataKey="other" stackId="a" fill="#9ca3af" name="Other" />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
