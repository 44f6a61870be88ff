import type { RouterOutputs } from "@vigil/api";
import { SeverityBadge } from "./severity-badge";

type Alert = RouterOutputs["alerts"]["latest"][number];

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" });

function entityList(entities: Alert["entities"]): string[] {
  return [
    ...(entities.user ?? []).map((v) => `user:${v}`),
    ...(entities.ip ?? []).map((v) => `ip:${v}`),
    ...(entities.host ?? []).map((v) => `host:${v}`),
    ...(entities.process ?? []).map((v) => `process:${v}`),
  ];
}

export function AlertsTable({ alerts }: { alerts: Alert[] | undefined }) {
  return (
    <section aria-labelledby="alerts-title" className="card overflow-hidden">
      <h2 id="alerts-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">
        Latest alerts
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby="alerts-title">
          <thead className="text-xs uppercase tracking-wide text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Severity</th>
              <th scope="col" className="px-4 py-2 font-medium">Rule</th>
              <th scope="col" className="px-4 py-2 font-medium">Entities</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Count</th>
              <th scope="col" className="px-4 py-2 font-medium">ATT&amp;CK</th>
              <th scope="col" className="px-4 py-2 font-medium">Last seen</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-800">
            {alerts?.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                  No alerts yet. Send events to your ingest endpoint to see detections here.
                </td>
              </tr>
            )}
            {alerts?.map((a) => (
              <tr key={a.id} className="hover:bg-slate-800/40">
                <td className="px-4 py-2.5"><SeverityBadge severity={a.severity} /></td>
                <td className="min-w-56 px-4 py-2.5 font-medium text-slate-100">{a.ruleTitle}</td>
                <td className="px-4 py-2.5">
                  <div className="flex flex-wrap gap-1">
                    {entityList(a.entities).map((e) => (
                      <span key={e} className="rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs text-slate-300">{e}</span>
                    ))}
                  </div>
                </td>
                <td className="px-4 py-2.5 text-right tabular-nums">{a.count}</td>
                <td className="px-4 py-2.5 font-mono text-xs text-slate-300">{a.techniques.map((t) => t.toUpperCase()).join(", ") || "—"}</td>
                <td className="whitespace-nowrap px-4 py-2.5 text-slate-400">{dateFmt.format(a.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
