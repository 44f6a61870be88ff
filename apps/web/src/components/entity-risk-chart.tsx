"use client";
// Risk over time: jumps at anomalies, halving every 24 h in between; the dashed line is the alert threshold.
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const timeFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function EntityRiskChart({ points, threshold }: { points: { at: Date; risk: number }[]; threshold: number }) {
  const data = points.map((p) => ({ t: p.at.getTime(), risk: Math.round(p.risk * 100) / 100 }));
  const peak = points.reduce((m, p) => Math.max(m, p.risk), 0);
  // Six evenly spaced time ticks (recharts would otherwise label every point of a time axis).
  const first = data[0]?.t ?? 0;
  const last = data.at(-1)?.t ?? first;
  const ticks = last > first ? Array.from({ length: 6 }, (_, i) => Math.round(first + ((last - first) * i) / 5)) : [first];
  return (
    <section aria-labelledby="risk-chart-title" className="card p-4">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="risk-chart-title" className="text-sm font-semibold text-slate-200">Risk over time</h2>
        <span className="text-xs text-slate-400">UTC · alert at {threshold}</span>
      </div>
      {data.length === 0 ? (
        <p className="py-8 text-center text-sm text-slate-500">No anomaly in this period: the risk is 0.</p>
      ) : (
        <div className="h-56" role="img" aria-label={`Risk over time, peak ${peak.toFixed(1)}, alert threshold ${threshold}`}>
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={data} margin={{ top: 4, right: 36, bottom: 0, left: -16 }}>
              <CartesianGrid stroke="#1e293b" vertical={false} />
              <XAxis dataKey="t" type="number" domain={[first, last]} ticks={ticks} interval={0} tickFormatter={(t: number) => timeFmt.format(t)}
                stroke="#64748b" fontSize={11} tickLine={false} />
              <YAxis stroke="#64748b" fontSize={11} tickLine={false} axisLine={false} domain={[0, (max: number) => Math.max(threshold * 1.5, Math.ceil(max))]} />
              <Tooltip
                labelFormatter={(t) => `${timeFmt.format(Number(t))} UTC`}
                contentStyle={{ background: "#0f172a", border: "1px solid #334155", borderRadius: 8, fontSize: 12 }}
                labelStyle={{ color: "#e2e8f0" }}
              />
              <ReferenceLine y={threshold} stroke="#f87171" strokeDasharray="4 4" />
              <Area type="linear" dataKey="risk" name="risk" stroke="#f59e0b" fill="#f59e0b33" isAnimationActive={false} />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
