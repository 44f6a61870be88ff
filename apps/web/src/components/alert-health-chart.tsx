"use client";
// Detection health charts (recharts, as events-chart.tsx): alerts per day, and the busiest rules
// against the "firing too much" threshold.
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RouterOutputs } from "@vigil/api";

type Health = RouterOutputs["health"]["detection"];

const tooltip = {
  cursor: { fill: "#1e293b80" },
  contentStyle: { background: "#0f172a", border: "1px solid #334155", borderRadius: 8, fontSize: 12 },
  labelStyle: { color: "#e2e8f0" },
} as const;

export function AlertHealthDailyChart({ daily }: { daily: Health["daily"] }) {
  const total = daily.reduce((s, d) => s + d.alerts, 0);
  const data = daily.map((d) => ({ label: d.day.slice(5), alerts: d.alerts }));
  return (
    <section aria-labelledby="health-daily-title" className="card p-4">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="health-daily-title" className="text-sm font-semibold text-slate-200">Alerts per day</h2>
        <span className="text-xs text-slate-400">{total.toLocaleString("en-US")} alert{total === 1 ? "" : "s"}</span>
      </div>
      <div className="h-48" role="img" aria-label={`Alerts per day, ${total} in total`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} barCategoryGap="20%">
            <CartesianGrid stroke="#1e293b" vertical={false} />
            <XAxis dataKey="label" stroke="#64748b" fontSize={11} tickLine={false} />
            <YAxis allowDecimals={false} stroke="#64748b" fontSize={11} tickLine={false} axisLine={false} />
            <Tooltip {...tooltip} />
            <Bar name="alerts" dataKey="alerts" fill="#38bdf8" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

export function AlertHealthNoisyChart({ rules, threshold }: { rules: Health["noisy"]["rules"]; threshold: number }) {
  const data = rules.slice(0, 10).map((r) => ({ label: r.ruleTitle.length > 28 ? `${r.ruleTitle.slice(0, 27)}…` : r.ruleTitle, perDay: Math.round(r.alertsPerDay * 10) / 10 }));
  return (
    <section aria-labelledby="health-noisy-chart-title" className="card p-4">
      <h2 id="health-noisy-chart-title" className="mb-3 text-sm font-semibold text-slate-200">Noisiest rules (alerts per day)</h2>
      {data.length === 0 ? (
        <p className="py-10 text-center text-sm text-slate-500">No rule fires more than {threshold} alerts per day.</p>
      ) : (
        <div className="h-48" role="img" aria-label={`Rules firing more than ${threshold} alerts per day`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid stroke="#1e293b" horizontal={false} />
              <XAxis type="number" stroke="#64748b" fontSize={11} tickLine={false} />
              <YAxis type="category" dataKey="label" width={170} stroke="#64748b" fontSize={11} tickLine={false} axisLine={false} />
              <Tooltip {...tooltip} />
              <Legend verticalAlign="top" align="right" height={24} iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
              <ReferenceLine x={threshold} stroke="#f87171" strokeDasharray="4 4" />
              <Bar name="alerts/day" dataKey="perDay" fill="#fb923c" radius={[0, 3, 3, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
