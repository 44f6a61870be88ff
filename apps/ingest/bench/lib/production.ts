// The production processing of JetStream mode (processing.ts: store writer, every tenant's rule set
// from the registry, behaviour analytics), as apps/ingest/src/main.ts runs it: on the calling thread
// ("inline") or in the processing thread ("thread", processing-thread.mjs, at the priority
// VIGIL_INGEST_PROCESSING_NICE gives it, its PostgreSQL backends too unless
// VIGIL_INGEST_PROCESSING_NICE_DB=false). For the benchmarks, on their throwaway database and NATS.
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { Db } from "@vigil/db";
import { readEnv } from "@vigil/env";
import { readIngestEnv } from "../../src/env";
import type { EventLog } from "../../src/log";
import type { Processing } from "../../src/processing";
import { startProcessing } from "../../src/processing";
import type { IntakeGauge } from "../../src/log/intake";

export type ProcessingPlace = "inline" | "thread";

/** `niceDb: false`: the thread's PostgreSQL backends stay at normal priority (default: as VIGIL_INGEST_PROCESSING_NICE_DB says). */
export async function startProduction(place: ProcessingPlace, appUrl: string, natsUrl: string, db: Db, eventLog: EventLog, intake?: IntakeGauge, options: { niceDb?: boolean } = {}): Promise<Processing> {
  const ingest = readEnv("ingest");
  const niceDb = options.niceDb === false ? "false" : ingest.VIGIL_INGEST_PROCESSING_NICE_DB;
  const env = {
    DATABASE_URL: appUrl, NATS_URL: natsUrl, VIGIL_START_WORKFLOWS: "false", VIGIL_LOG_LEVEL: "warn",
    VIGIL_INGEST_PROCESSING_NICE: String(ingest.VIGIL_INGEST_PROCESSING_NICE), VIGIL_INGEST_PROCESSING_NICE_DB: niceDb,
  };
  const quiet = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => console.error(msg, obj), child: () => quiet };
  if (place === "inline") return startProcessing(readIngestEnv(env), { db, eventLog, log: quiet as never });
  const worker = new Worker(new URL("../../src/processing-thread.mjs", import.meta.url), { env, workerData: { intake: intake?.buffer } });
  const [first] = (await once(worker, "message")) as [unknown];
  if (first !== "ready") throw new Error(`processing thread: ${JSON.stringify(first)}`);
  return {
    async close() {
      worker.postMessage("close");
      await once(worker, "message");
      await worker.terminate();
    },
  };
}
