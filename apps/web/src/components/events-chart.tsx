"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterOutputs } from "@vigil/api";

type Bucket = RouterOutputs["dashboard"]["eventHistogram"][number];

const timeFmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });

export function EventsChart({ buckets }: { buckets: Bucket[] | undefined }) {
  // Stacked: failed logins etc. in red on top of everything else, so the bar height is the total.
  const data = (buckets ?? []).map((b) => ({ label: timeFmt.format(b.start), other: b.count - b.failures, failures: b.failures }));
  const total = (buckets ?? []).reduce((sum, b) => sum + b.count, 0);
  return (
    <section aria-labelledby="events-chart-title" className="card p-4">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="events-chart-title" className="text-sm font-semibold text-slate-200">
          Events over time
        </h2>
        <span className="text-xs text-slate-400">last 24 h · {total.toLocaleString("en-US")} events</span>
      </div>
      <div className="h-56" role="img" aria-label={`Events per hour over the last 24 hours, ${total} in total`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} barCategoryGap="20%">
            <CartesianGrid stroke="#1e293b" vertical={false} />
            <XAxis dataKey="label" stroke="#64748b" fontSize={11} tickLine={false} interval="preserveStartEnd" minTickGap={16} />
            <YAxis allowDecimals={false} stroke="#64748b" fontSize={11} tickLine={false} axisLine={false} />
            <Tooltip
              cursor={{ fill: "#1e293b80" }}
              contentStyle={{ background: "#0f172a", border: "1px solid #334155", borderRadius: 8, fontSize: 12 }}
              labelStyle={{ color: "#e2e8f0" }}
            />
            <Legend verticalAlign="top" align="right" height={24} iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
            <Bar name="other events" dataKey="other" stackId="events" fill="#38bdf8" isAnimationActive={false} />
            <Bar name="failed" dataKey="failures" stackId="events" fill="#f87171" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
