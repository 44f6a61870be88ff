"use client";
import { Bar } from "recharts";
import { BarChartFrame } from "./bar-chart-frame";
import type { RouterOutputs } from "@vigil/api";

type Histogram = RouterOutputs["search"]["histogram"];

const shortFmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const longFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export function SearchHistogram({ histogram, loading }: { histogram: Histogram | undefined; loading: boolean }) {
  const fmt = histogram && histogram.bucketSeconds >= 3600 ? longFmt : shortFmt;
  const data = (histogram?.buckets ?? []).map((b) => ({ label: fmt.format(b.start), other: b.count - b.failures, failures: b.failures }));
  const total = histogram?.total ?? 0;
  return (
    <section aria-labelledby="search-histogram-title" className="card p-4">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="search-histogram-title" className="text-sm font-semibold text-slate-200">
          Matching events over time
        </h2>
        <span className="text-xs text-slate-400" data-testid="search-total">
          {loading ? "counting…" : `${total.toLocaleString("en-US")} ${total === 1 ? "event" : "events"}`}
          {histogram ? ` · ${bucketLabel(histogram.bucketSeconds)} buckets (UTC)` : ""}
        </span>
      </div>
      <div className="h-40" role="img" aria-label={`Histogram of matching events, ${total} in total`}>
        <BarChartFrame data={data}>
          <Bar name="events" dataKey="other" stackId="events" fill="#38bdf8" isAnimationActive={false} />
          <Bar name="failed" dataKey="failures" stackId="events" fill="#f87171" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChartFrame>
      </div>
    </section>
  );
}

function bucketLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
