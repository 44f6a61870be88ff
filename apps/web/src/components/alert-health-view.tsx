"use client";
// /health: is detection working for this tenant? Rules loaded and broken, rules that never fire,
// rules that fire too much, and how far behind processing is.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RouterOutputs } from "@vigil/api";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { AlertHealthDailyChart, AlertHealthNoisyChart } from "./alert-health-chart";

type Health = RouterOutputs["health"]["detection"];

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" });

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

function Stat({ label, value, hint, tone = "text-slate-100", testId }: { label: string; value: string; hint?: string; tone?: string; testId: string }) {
  return (
    <div className="card p-4" role="group" aria-label={label}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-400">{label}</div>
      <div className={`mt-2 text-2xl font-semibold tabular-nums ${tone}`} data-testid={testId}>{value}</div>
      {hint && <div className="mt-1 text-xs text-slate-500">{hint}</div>}
    </div>
  );
}

export function AlertHealthView({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const [days, setDays] = useState(7);
  const [noisyPerDay, setNoisyPerDay] = useState(20);
  const health = useQuery(trpc.health.detection.queryOptions({ tenantId, days, noisyPerDay }, { placeholderData: keepPreviousData, refetchInterval: 15_000 }));
  const h = health.data;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Detection health</h1>
          <p className="text-sm text-slate-400">
            {h?.rules.reported ? `Rules reported by ${h.rules.source} at ${h.rules.loadedAt ? dateFmt.format(h.rules.loadedAt) : "?"}` : "The detection engine has not reported its rules yet."}
          </p>
        </div>
        <div className="flex gap-3">
          <div>
            <label htmlFor="health-days" className="label">Window</label>
            <select id="health-days" className="field" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[1, 7, 30, 90].map((d) => <option key={d} value={d}>last {d} day{d === 1 ? "" : "s"}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="health-threshold" className="label">Too much above (alerts/day)</label>
            <input id="health-threshold" type="number" min={1} max={1_000_000} className="field" value={noisyPerDay}
              onChange={(e) => { const n = Number(e.target.value); if (n > 0) setNoisyPerDay(n); }} />
          </div>
        </div>
      </div>
      {health.error && <p role="alert" className="rounded-md border border-red-900 bg-red-950/50 px-4 py-2 text-sm text-red-300">Could not load detection health: {health.error.message}</p>}

      <section aria-label="Health summary" className="grid grid-cols-2 gap-4 lg:grid-cols-6">
        <Stat testId="health-loaded" label="Rules loaded" value={h ? `${h.rules.loaded + h.rules.correlations}` : "—"} hint={h ? `${h.rules.correlations} correlations` : undefined} />
        <Stat testId="health-failed" label="Failed to compile" value={h ? `${h.rules.failed.length}` : "—"} tone={h?.rules.failed.length ? "text-red-300" : "text-emerald-300"} />
        <Stat testId="health-never" label="Never fired" value={h ? `${h.neverFired.total}` : "—"} hint={`in ${days} d`} />
        <Stat testId="health-noisy" label="Firing too much" value={h ? `${h.noisy.rules.length}` : "—"} tone={h?.noisy.rules.length ? "text-orange-300" : "text-emerald-300"} hint={`> ${noisyPerDay}/day`} />
        <Stat testId="health-last-event" label="Since last event" value={formatDuration(h?.lag.sinceLastEventMs ?? null)} hint={h?.lag.lastReceivedAt ? `received ${dateFmt.format(h.lag.lastReceivedAt)}` : "no events yet"} />
        <Stat testId="health-latency" label="Event → alert p50 / p95" value={h ? `${formatDuration(h.lag.detectP50Ms)} / ${formatDuration(h.lag.detectP95Ms)}` : "—"} hint={h ? `${h.lag.alertsMeasured} alert${h.lag.alertsMeasured === 1 ? "" : "s"} measured` : undefined} />
      </section>

      {h && (
        <div className="grid gap-6 lg:grid-cols-2">
          <AlertHealthDailyChart daily={h.daily} />
          <AlertHealthNoisyChart rules={h.noisy.rules} threshold={h.noisy.threshold} />
        </div>
      )}
      {h && <NoisyTable health={h} />}
      {h && <FailedTable health={h} />}
      {h && h.rules.waiting.total > 0 && <WaitingTable health={h} />}
      {h && <NeverFiredTable health={h} />}
    </div>
  );
}

function Table({ id, title, head, empty, children }: { id: string; title: string; head: string[]; empty: string | null; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="card overflow-hidden">
      <h2 id={id} className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">{title}</h2>
      <div className="max-h-96 overflow-auto">
        <table className="w-full text-left text-sm" aria-labelledby={id}>
          <thead className="sticky top-0 bg-slate-900 text-xs uppercase tracking-wide text-slate-400">
            <tr>{head.map((h) => <th key={h} scope="col" className="px-4 py-2 font-medium">{h}</th>)}</tr>
          </thead>
          <tbody className="divide-y divide-slate-800">
            {empty !== null && <tr><td colSpan={head.length} className="px-4 py-6 text-center text-slate-500">{empty}</td></tr>}
            {children}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NoisyTable({ health: h }: { health: Health }) {
  return (
    <Table id="health-noisy-title" title={`Rules firing too much (more than ${h.noisy.threshold} alerts/day)`} head={["Rule", "Alerts", "Detections", "Alerts/day", "Last seen"]}
      empty={h.noisy.rules.length === 0 ? "None." : null}>
      {h.noisy.rules.map((r) => (
        <tr key={r.ruleId}>
          <td className="px-4 py-2">{r.ruleTitle}<div className="font-mono text-xs text-slate-500">{r.ruleId}</div></td>
          <td className="px-4 py-2 tabular-nums">{r.alerts.toLocaleString("en-US")}</td>
          <td className="px-4 py-2 tabular-nums">{r.detections.toLocaleString("en-US")}</td>
          <td className="px-4 py-2 tabular-nums text-orange-300">{r.alertsPerDay.toFixed(1)}</td>
          <td className="whitespace-nowrap px-4 py-2 text-slate-400">{dateFmt.format(r.lastSeen)}</td>
        </tr>
      ))}
    </Table>
  );
}

function FailedTable({ health: h }: { health: Health }) {
  return (
    <Table id="health-failed-title" title="Rules that failed to compile" head={["File", "Where", "Reason"]} empty={h.rules.failed.length === 0 ? (h.rules.reported ? "Every rule compiled." : "Not reported yet.") : null}>
      {h.rules.failed.map((f, i) => (
        <tr key={`${f.file}-${i}`}>
          <td className="px-4 py-2 font-mono text-xs">{f.file}</td>
          <td className="px-4 py-2 font-mono text-xs text-slate-400">{[f.line !== undefined ? `line ${f.line}` : null, f.path].filter(Boolean).join(" · ") || "—"}</td>
          <td className="px-4 py-2 text-red-300">{f.reason}</td>
        </tr>
      ))}
    </Table>
  );
}

function WaitingTable({ health: h }: { health: Health }) {
  const w = h.rules.waiting;
  return (
    <Table id="health-waiting-title" title={`Rules waiting for named lists (${w.total}): ${w.lists.map((l) => `%${l}%`).join(", ")} — fill them under Rules`} head={["Rule", "Level", "Empty lists"]} empty={null}>
      {w.rules.map((r) => (
        <tr key={r.id}>
          <td className="px-4 py-2">{r.title}<div className="font-mono text-xs text-slate-500">{r.id}</div></td>
          <td className="px-4 py-2 text-xs">{r.level}</td>
          <td className="px-4 py-2 font-mono text-xs text-amber-200">{(r.waitingFor ?? []).map((l) => `%${l}%`).join(", ")}</td>
        </tr>
      ))}
    </Table>
  );
}

function NeverFiredTable({ health: h }: { health: Health }) {
  const shown = h.neverFired.rules.length;
  return (
    <Table id="health-never-title" title={`Rules that never fired in ${h.window.days} day${h.window.days === 1 ? "" : "s"} (${h.neverFired.total}${shown < h.neverFired.total ? `, first ${shown} shown` : ""})`}
      head={["Rule", "Level", "Kind"]} empty={h.neverFired.total === 0 ? (h.rules.reported ? "Every rule fired at least once." : "Not reported yet.") : null}>
      {h.neverFired.rules.map((r) => (
        <tr key={r.id}>
          <td className="px-4 py-2">{r.title}<div className="font-mono text-xs text-slate-500">{r.id}</div></td>
          <td className="px-4 py-2 text-xs">{r.level}</td>
          <td className="px-4 py-2 text-xs">{r.kind}</td>
        </tr>
      ))}
    </Table>
  );
}
