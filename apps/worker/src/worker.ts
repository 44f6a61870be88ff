// The response worker: bundled workflow code + activities backed by PostgreSQL and SMTP.
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from "@temporalio/worker";
import type { Db } from "@vigil/db";
import { workflowsPath, type Mailer } from "@vigil/workflows";
import { createWorkerActivities } from "./activities";
import { createMaintenanceWorkerActivities } from "./maintenance";
import { createUebaWorkerActivities } from "./ueba";

export interface ResponseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  mailer: Mailer;
  /** DATABASE_ADMIN_URL connection for the maintenance (retention) activities. */
  maintenanceDb?: Db;
  /** Reuse a bundle (tests); otherwise the workflow code is bundled once here. */
  workflowBundle?: WorkflowBundleWithSourceMap;
}

export async function bundleResponseWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger("WARN") });
}

export async function createResponseWorker(options: ResponseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleResponseWorkflows()),
    activities: { ...createWorkerActivities(options.db, options.mailer), ...createMaintenanceWorkerActivities(options.maintenanceDb), ...createUebaWorkerActivities(options.db) },
  });
}

/** Connects to the Temporal frontend, retrying while it is still starting. */
export async function connectWithRetry(address: string, attempts = 30, delayMs = 2_000): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.warn(`temporal at ${address} not reachable (attempt ${attempt}/${attempts}), retrying`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
