"use client";
import { Fragment, useState } from "react";
import type { RouterOutputs } from "@vigil/api";

type SearchEvent = RouterOutputs["search"]["events"]["events"][number];

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium", timeZone: "UTC" });
const COLUMNS = ["Time (UTC)", "Host", "User", "Action", "Outcome", "Source IP"] as const;

export function SearchResults({ events, loading }: { events: SearchEvent[]; loading: boolean }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Search results">
        <thead className="text-xs uppercase tracking-wide text-slate-400">
          <tr>
            <th scope="col" className="w-8 px-2 py-2"><span className="sr-only">Expand</span></th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className="px-3 py-2 font-medium">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-800">
          {!loading && events.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length + 1} className="px-4 py-6 text-center text-slate-500">
                No events match this query in the selected time range.
              </td>
            </tr>
          )}
          {events.map((e) => {
            const expanded = open.has(e.id);
            return (
              <Fragment key={e.id}>
                <tr className="cursor-pointer hover:bg-slate-800/40" data-testid="search-row" onClick={() => toggle(e.id)}>
                  <td className="px-2 py-2">
                    <button
                      type="button"
                      aria-expanded={expanded}
                      aria-label={expanded ? "Hide raw event" : "Show raw event"}
                      className="rounded px-1 text-slate-400 hover:text-slate-100"
                      onClick={(ev) => {
                        ev.stopPropagation();
                        toggle(e.id);
                      }}
                    >
                      {expanded ? "▾" : "▸"}
                    </button>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-300 tabular-nums">{dateFmt.format(e.ts)}</td>
                  <Cell value={e.host} />
                  <Cell value={e.userName} />
                  <Cell value={e.action} />
                  <td className="px-3 py-2">
                    <Outcome value={e.outcome} />
                  </td>
                  <Cell value={e.sourceIp} mono />
                </tr>
                {expanded && (
                  <tr className="bg-slate-950/60">
                    <td />
                    <td colSpan={COLUMNS.length} className="px-3 pb-3">
                      <pre aria-label="Raw event" className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-300">
                        {e.raw}
                      </pre>
                      <p className="mt-1 text-xs text-slate-500">
                        received {dateFmt.format(e.receivedAt)} via {e.receiver}
                        {e.sourcetype ? ` · sourcetype ${e.sourcetype}` : ""}
                      </p>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ value, mono }: { value: string | null; mono?: boolean }) {
  return <td className={`px-3 py-2 ${mono ? "font-mono text-xs" : ""} ${value ? "text-slate-100" : "text-slate-600"}`}>{value ?? "—"}</td>;
}

function Outcome({ value }: { value: string | null }) {
  if (!value) return <span className="text-slate-600">—</span>;
  const tone = value === "failure" ? "bg-red-950 text-red-300 ring-red-900" : value === "success" ? "bg-emerald-950 text-emerald-300 ring-emerald-900" : "bg-slate-800 text-slate-300 ring-slate-700";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${tone}`}>{value}</span>;
}
