import type { RouterOutputs } from "@vigil/api";

type Summary = RouterOutputs["dashboard"]["summary"];

const CARDS: { key: keyof Omit<Summary, "generatedAt">; label: string; accent: string }[] = [
  { key: "events24h", label: "Events (24 h)", accent: "text-sky-300" },
  { key: "openAlerts", label: "Open alerts", accent: "text-orange-300" },
  { key: "openIncidents", label: "Open incidents", accent: "text-red-300" },
  { key: "acknowledgedIncidents", label: "Acknowledged incidents", accent: "text-emerald-300" },
];

export function StatCards({ summary }: { summary: Summary | undefined }) {
  return (
    <section aria-label="Summary" className="grid grid-cols-2 gap-4 lg:grid-cols-4">
      {CARDS.map((c) => (
        <div key={c.key} className="card p-4" role="group" aria-label={c.label}>
          <div className="text-xs font-medium uppercase tracking-wide text-slate-400">{c.label}</div>
          <div className={`mt-2 text-3xl font-semibold tabular-nums ${c.accent}`} data-testid={`stat-${c.key}`}>
            {summary ? summary[c.key].toLocaleString("en-US") : "—"}
          </div>
        </div>
      ))}
    </section>
  );
}
