"use client";
// One alert: what it matched, its verdict (disposition control), a snooze, and, after a false
// positive, the proposed exception dialog.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@vigil/api";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { AlertExceptionDialog } from "./alert-exception-dialog";
import { DISPOSITION_LABELS } from "./alerts-table";
import { SeverityBadge, StatusBadge } from "./severity-badge";

type Proposal = NonNullable<RouterOutputs["alerts"]["setDisposition"]["proposal"]>;
type Disposition = "TRUE_POSITIVE" | "BENIGN" | "FALSE_POSITIVE";

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" });
const ENTITY_LABELS = [["user", "User"], ["ip", "IP"], ["host", "Host"], ["file", "File"]] as const;
const SNOOZES: [string, number][] = [["1 hour", 3_600_000], ["24 hours", 86_400_000], ["7 days", 7 * 86_400_000]];

function useInvalidateTriage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.alerts.get.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.exceptions.list.queryKey() }),
  ]);
}

export function AlertDetail({ tenantId, alertId, canTriage, onClose }: { tenantId: string; alertId: string; canTriage: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateTriage();
  const alert = useQuery(trpc.alerts.get.queryOptions({ tenantId, alertId }));
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const a = alert.data;

  return (
    <section aria-labelledby="alert-detail-title" className="card space-y-4 p-4">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 id="alert-detail-title" className="text-base font-semibold text-slate-100">{a?.ruleTitle ?? "Alert"}</h2>
          <p className="font-mono text-xs text-slate-500">{a?.ruleId}</p>
        </div>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label="Close alert">✕</button>
      </div>
      {alert.error && <p role="alert" className="text-sm text-red-300">{alert.error.message}</p>}
      {a && (
        <>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <SeverityBadge severity={a.severity} />
            <StatusBadge status={a.status} />
            <span className="text-slate-400">{a.count} detection{a.count === 1 ? "" : "s"} · {dateFmt.format(a.firstSeen)} → {dateFmt.format(a.lastSeen)}</span>
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-400">Group</dt><dd className="break-all font-mono text-xs text-slate-200">{a.groupKey}</dd>
            {ENTITY_LABELS.map(([k, label]) => a.entities[k].length > 0 && (
              <Entity key={k} label={label} values={a.entities[k]} />
            ))}
            {a.techniques.length > 0 && <><dt className="text-slate-400">ATT&amp;CK</dt><dd className="font-mono text-xs text-slate-200">{a.techniques.map((t) => t.toUpperCase()).join(", ")}</dd></>}
            <dt className="text-slate-400">Events</dt><dd className="text-slate-200">{a.eventIds.length} matched</dd>
          </dl>
          {a.events.length > 0 && (
            <table className="w-full text-left text-xs" aria-label="Matched events">
              <thead className="uppercase tracking-wide text-slate-500"><tr><th className="py-1">Time</th><th>Action</th><th>User</th><th>Source</th><th>Host</th></tr></thead>
              <tbody className="divide-y divide-slate-800 text-slate-300">
                {a.events.slice(0, 10).map((e) => (
                  <tr key={e.id}><td className="py-1 whitespace-nowrap">{dateFmt.format(e.ts)}</td><td>{[e.action, e.outcome].filter(Boolean).join(" / ") || "—"}</td><td>{e.userName ?? "—"}</td><td className="font-mono">{e.sourceIp ?? "—"}</td><td>{e.host ?? "—"}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {a.disposition && (
            <p className="rounded-md border border-slate-800 bg-slate-950/60 px-3 py-2 text-sm text-slate-300" data-testid="alert-verdict">
              <span className="font-medium">{DISPOSITION_LABELS[a.disposition]}</span> by {a.dispositionBy}
              {a.dispositionAt ? ` on ${dateFmt.format(a.dispositionAt)}` : ""}{a.dispositionNote ? ` — “${a.dispositionNote}”` : ""}
            </p>
          )}
          {canTriage && <DispositionForm tenantId={tenantId} alertId={a.id} current={a.disposition} onProposal={setProposal} onDone={invalidate} />}
          {canTriage && <SnoozeForm tenantId={tenantId} ruleId={a.ruleId} ruleTitle={a.ruleTitle} alertId={a.id} user={a.entities.user.length === 1 ? a.entities.user[0] : undefined} onDone={invalidate} />}
        </>
      )}
      {proposal && <AlertExceptionDialog tenantId={tenantId} proposal={proposal} onClose={() => setProposal(null)} onAccepted={async () => { setProposal(null); await invalidate(); }} />}
    </section>
  );
}

function Entity({ label, values }: { label: string; values: string[] }) {
  return (
    <>
      <dt className="text-slate-400">{label}</dt>
      <dd className="flex flex-wrap gap-1">{values.map((v) => <span key={v} className="rounded bg-slate-800 px-1.5 py-0.5 font-mono text-xs text-slate-300">{v}</span>)}</dd>
    </>
  );
}

function DispositionForm({ tenantId, alertId, current, onProposal, onDone }: {
  tenantId: string; alertId: string; current: Disposition | null; onProposal: (p: Proposal) => void; onDone: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [choice, setChoice] = useState<Disposition>(current ?? "TRUE_POSITIVE");
  const [note, setNote] = useState("");
  const save = useMutation(trpc.alerts.setDisposition.mutationOptions({
    onSuccess: async (r) => {
      setNote("");
      if (r.proposal) onProposal(r.proposal);
      await onDone();
    },
  }));
  return (
    <form
      aria-label="Disposition"
      className="space-y-2 border-t border-slate-800 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ tenantId, alertId, disposition: choice, ...(note.trim() ? { note: note.trim() } : {}) });
      }}
    >
      <fieldset>
        <legend className="label">Verdict</legend>
        <div className="flex flex-wrap gap-3 text-sm">
          {(Object.keys(DISPOSITION_LABELS) as Disposition[]).map((d) => (
            <label key={d} className="flex items-center gap-1.5">
              <input type="radio" name="disposition" value={d} checked={choice === d} onChange={() => setChoice(d)} />
              {DISPOSITION_LABELS[d]}
            </label>
          ))}
        </div>
      </fieldset>
      <label htmlFor="disposition-note" className="label">Note</label>
      <textarea id="disposition-note" className="field" rows={2} maxLength={2000} placeholder="Why (kept with the verdict and in the audit log)" value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="flex items-center gap-3">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save verdict and close"}</button>
        {save.isSuccess && <span role="status" className="text-sm text-emerald-300">Saved.</span>}
      </div>
      {save.error && <p role="alert" className="text-sm text-red-300">{save.error.message}</p>}
    </form>
  );
}

function SnoozeForm({ tenantId, ruleId, ruleTitle, alertId, user, onDone }: {
  tenantId: string; ruleId: string; ruleTitle: string; alertId: string; user: string | undefined; onDone: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [duration, setDuration] = useState(SNOOZES[1]![1]);
  const [onlyUser, setOnlyUser] = useState(Boolean(user));
  const snooze = useMutation(trpc.exceptions.snooze.mutationOptions({ onSuccess: onDone }));
  return (
    <form
      aria-label="Snooze"
      className="flex flex-wrap items-end gap-3 border-t border-slate-800 pt-4"
      onSubmit={(e) => {
        e.preventDefault();
        snooze.mutate({
          tenantId, ruleId, ruleTitle, sourceAlertId: alertId, until: new Date(Date.now() + duration),
          ...(onlyUser && user ? { entity: { field: "user.name", value: user } } : {}),
        });
      }}
    >
      <div>
        <label htmlFor="snooze-duration" className="label">Snooze this rule</label>
        <select id="snooze-duration" className="field" value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
          {SNOOZES.map(([label, ms]) => <option key={ms} value={ms}>for {label}</option>)}
        </select>
      </div>
      {user && (
        <label className="flex items-center gap-1.5 pb-2 text-sm text-slate-300">
          <input type="checkbox" checked={onlyUser} onChange={(e) => setOnlyUser(e.target.checked)} /> only for user <span className="font-mono">{user}</span>
        </label>
      )}
      <button type="submit" className="btn btn-ghost" disabled={snooze.isPending}>Snooze</button>
      {snooze.isSuccess && <span role="status" className="pb-2 text-sm text-emerald-300">Snoozed until {dateFmt.format(snooze.data.expiresAt ?? new Date())}.</span>}
      {snooze.error && <p role="alert" className="w-full text-sm text-red-300">{snooze.error.message}</p>}
    </form>
  );
}
