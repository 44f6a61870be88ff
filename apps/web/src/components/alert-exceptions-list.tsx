"use client";
// The tenant's exceptions and snoozes with what each has suppressed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "short" });
const OP_TEXT: Record<string, string> = { equals: "=", contains: "contains", cidr: "in" };

export function AlertExceptionsList({ tenantId, canDelete }: { tenantId: string; canDelete: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.exceptions.list.queryOptions({ tenantId }, { refetchInterval: 10_000 }));
  const remove = useMutation(trpc.exceptions.delete.mutationOptions({
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.exceptions.list.queryKey() }),
  }));

  return (
    <section aria-labelledby="exceptions-title" className="card overflow-hidden">
      <h2 id="exceptions-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">Exceptions and snoozes</h2>
      {(list.error ?? remove.error) && <p role="alert" className="px-4 py-2 text-sm text-red-300">{(list.error ?? remove.error)?.message}</p>}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby="exceptions-title">
          <thead className="text-xs uppercase tracking-wide text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Kind</th>
              <th scope="col" className="px-4 py-2 font-medium">Rule</th>
              <th scope="col" className="px-4 py-2 font-medium">When</th>
              <th scope="col" className="px-4 py-2 font-medium">Until</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Suppressed</th>
              <th scope="col" className="px-4 py-2 font-medium">Added by</th>
              <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-800">
            {list.data?.length === 0 && (
              <tr><td colSpan={7} className="px-4 py-6 text-center text-slate-500">No exceptions. Mark an alert as a false positive to propose one.</td></tr>
            )}
            {list.data?.map((x) => (
              <tr key={x.id} className={x.active ? undefined : "text-slate-500"}>
                <td className="px-4 py-2.5 text-xs">{x.kind}{x.active ? "" : " (expired)"}</td>
                <td className="px-4 py-2.5">{x.ruleId === null ? <em>every rule</em> : (x.ruleTitle ?? x.ruleId)}</td>
                <td className="px-4 py-2.5 font-mono text-xs">
                  {x.conditions.length === 0 ? "always" : x.conditions.map((c) => `${c.field} ${OP_TEXT[c.op] ?? c.op} ${c.value}`).join(" AND ")}
                  {x.reason && <div className="font-sans text-slate-500">{x.reason}</div>}
                </td>
                <td className="whitespace-nowrap px-4 py-2.5 text-slate-400">{x.expiresAt ? dateFmt.format(x.expiresAt) : "no end"}</td>
                <td className="px-4 py-2.5 text-right tabular-nums" data-testid="suppressed-count">
                  {x.suppressedCount.toLocaleString("en-US")}
                  {x.lastSuppressedAt && <div className="text-xs text-slate-500">last {dateFmt.format(x.lastSuppressedAt)}</div>}
                </td>
                <td className="px-4 py-2.5 text-slate-400">{x.createdBy ?? "—"}</td>
                <td className="px-4 py-2.5 text-right">
                  {canDelete && (
                    <button type="button" className="btn btn-ghost" disabled={remove.isPending} onClick={() => remove.mutate({ tenantId, exceptionId: x.id })} aria-label={`Delete ${x.kind} for ${x.ruleTitle ?? "every rule"}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
