"use client";
// One entity's behaviour: risk now and over time, each anomaly with its plain-words explanation
// ("4.2 GB downloaded vs a usual 30 MB"), and its recent hourly activity.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "@vigil/api";
import { useTRPC } from "~/trpc/react";
import { RiskBadge } from "./entity-risk-badge";
import { EntityRiskChart } from "./entity-risk-chart";

type Timeline = RouterOutputs["ueba"]["timeline"];

const REFRESH_MS = 5_000;
const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const FEATURE_LABELS: Record<string, string> = {
  signIns: "sign-ins", failures: "failed sign-ins", distinctIps: "source IPs", distinctCountries: "countries", newIps: "new IPs",
  newHosts: "new hosts", offHoursShare: "off-hours", bytesDownloaded: "downloaded", recordsDownloaded: "records",
  sensitiveFiles: "sensitive files", privilegedCommands: "privileged commands", adminChanges: "admin changes", distinctAsns: "networks (ASNs)",
};

export function EntityDetail({ tenantId, entity }: { tenantId: string; entity: string }) {
  const trpc = useTRPC();
  const timeline = useQuery(trpc.ueba.timeline.queryOptions({ tenantId, entity, days: 30 }, { refetchInterval: REFRESH_MS, retry: false }));
  const t = timeline.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <p className="text-sm text-slate-400">
            <Link href="/entities" className="hover:underline">Entities</Link> / {entity.split(":")[0]}
          </p>
          <h1 className="text-2xl font-semibold tracking-tight">{t?.name ?? entity.slice(entity.indexOf(":") + 1)}</h1>
        </div>
        {t && (
          <div className="flex items-center gap-4 text-sm text-slate-400">
            <span>Risk now <RiskBadge risk={t.risk} threshold={t.threshold} /></span>
            <span>Peak {t.peakRisk.toFixed(1)}</span>
          </div>
        )}
      </div>
      {timeline.error && (
        <p role="alert" className="rounded-md border border-red-900 bg-red-950/50 px-4 py-2 text-sm text-red-300">
          {timeline.error.message}
        </p>
      )}
      {t && (
        <>
          <EntityRiskChart points={t.riskSeries} threshold={t.threshold} />
          <Anomalies anomalies={t.anomalies} />
          <Activity windows={t.windows} />
        </>
      )}
    </div>
  );
}

function Anomalies({ anomalies }: { anomalies: Timeline["anomalies"] }) {
  const newestFirst = [...anomalies].reverse();
  return (
    <section aria-labelledby="anomalies-title" className="card overflow-hidden">
      <h2 id="anomalies-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">
        Anomalies ({anomalies.length}, last 30 days)
      </h2>
      {newestFirst.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">No anomaly in the last 30 days.</p>
      ) : (
        <ol className="divide-y divide-slate-800">
          {newestFirst.map((a) => (
            <li key={a.id} className="px-4 py-3">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                <span className="font-medium text-slate-100">{dateFmt.format(a.at)} UTC</span>
                <span className="text-slate-400">{a.series === "hour" ? "hourly" : "daily"} window</span>
                <span className="text-slate-400">score {(a.score / a.threshold).toFixed(1)}× threshold</span>
                <span className="text-slate-400">risk → {a.risk.toFixed(1)}</span>
                {a.early && <span className="rounded bg-amber-950 px-1.5 py-0.5 text-xs text-amber-300">caught while the window was open</span>}
                {a.alertId && <span className="rounded bg-red-950 px-1.5 py-0.5 text-xs text-red-300">raised an alert</span>}
                <span className="text-xs text-slate-500">model v{a.modelVersion}{a.modelVersion === 0 ? " (prior)" : ""}</span>
              </div>
              <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-200">
                {a.explanations.map((e) => (
                  <li key={e.feature}>{e.text}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Activity({ windows }: { windows: Timeline["windows"] }) {
  const recent = [...windows].reverse().slice(0, 24);
  const shown = ["signIns", "failures", "bytesDownloaded", "recordsDownloaded", "sensitiveFiles", "newHosts"];
  return (
    <section aria-labelledby="activity-title" className="card overflow-hidden">
      <h2 id="activity-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">
        Recent hourly activity
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby="activity-title">
          <thead className="text-xs uppercase tracking-wide text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Hour (UTC)</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Events</th>
              {shown.map((f) => (
                <th key={f} scope="col" className="px-4 py-2 text-right font-medium">{FEATURE_LABELS[f]}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-800">
            {recent.length === 0 && (
              <tr><td colSpan={shown.length + 2} className="px-4 py-6 text-center text-slate-500">No closed window yet.</td></tr>
            )}
            {recent.map((w) => (
              <tr key={w.windowStart.toISOString()}>
                <td className="whitespace-nowrap px-4 py-1.5 text-slate-300">{dateFmt.format(w.windowStart)}</td>
                <td className="px-4 py-1.5 text-right tabular-nums text-slate-300">{w.eventCount}</td>
                {shown.map((f) => (
                  <td key={f} className="px-4 py-1.5 text-right tabular-nums text-slate-300">{formatValue(f, w.values[f] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function formatValue(feature: string, v: number): string {
  if (feature !== "bytesDownloaded") return v.toLocaleString("en-US", { maximumFractionDigits: 1 });
  const units = ["B", "KB", "MB", "GB", "TB"];
  let n = v;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${n.toFixed(n >= 10 || u === 0 ? 0 : 1)} ${units[u]}`;
}
