"use client";
// The tenant's console: everything polls every 3 s so new detections appear without a reload.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { AlertsTable } from "./alerts-table";
import { EventsChart } from "./events-chart";
import { IncidentsTable } from "./incidents-table";
import { StatCards } from "./stat-cards";

const REFRESH_MS = 3_000;

export function Dashboard({ tenantId, tenantName, canAcknowledge }: { tenantId: string; tenantName: string; canAcknowledge: boolean }) {
  const trpc = useTRPC();
  const live = { refetchInterval: REFRESH_MS, refetchIntervalInBackground: false } as const;
  const summary = useQuery(trpc.dashboard.summary.queryOptions({ tenantId }, live));
  const histogram = useQuery(trpc.dashboard.eventHistogram.queryOptions({ tenantId, bucketMinutes: 60 }, live));
  const alerts = useQuery(trpc.alerts.latest.queryOptions({ tenantId, limit: 20 }, live));
  const incidents = useQuery(trpc.incidents.list.queryOptions({ tenantId, limit: 20 }, live));
  const failed = [summary, histogram, alerts, incidents].find((q) => q.error);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Security overview</h1>
          <p className="text-sm text-slate-400">{tenantName}</p>
        </div>
        <LiveIndicator updatedAt={summary.dataUpdatedAt} />
      </div>
      {failed?.error && (
        <p role="alert" className="rounded-md border border-red-900 bg-red-950/50 px-4 py-2 text-sm text-red-300">
          Could not load the dashboard: {failed.error.message}
        </p>
      )}
      <StatCards summary={summary.data} />
      <EventsChart buckets={histogram.data} />
      <IncidentsTable tenantId={tenantId} incidents={incidents.data} canAcknowledge={canAcknowledge} />
      <AlertsTable alerts={alerts.data} />
    </div>
  );
}

function LiveIndicator({ updatedAt }: { updatedAt: number }) {
  return (
    <div className="flex items-center gap-2 text-xs text-slate-400" aria-live="off">
      <span className="relative flex h-2 w-2">
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" />
        <span className="relative inline-flex h-2 w-2 rounded-full bg-emerald-400" />
      </span>
      Live · {updatedAt ? `updated ${new Date(updatedAt).toLocaleTimeString("en-GB")}` : "loading"}
    </div>
  );
}
