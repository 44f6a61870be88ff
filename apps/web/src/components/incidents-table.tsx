"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@vigil/api";
import { useTRPC } from "~/trpc/react";
import { SeverityBadge, StatusBadge } from "./severity-badge";

type Incident = RouterOutputs["incidents"]["list"][number];

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "medium" });

const WORKFLOW_STYLES: Record<string, string> = {
  completed: "text-emerald-300",
  acknowledged: "text-emerald-300",
  escalated: "text-orange-300",
  notified: "text-sky-300",
  started: "text-sky-300",
  start_failed: "text-red-300",
};

export function IncidentsTable({ tenantId, incidents, canAcknowledge }: { tenantId: string; incidents: Incident[] | undefined; canAcknowledge: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const acknowledge = useMutation(
    trpc.incidents.acknowledge.mutationOptions({
      onSettled: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.incidents.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.dashboard.summary.queryKey() }),
        ]);
      },
    }),
  );
  return (
    <section aria-labelledby="incidents-title" className="card overflow-hidden">
      <h2 id="incidents-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">
        Incidents
      </h2>
      {acknowledge.error && (
        <p role="alert" className="border-b border-red-900 bg-red-950/50 px-4 py-2 text-sm text-red-300">
          {acknowledge.error.message}
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-labelledby="incidents-title">
          <thead className="text-xs uppercase tracking-wide text-slate-400">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Severity</th>
              <th scope="col" className="px-4 py-2 font-medium">Incident</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 font-medium">Workflow</th>
              <th scope="col" className="px-4 py-2 font-medium">Opened</th>
              <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-800">
            {incidents?.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">No incidents. Correlated alerts open incidents here.</td>
              </tr>
            )}
            {incidents?.map((i) => {
              const pending = acknowledge.isPending && acknowledge.variables.incidentId === i.id;
              return (
                <tr key={i.id} className="hover:bg-slate-800/40" data-testid="incident-row">
                  <td className="px-4 py-2.5"><SeverityBadge severity={i.severity} /></td>
                  <td className="px-4 py-2.5">
                    <div className="min-w-56 font-medium text-slate-100">{i.title}</div>
                    <div className="text-xs text-slate-500">
                      {i.alertCount} alert{i.alertCount === 1 ? "" : "s"}
                      {i.acknowledgedBy ? ` · acknowledged by ${i.acknowledgedBy}` : ""}
                    </div>
                  </td>
                  <td className="px-4 py-2.5"><StatusBadge status={i.status} /></td>
                  <td className={`px-4 py-2.5 font-mono text-xs ${WORKFLOW_STYLES[i.workflowState ?? ""] ?? "text-slate-400"}`} data-testid="workflow-state">
                    {i.workflowState ?? "—"}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5 text-slate-400">{dateFmt.format(i.createdAt)}</td>
                  <td className="px-4 py-2.5 text-right">
                    {i.status === "OPEN" && canAcknowledge && (
                      <button
                        type="button"
                        className="btn btn-primary"
                        disabled={pending}
                        aria-label={`Acknowledge ${i.title}`}
                        onClick={() => acknowledge.mutate({ tenantId, incidentId: i.id })}
                      >
                        {pending ? "Acknowledging…" : "Acknowledge"}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
