// StartResponse backed by Temporal. Connects lazily and reconnects after a failure, so ingest
// starts (and keeps ingesting) while Temporal is down; those incidents get "start_failed".
import type { TemporalClient } from "@vigil/workflows";
import { createTemporalClient, signalSeverityRaised, startIncidentResponse } from "@vigil/workflows";
import type { RaiseResponse, StartResponse } from "./pipeline";

export interface TemporalStarter {
  start: StartResponse;
  raise: RaiseResponse;
  close(): Promise<void>;
}

export interface TemporalStarterOptions {
  connect?: () => Promise<TemporalClient>;
  /** Defaults to TEMPORAL_TASK_QUEUE (the worker's queue). */
  taskQueue?: string;
}

export function temporalStarter(opts: TemporalStarterOptions = {}): TemporalStarter {
  const connect = opts.connect ?? (() => createTemporalClient());
  let client: Promise<TemporalClient> | undefined;
  const get = () => {
    client ??= connect().catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };
  return {
    async start(incident) {
      const input = { tenantId: incident.tenantId, incidentId: incident.id, title: incident.title, severity: incident.severity };
      const started = await startIncidentResponse(await get(), input, opts.taskQueue ? { taskQueue: opts.taskQueue } : {});
      return { workflowId: started.workflowId };
    },
    async raise(incident) {
      const input = { tenantId: incident.tenantId, incidentId: incident.id, title: incident.title, severity: incident.previousSeverity };
      await signalSeverityRaised(await get(), input, { severity: incident.severity, alertTitle: incident.alertTitle }, opts.taskQueue ? { taskQueue: opts.taskQueue } : {});
    },
    async close() {
      const c = await client?.catch(() => undefined);
      await c?.connection.close();
    },
  };
}
