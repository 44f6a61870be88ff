// Alert rows for the dashboard ("latest") and the triage page (selectable, with status and verdict).
import { SeverityBadge, StatusBadge } from "./severity-badge";

/** What both the dashboard's and the triage list's alerts have. */
export interface AlertRowData {
  id: string;
  severity: string;
  ruleTitle: string;
  entities: { user?: string[]; ip?: string[]; host?: string[]; process?: string[]; file?: string[] };
  count: number;
  techniques: string[];
  lastSeen: Date;
  status?: string;
  disposition?: string | null;
}

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" });

export const DISPOSITION_LABELS: Record<string, string> = {
  TRUE_POSITIVE: "True positive",
  BENIGN: "Benign",
  FALSE_POSITIVE: "False positive",
};

const DISPOSITION_STYLES: Record<string, string> = {
  TRUE_POSITIVE: "text-red-300",
  BENIGN: "text-emerald-300",
  FALSE_POSITIVE: "text-amber-300",
};

function entityList(entities: AlertRowData["entities"]): string[] {
  return [
    ...(entities.user ?? []).map((v) => `user:${v}`),
    ...(entities.ip ?? []).map((v) => `ip:${v}`),
    ...(entities.host ?? []).map((v) => `host:${v}`),
    ...(entities.process ?? []).map((v) => `process:${v}`),
    ...(entities.file ?? []).map((v) => `file:${v}`),
  ];
}

export interface AlertsTableProps {
  alerts: AlertRowData[] | undefined;
  title?: string;
  /** Triage mode: rows are selectable and show status and disposition. */
  onSelect?: (id: string) => void;
  selectedId?: string | null;
  emptyText?: string;
}

export function AlertsTable({ alerts, title = "Latest alerts", onSelect, selectedId, emptyText }: AlertsTableProps) {
  const triage = onSelect !== undefined;
  // Triage shows ATT&CK in the detail panel: the table shares the row with it.
  const columns = 6;
  return (
    <section aria-labelledby="alerts-title" className="card overflow-hidden">
      <h2 id="alerts-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">
        {title}
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby="alerts-title">
          <thead className="text-xs uppercase tracking-wide text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Severity</th>
              <th scope="col" className="px-4 py-2 font-medium">Rule</th>
              <th scope="col" className="px-4 py-2 font-medium">Entities</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Count</th>
              {triage && <th scope="col" className="px-4 py-2 font-medium">Status · verdict</th>}
              {!triage && <th scope="col" className="px-4 py-2 font-medium">ATT&amp;CK</th>}
              <th scope="col" className="px-4 py-2 font-medium">Last seen</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-800">
            {alerts?.length === 0 && (
              <tr>
                <td colSpan={columns} className="px-4 py-6 text-center text-slate-500">
                  {emptyText ?? "No alerts yet. Send events to your ingest endpoint to see detections here."}
                </td>
              </tr>
            )}
            {alerts?.map((a) => (
              <tr key={a.id} className={selectedId === a.id ? "bg-sky-950/40" : "hover:bg-slate-800/40"} aria-selected={triage ? selectedId === a.id : undefined}>
                <td className="px-4 py-2.5"><SeverityBadge severity={a.severity} /></td>
                <td className={`${triage ? "min-w-44" : "min-w-56"} px-4 py-2.5 font-medium text-slate-100`}>
                  {triage ? (
                    <button type="button" className="text-left hover:text-sky-300 hover:underline" onClick={() => onSelect(a.id)}>
                      {a.ruleTitle}
                    </button>
                  ) : (
                    a.ruleTitle
                  )}
                </td>
                <td className="px-4 py-2.5">
                  <div className="flex flex-wrap gap-1">
                    {entityList(a.entities).map((e) => (
                      <span key={e} className="rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs text-slate-300">{e}</span>
                    ))}
                  </div>
                </td>
                <td className="px-4 py-2.5 text-right tabular-nums">{a.count}</td>
                {triage && (
                  <td className="whitespace-nowrap px-4 py-2.5">
                    {a.status && <StatusBadge status={a.status} />}
                    {a.disposition && <div className={`mt-1 text-xs ${DISPOSITION_STYLES[a.disposition] ?? ""}`}>{DISPOSITION_LABELS[a.disposition] ?? a.disposition}</div>}
                  </td>
                )}
                {!triage && <td className="px-4 py-2.5 font-mono text-xs text-slate-300">{a.techniques.map((t) => t.toUpperCase()).join(", ") || "—"}</td>}
                <td className="whitespace-nowrap px-4 py-2.5 text-slate-400">{dateFmt.format(a.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
