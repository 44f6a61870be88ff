"use client";
// The /alerts page: filters, the paged alert list, the selected alert's triage panel, and the
// tenant's exceptions and snoozes.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RouterInputs } from "@vigil/api";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { AlertDetail } from "./alert-detail";
import { AlertExceptionsList } from "./alert-exceptions-list";
import { AlertsTable } from "./alerts-table";

type ListInput = RouterInputs["alerts"]["list"];
type Filters = Pick<ListInput, "status" | "severity" | "disposition" | "rule">;

const PAGE_SIZE = 25;
const REFRESH_MS = 5_000;

function Select<T extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: T | undefined; options: [T, string][]; onChange: (v: T | undefined) => void }) {
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      <select id={id} className="field" value={value ?? ""} onChange={(e) => onChange((e.target.value || undefined) as T | undefined)}>
        <option value="">All</option>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </div>
  );
}

export function AlertTriage({ tenantId, canTriage }: { tenantId: string; canTriage: boolean }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({ status: "OPEN" });
  const [ruleText, setRuleText] = useState("");
  // Cursor stack: cursors[i] is where page i starts (undefined for the first page).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<string | null>(null);
  const cursor = cursors.at(-1);
  const list = useQuery(trpc.alerts.list.queryOptions(
    { tenantId, ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
    { placeholderData: keepPreviousData, refetchInterval: REFRESH_MS },
  ));
  const update = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setCursors([undefined]);
  };
  const page = cursors.length;
  const total = list.data?.total ?? 0;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
        <p className="text-sm text-slate-400">Give each alert a verdict. A false positive proposes an exception so it stops coming back.</p>
      </div>

      <form
        aria-label="Alert filters"
        className="card grid grid-cols-2 gap-3 p-4 md:grid-cols-5"
        onSubmit={(e) => {
          e.preventDefault();
          update({ rule: ruleText.trim() || undefined });
        }}
      >
        <Select id="filter-status" label="Status" value={filters.status} onChange={(status) => update({ status })}
          options={[["OPEN", "Open"], ["ACKNOWLEDGED", "Acknowledged"], ["CLOSED", "Closed"]]} />
        <Select id="filter-severity" label="Severity" value={filters.severity} onChange={(severity) => update({ severity })}
          options={[["CRITICAL", "Critical"], ["HIGH", "High"], ["MEDIUM", "Medium"], ["LOW", "Low"], ["INFORMATIONAL", "Informational"]]} />
        <Select id="filter-disposition" label="Verdict" value={filters.disposition} onChange={(disposition) => update({ disposition })}
          options={[["NONE", "Not triaged"], ["TRUE_POSITIVE", "True positive"], ["BENIGN", "Benign"], ["FALSE_POSITIVE", "False positive"]]} />
        <div className="col-span-2 flex items-end gap-2">
          <div className="flex-1">
            <label htmlFor="filter-rule" className="label">Rule</label>
            <input id="filter-rule" className="field" maxLength={300} placeholder="rule id or part of the title" value={ruleText} onChange={(e) => setRuleText(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-ghost">Apply</button>
        </div>
      </form>

      {list.error && <p role="alert" className="rounded-md border border-red-900 bg-red-950/50 px-4 py-2 text-sm text-red-300">Could not load alerts: {list.error.message}</p>}

      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-3">
          <AlertsTable
            alerts={list.data?.items}
            title={`Alerts · ${total.toLocaleString("en-US")} matching`}
            onSelect={setSelected}
            selectedId={selected}
            emptyText="No alert matches these filters."
          />
          <nav aria-label="Pages" className="flex items-center justify-between text-sm text-slate-400">
            <span>Page {page} of {Math.max(1, Math.ceil(total / PAGE_SIZE))}</span>
            <div className="flex gap-2">
              <button type="button" className="btn btn-ghost" disabled={page === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</button>
              <button type="button" className="btn btn-ghost" disabled={!list.data?.nextCursor}
                onClick={() => { const next = list.data?.nextCursor; if (next) setCursors((c) => [...c, next]); }}>Next</button>
            </div>
          </nav>
        </div>
        {selected ? (
          <AlertDetail key={selected} tenantId={tenantId} alertId={selected} canTriage={canTriage} onClose={() => setSelected(null)} />
        ) : (
          <div className="card flex items-center justify-center p-8 text-sm text-slate-500">Select an alert to triage it.</div>
        )}
      </div>

      <AlertExceptionsList tenantId={tenantId} canDelete={canTriage} />
    </div>
  );
}
