// Temporal worker process: `npm start -w @vigil/worker`.
// Env: DATABASE_URL, TEMPORAL_ADDRESS/NAMESPACE/TASK_QUEUE, SMTP_HOST/PORT/FROM (see @vigil/env).
import { DefaultLogger, Runtime } from "@temporalio/worker";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createMaintenanceDb } from "@vigil/services/retention";
import { createSmtpMailer, createTemporalClient, temporalSettings } from "@vigil/workflows";
import { startMaintenance } from "./maintenance";
import { startUebaTraining } from "./ueba";
import { connectWithRetry, createResponseWorker } from "./worker";

/** Retention and partitions need the privileged connection (DATABASE_ADMIN_URL); without it they are skipped, loudly. */
function maintenanceConnection(): Db | undefined {
  try {
    return createMaintenanceDb();
  } catch (error) {
    console.warn(`worker: event-store maintenance disabled (${(error as Error).message})`);
    return undefined;
  }
}

async function main(): Promise<void> {
  // We own the shutdown signals so resources are released in order.
  Runtime.install({ logger: new DefaultLogger("WARN"), shutdownSignals: [] });
  const settings = temporalSettings();
  const db = createDb({ max: 5 });
  const mailer = createSmtpMailer();
  const maintenanceDb = maintenanceConnection();
  const connection = await connectWithRetry(settings.address);
  try {
    const worker = await createResponseWorker({ connection, namespace: settings.namespace, taskQueue: settings.taskQueue, db, mailer, ...(maintenanceDb ? { maintenanceDb } : {}) });
    const client = await createTemporalClient(settings);
    try {
      if (maintenanceDb) {
        const started = await startMaintenance({ client, taskQueue: settings.taskQueue, maintenanceDb });
        console.info(`worker: ${started.partitionsCreated} event partitions created ahead; maintenance schedule ${started.scheduleCreated ? "created" : "already present"}`);
      }
      const training = await startUebaTraining({ client, taskQueue: settings.taskQueue });
      console.info(`worker: UEBA training schedule ${training.scheduleCreated ? "created" : "already present"}`);
    } finally {
      await client.connection.close();
    }
    const stop = (signal: NodeJS.Signals) => {
      console.info(`worker: ${signal} received, draining`);
      if (worker.getState() === "RUNNING") worker.shutdown();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    const running = worker.run();
    console.info(`worker ready (task queue ${settings.taskQueue}, namespace ${settings.namespace}, temporal ${settings.address})`);
    await running;
    console.info("worker stopped");
  } finally {
    await connection.close();
    mailer.close();
    await db.close();
    await maintenanceDb?.close();
  }
}

main().catch((error: unknown) => {
  console.error("worker failed:", error);
  process.exit(1);
});
