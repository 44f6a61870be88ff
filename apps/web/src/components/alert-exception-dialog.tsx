"use client";
// The proposed exception after a false positive: the analyst sees exactly which matches it will
// hide, edits conditions, scope and expiry, and accepts (or dismisses) it.
import { useMutation } from "@tanstack/react-query";
import type { RouterInputs, RouterOutputs } from "@vigil/api";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "~/trpc/react";

type Proposal = NonNullable<RouterOutputs["alerts"]["setDisposition"]["proposal"]>;
type Condition = RouterInputs["exceptions"]["accept"]["conditions"][number];

const EXPIRIES: [string, number | null][] = [["Never", null], ["7 days", 7], ["30 days", 30], ["90 days", 90]];
const OPS: [Condition["op"], string][] = [["equals", "equals"], ["contains", "contains"], ["cidr", "in CIDR"]];
const FIELD_HINTS = ["user.name", "source.ip", "host.name", "file.path"];

export function AlertExceptionDialog({ tenantId, proposal, onClose, onAccepted }: {
  tenantId: string; proposal: Proposal; onClose: () => void; onAccepted: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [conditions, setConditions] = useState<Condition[]>(proposal.conditions);
  const [allRules, setAllRules] = useState(false);
  const [expiryDays, setExpiryDays] = useState<number | null>(null);
  const [reason, setReason] = useState(proposal.reason);
  const first = useRef<HTMLInputElement>(null);
  const accept = useMutation(trpc.exceptions.accept.mutationOptions({ onSuccess: onAccepted }));
  useEffect(() => first.current?.focus(), []);

  const set = (i: number, patch: Partial<Condition>) => setConditions((cs) => cs.map((c, k) => (k === i ? { ...c, ...patch } : c)));

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4" onKeyDown={(e) => e.key === "Escape" && onClose()}>
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="exception-title"
        className="card max-h-[90vh] w-full max-w-2xl space-y-4 overflow-y-auto p-5"
        onSubmit={(e) => {
          e.preventDefault();
          accept.mutate({
            tenantId, ruleId: allRules ? null : proposal.ruleId, ruleTitle: allRules ? null : proposal.ruleTitle,
            conditions, reason, sourceAlertId: proposal.sourceAlertId,
            expiresAt: expiryDays === null ? null : new Date(Date.now() + expiryDays * 86_400_000),
          });
        }}
      >
        <div>
          <h2 id="exception-title" className="text-lg font-semibold">Add an exception?</h2>
          <p className="text-sm text-slate-400">
            Future matches meeting <em>every</em> condition below will not raise alerts (they are counted on the exception). Edit it to fit.
          </p>
        </div>

        <fieldset className="space-y-1 text-sm">
          <legend className="label">Applies to</legend>
          <label className="flex items-center gap-2"><input type="radio" name="scope" checked={!allRules} onChange={() => setAllRules(false)} /> Rule <span className="font-medium text-slate-100">{proposal.ruleTitle}</span></label>
          <label className="flex items-center gap-2"><input type="radio" name="scope" checked={allRules} onChange={() => setAllRules(true)} /> Every rule</label>
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="label">Conditions</legend>
          {conditions.length === 0 && <p className="text-sm text-amber-300">No condition: every match of the rule will be suppressed.</p>}
          {conditions.map((c, i) => (
            // .field is full width: the grid gives each control its column.
            <div key={i} className="grid grid-cols-[11rem_8rem_minmax(0,1fr)_auto] items-center gap-2" data-testid="exception-condition">
              <input ref={i === 0 ? first : undefined} aria-label={`Condition ${i + 1} field`} className="field font-mono" list="exception-fields" value={c.field} onChange={(e) => set(i, { field: e.target.value })} required maxLength={200} />
              <select aria-label={`Condition ${i + 1} operator`} className="field" value={c.op} onChange={(e) => set(i, { op: e.target.value as Condition["op"] })}>
                {OPS.map(([op, label]) => <option key={op} value={op}>{label}</option>)}
              </select>
              <input aria-label={`Condition ${i + 1} value`} className="field font-mono" value={c.value} onChange={(e) => set(i, { value: e.target.value })} required maxLength={500} />
              <button type="button" className="btn btn-ghost" aria-label={`Remove condition ${i + 1}`} onClick={() => setConditions((cs) => cs.filter((_, k) => k !== i))}>Remove</button>
            </div>
          ))}
          <datalist id="exception-fields">{FIELD_HINTS.map((f) => <option key={f} value={f} />)}</datalist>
          <p className="text-xs text-slate-500">
            A correlation is judged on its group-by fields and entities ({FIELD_HINTS.join(", ")}); a single-event rule also on any field of its event.
          </p>
          {conditions.length < 10 && (
            <button type="button" className="btn btn-ghost" onClick={() => setConditions((cs) => [...cs, { field: "user.name", op: "equals", value: "" }])}>Add condition</button>
          )}
        </fieldset>

        <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
          <div>
            <label htmlFor="exception-expiry" className="label">Expires</label>
            <select id="exception-expiry" className="field" value={expiryDays ?? ""} onChange={(e) => setExpiryDays(e.target.value === "" ? null : Number(e.target.value))}>
              {EXPIRIES.map(([label, days]) => <option key={label} value={days ?? ""}>{label}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="exception-reason" className="label">Reason</label>
            <input id="exception-reason" className="field" maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        </div>

        {accept.error && <p role="alert" className="text-sm text-red-300">{accept.error.message}</p>}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn btn-ghost" onClick={onClose}>Not now</button>
          <button type="submit" className="btn btn-primary" disabled={accept.isPending}>{accept.isPending ? "Adding…" : "Accept exception"}</button>
        </div>
      </form>
    </div>
  );
}
