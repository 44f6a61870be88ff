"use client";
// The tenant's ingest quota: its override or the default, and for its MSSP's organization
// administrators a form to set or clear the override (applied by ingest within seconds).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorText } from "~/lib/error-text";
import { useTRPC } from "~/trpc/react";

const MIB = 1024 * 1024;
const count = new Intl.NumberFormat("en-GB");
const mib = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 3 });

function Limit({ label, value, fallback, format }: { label: string; value: number | null; fallback: number | undefined; format: (n: number) => string }) {
  const shown = value ?? fallback;
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-400">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-100">
        {shown === undefined ? "ingest default" : format(shown)}
        <span className="ml-2 text-xs font-normal text-slate-400">{value === null ? "default" : "set for this tenant"}</span>
      </dd>
    </div>
  );
}

export function IngestQuota({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const quota = useQuery(trpc.ingestQuota.get.queryOptions({ tenantId }));
  const [events, setEvents] = useState<string | undefined>();
  const [bytes, setBytes] = useState<string | undefined>();
  const save = useMutation(
    trpc.ingestQuota.set.mutationOptions({
      onSuccess: async () => {
        setEvents(undefined);
        setBytes(undefined);
        await queryClient.invalidateQueries({ queryKey: trpc.ingestQuota.get.queryKey() });
      },
    }),
  );
  const q = quota.data;
  const eventsField = events ?? (q?.eventsPerSecond === null || q === undefined ? "" : String(q.eventsPerSecond));
  const bytesField = bytes ?? (q?.bytesPerSecond === null || q === undefined ? "" : String(q.bytesPerSecond / MIB));
  const toNumber = (text: string, scale = 1) => (text.trim() === "" ? null : Math.round(Number(text) * scale));

  return (
    <section aria-labelledby="quota-title" className="card space-y-4 p-4">
      <div>
        <h2 id="quota-title" className="text-sm font-semibold text-slate-200">Ingest quota</h2>
        <p className="text-sm text-slate-400">
          Above it, HTTP senders get 429 with Retry-After (Splunk and Elastic shippers wait and retry), syslog TCP is read
          more slowly and syslog UDP datagrams are dropped.
        </p>
      </div>
      {quota.error && <p role="alert" className="text-sm text-red-300">{quota.error.message}</p>}
      {q && (
        <dl className="grid gap-4 sm:grid-cols-2">
          <Limit label="Events per second" value={q.eventsPerSecond} fallback={q.defaults?.eventsPerSecond} format={(n) => count.format(n)} />
          <Limit label="Data per second" value={q.bytesPerSecond} fallback={q.defaults?.bytesPerSecond} format={(n) => `${mib.format(n / MIB)} MiB`} />
        </dl>
      )}
      {q?.canEdit && (
        <form
          className="flex flex-wrap items-end gap-3 border-t border-slate-800 pt-4"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ tenantId, eventsPerSecond: toNumber(eventsField), bytesPerSecond: toNumber(bytesField, MIB) });
          }}
        >
          <div className="min-w-44 flex-1">
            <label htmlFor="quota-events" className="label">Events per second</label>
            <input
              id="quota-events" className="field" type="number" inputMode="numeric" step={1}
              min={q.bounds.eventsPerSecond.min} max={q.bounds.eventsPerSecond.max} placeholder="default"
              value={eventsField} onChange={(e) => setEvents(e.target.value)}
            />
          </div>
          <div className="min-w-44 flex-1">
            <label htmlFor="quota-bytes" className="label">MiB per second</label>
            <input
              id="quota-bytes" className="field" type="number" inputMode="decimal" step="any"
              min={q.bounds.bytesPerSecond.min / MIB} max={q.bounds.bytesPerSecond.max / MIB} placeholder="default"
              value={bytesField} onChange={(e) => setBytes(e.target.value)}
            />
          </div>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save quota"}</button>
          <button
            type="button" className="btn" disabled={save.isPending || (q.eventsPerSecond === null && q.bytesPerSecond === null)}
            onClick={() => save.mutate({ tenantId, eventsPerSecond: null, bytesPerSecond: null })}
          >
            Use defaults
          </button>
          <p className="w-full text-xs text-slate-500">Empty: the default. Ingest applies a change within seconds; it is recorded in the audit log.</p>
          {save.error && <p role="alert" className="w-full text-sm text-red-300">{errorText(save.error)}</p>}
        </form>
      )}
    </section>
  );
}
