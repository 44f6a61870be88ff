"use client";
// What the tenant's senders sent that Vigil could not parse (dead letters): rejected records per
// hour over the last 24 hours, per receiver and by reason, then the records themselves, newest
// first, each with its reason and raw text.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Bar } from "recharts";
import { BarChartFrame } from "./bar-chart-frame";
import { ReprocessDeadLetters } from "./reprocess-dead-letters";
import type { RouterOutputs } from "@vigil/api";
import { useTRPC } from "~/trpc/react";

type Row = RouterOutputs["deadLetters"]["list"]["rows"][number];

const hourFmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const timeFmt = new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const PAGE = 25;

export function IngestErrors({ tenantId, canReprocess }: { tenantId: string; canReprocess: boolean }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.deadLetters.summary.queryOptions({ tenantId, hours: 24 }, { refetchInterval: 30_000 }));
  const list = useInfiniteQuery(
    trpc.deadLetters.list.infiniteQueryOptions(
      { tenantId, limit: PAGE },
      { getNextPageParam: (page) => page.nextCursor, refetchInterval: 30_000 },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = summary.data?.total ?? 0;
  const data = (summary.data?.hourly ?? []).map((h) => ({ label: hourFmt.format(h.hour), rejected: h.count }));

  return (
    <section aria-labelledby="ingest-errors-title" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="ingest-errors-title" className="text-lg font-semibold tracking-tight">Rejected records</h2>
        <span className="text-xs text-slate-400" data-testid="dead-letter-total">
          {summary.isLoading ? "counting…" : `${total.toLocaleString("en-US")} in the last 24 hours (UTC hours)`}
        </span>
      </div>
      <p className="text-sm text-slate-400">
        Records a sender delivered that could not be parsed. They are kept as sent, with the reason, and were answered with an
        error naming the item; the rest of their request was stored.
      </p>
      {canReprocess && rows.length > 0 && <ReprocessDeadLetters tenantId={tenantId} />}

      <div className="card p-4">
        <div className="h-36" role="img" aria-label={`Rejected records per hour, ${total} in the last 24 hours`}>
          <BarChartFrame data={data}>
            <Bar name="rejected" dataKey="rejected" fill="#f87171" radius={[2, 2, 0, 0]} isAnimationActive={false} />
          </BarChartFrame>
        </div>
        {summary.data && total > 0 && (
          <div className="mt-4 grid gap-4 md:grid-cols-2">
            <div>
              <h3 className="label">By receiver</h3>
              <ul className="flex flex-wrap gap-2" aria-label="Rejected records by receiver">
                {summary.data.byReceiver.map((r) => (
                  <li key={r.receiver} className="rounded-full border border-slate-700 px-2.5 py-0.5 text-xs text-slate-300">
                    {r.receiver} <span className="text-slate-400">{r.count.toLocaleString("en-US")}</span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="label">Most frequent reasons</h3>
              <ol className="space-y-1 text-sm" aria-label="Most frequent reasons">
                {summary.data.topReasons.map((r) => (
                  <li key={r.reason} className="flex gap-2">
                    <span className="w-10 shrink-0 text-right font-mono text-xs leading-5 text-red-300">{r.count.toLocaleString("en-US")}</span>
                    <span className="min-w-0 break-words text-slate-300">{r.reason}</span>
                  </li>
                ))}
              </ol>
            </div>
          </div>
        )}
        {summary.error && <p role="alert" className="mt-3 text-sm text-red-300">{summary.error.message}</p>}
      </div>

      <div className="card overflow-hidden">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-labelledby="ingest-errors-title">
            <thead className="text-xs uppercase tracking-wide text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Received (UTC)</th>
                <th scope="col" className="px-4 py-2 font-medium">Receiver</th>
                <th scope="col" className="px-4 py-2 font-medium">Reason</th>
                <th scope="col" className="px-4 py-2 font-medium">Record as sent</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-800">
              {rows.map((r) => <DeadLetterRow key={r.id} row={r} />)}
              {list.isSuccess && rows.length === 0 && (
                <tr><td colSpan={4} className="px-4 py-6 text-center text-slate-500">Nothing rejected: every record sent was parsed.</td></tr>
              )}
            </tbody>
          </table>
        </div>
        {list.hasNextPage && (
          <div className="border-t border-slate-800 px-4 py-3">
            <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? "Loading…" : "Older records"}
            </button>
          </div>
        )}
        {list.error && <p role="alert" className="px-4 py-3 text-sm text-red-300">{list.error.message}</p>}
      </div>
    </section>
  );
}

function DeadLetterRow({ row }: { row: Row }) {
  const [open, setOpen] = useState(false);
  const cut = row.rawLength > row.raw.length;
  return (
    <tr data-testid="dead-letter-row" className="align-top">
      <td className="whitespace-nowrap px-4 py-2.5 text-slate-400">{timeFmt.format(row.receivedAt)}</td>
      <td className="px-4 py-2.5 font-mono text-xs">{row.receiver}</td>
      <td className="max-w-md px-4 py-2.5 text-red-200">{row.reason}</td>
      <td className="max-w-md px-4 py-2.5">
        {open ? (
          <pre aria-label="Rejected record" className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-950 p-2 font-mono text-xs text-slate-300">
            {row.raw}
            {cut ? `\n… (${row.rawLength.toLocaleString("en-US")} characters in all)` : ""}
          </pre>
        ) : (
          <span className="block truncate font-mono text-xs text-slate-300">{row.raw.slice(0, 160) || "(empty)"}</span>
        )}
        <button type="button" className="mt-1 text-xs text-sky-300 hover:underline" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? "Hide" : "Show record"}
        </button>
      </td>
    </tr>
  );
}
