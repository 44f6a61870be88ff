// Temporal worker process: `npm start -w @vigil/worker`.
// Env: DATABASE_URL, TEMPORAL_ADDRESS/NAMESPACE/TASK_QUEUE, SMTP_HOST/PORT/FROM (see @vigil/env).
import { DefaultLogger, Runtime } from "@temporalio/worker";
import { createDb } from "@vigil/db";
import { createSmtpMailer, temporalSettings } from "@vigil/workflows";
import { connectWithRetry, createResponseWorker } from "./worker";

async function main(): Promise<void> {
  // We own the shutdown signals so resources are released in order.
  Runtime.install({ logger: new DefaultLogger("WARN"), shutdownSignals: [] });
  const settings = temporalSettings();
  const db = createDb({ max: 5 });
  const mailer = createSmtpMailer();
  const connection = await connectWithRetry(settings.address);
  try {
    const worker = await createResponseWorker({ connection, namespace: settings.namespace, taskQueue: settings.taskQueue, db, mailer });
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
  }
}

main().catch((error: unknown) => {
  console.error("worker failed:", error);
  process.exit(1);
});
