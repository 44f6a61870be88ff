"use client";
// The portal's bar charts over time: one look (grid, axes, tooltip) for every page that has one.
import type { ReactNode } from "react";
import { BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** A bar chart of `data` (each item with a `label` for the x axis); the bars are the children. */
export function BarChartFrame({ data, children }: { data: readonly object[]; children: ReactNode }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={[...data]} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} barCategoryGap="15%">
        <CartesianGrid stroke="#1e293b" vertical={false} />
        <XAxis dataKey="label" stroke="#64748b" fontSize={11} tickLine={false} interval="preserveStartEnd" minTickGap={24} />
        <YAxis allowDecimals={false} stroke="#64748b" fontSize={11} tickLine={false} axisLine={false} />
        <Tooltip
          cursor={{ fill: "#1e293b80" }}
          contentStyle={{ background: "#0f172a", border: "1px solid #334155", borderRadius: 8, fontSize: 12 }}
          labelStyle={{ color: "#e2e8f0" }}
        />
        {children}
      </BarChart>
    </ResponsiveContainer>
  );
}
