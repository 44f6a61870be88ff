"use client";
// /entities: the tenant's riskiest users, hosts and IPs (risk decays; 2 raises an alert), and the
// behaviour model's status. Polls so a new anomaly shows up without a reload.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "@vigil/api";
import { useTRPC } from "~/trpc/react";
import { EntityModelStatus } from "./entity-model-status";
import { RiskBadge } from "./entity-risk-badge";

type Row = RouterOutputs["ueba"]["entityRisk"][number];

const REFRESH_MS = 5_000;
const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "short", timeZone: "UTC" });

export function entityHref(entity: string): string {
  return `/entities/${encodeURIComponent(entity)}`;
}

export function EntityRiskView({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const live = { refetchInterval: REFRESH_MS, refetchIntervalInBackground: false } as const;
  const risk = useQuery(trpc.ueba.entityRisk.queryOptions({ tenantId, limit: 50 }, live));
  const status = useQuery(trpc.ueba.modelStatus.queryOptions({ tenantId }, live));
  const failed = [risk, status].find((q) => q.error);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Risky entities</h1>
        <p className="text-sm text-slate-400">
          Behaviour analytics: each anomaly raises the entity&apos;s risk, which halves every 24 h; at 2 it becomes an alert.
        </p>
      </div>
      {failed?.error && (
        <p role="alert" className="rounded-md border border-red-900 bg-red-950/50 px-4 py-2 text-sm text-red-300">
          Could not load behaviour analytics: {failed.error.message}
        </p>
      )}
      <EntityModelStatus status={status.data} />
      <EntityRiskTable rows={risk.data} />
    </div>
  );
}

function EntityRiskTable({ rows }: { rows: Row[] | undefined }) {
  return (
    <section aria-labelledby="entities-title" className="card overflow-hidden">
      <h2 id="entities-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">
        Entities by current risk
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby="entities-title">
          <thead className="text-xs uppercase tracking-wide text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Entity</th>
              <th scope="col" className="px-4 py-2 font-medium">Risk now</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Peak</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Anomalies</th>
              <th scope="col" className="px-4 py-2 font-medium">Why</th>
              <th scope="col" className="px-4 py-2 font-medium">Last seen anomalous (UTC)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-800">
            {rows === undefined && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">Loading…</td>
              </tr>
            )}
            {rows?.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                  No unusual behaviour yet. Entities appear here when their activity deviates from their own or their peers&apos; habits.
                </td>
              </tr>
            )}
            {rows?.map((r) => (
              <tr key={r.entity} className="hover:bg-slate-900/60">
                <td className="px-4 py-2">
                  <Link href={entityHref(r.entity)} className="font-medium text-sky-300 hover:underline">
                    {r.name}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">{r.kind}</span>
                </td>
                <td className="px-4 py-2"><RiskBadge risk={r.risk} /></td>
                <td className="px-4 py-2 text-right tabular-nums text-slate-300">{r.peakRisk.toFixed(1)}</td>
                <td className="px-4 py-2 text-right tabular-nums text-slate-300">{r.anomalies}</td>
                <td className="max-w-xl px-4 py-2 text-slate-300">
                  {r.topExplanations.slice(0, 2).join("; ") || <span className="text-slate-500">—</span>}
                  {r.lastAlertId && <span className="ml-2 rounded bg-red-950 px-1.5 py-0.5 text-xs text-red-300">alerted</span>}
                </td>
                <td className="whitespace-nowrap px-4 py-2 text-slate-400">{dateFmt.format(r.lastAnomalyAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
