// Integration-test support: a throwaway migrated database, the real server and pipeline.
import { randomUUID } from "node:crypto";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { compiledEngine, loadBuiltinRules, vigilPipeline } from "@vigil/detection";
import { signUp } from "@vigil/services/accounts";
import type { FastifyInstance } from "fastify";
import { InProcessLog } from "../log/in-process";
import type { EventLog } from "../log/types";
import { storeWriter } from "../log/writer";
import type { PipelineLogger, RaiseResponse, StartResponse } from "../pipeline";
import { DetectionPipeline } from "../pipeline";
import { buildIngestServer } from "../server";

export interface Harness {
  app: FastifyInstance;
  pipeline: DetectionPipeline;
  /** In-process event log (writes through to PostgreSQL, then the pipeline). */
  eventLog: EventLog;
  /** vigil_app connection (RLS applies). */
  db: Db;
  /** Superuser connection, for assertions across tenants. */
  admin: Db;
  logged: { msg: string | undefined; obj: object }[];
  createTenant(): Promise<{ tenantId: string; token: string }>;
  /** Replaces app and pipeline with fresh ones (as after a process restart), same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  urls: { adminUrl: string; appUrl: string },
  opts: { maxBodyBytes?: number; maxItemsPerRequest?: number; startResponse?: StartResponse; raiseResponse?: RaiseResponse } = {},
): Promise<Harness> {
  const tdb: TestDatabase = await createTestDatabase(urls);
  const db = createDb({ url: tdb.appUrl, max: 4 });
  const admin = createDb({ url: tdb.adminUrl, max: 2 });
  const logged: Harness["logged"] = [];
  const log: PipelineLogger = { info: (obj, msg) => logged.push({ obj, msg }), error: (obj, msg) => logged.push({ obj, msg }) };
  const services = { db };
  const newPipeline = () => new DetectionPipeline({
    // The built-in rules as production runs them (rules-registry.ts): compiled, vigil pipeline.
    services, engine: compiledEngine(loadBuiltinRules(), { pipeline: vigilPipeline }).engine, log, ...(opts.startResponse ? { startResponse: opts.startResponse } : {}),
    ...(opts.raiseResponse ? { raiseResponse: opts.raiseResponse } : {}),
  });
  const newLog = (sink: DetectionPipeline) => {
    const log = new InProcessLog();
    void log.start(storeWriter(services, sink));
    return log;
  };
  const newApp = (sink: DetectionPipeline, eventLog: EventLog) => buildIngestServer({
    services, sink, eventLog, maxBodyBytes: opts.maxBodyBytes ?? 64 * 1024, ...(opts.maxItemsPerRequest ? { maxItemsPerRequest: opts.maxItemsPerRequest } : {}),
  });
  const pipeline = newPipeline();
  const eventLog = newLog(pipeline);
  const harness: Harness = {
    app: newApp(pipeline, eventLog), pipeline, eventLog, db, admin, logged,
    async restart() {
      await harness.app.close();
      await harness.eventLog.close();
      await harness.pipeline.drain();
      harness.pipeline = newPipeline();
      harness.eventLog = newLog(harness.pipeline);
      harness.app = newApp(harness.pipeline, harness.eventLog);
      await harness.app.ready();
    },
    async createTenant() {
      const id = randomUUID().slice(0, 8);
      const account = await signUp(services, { email: `soc-${id}@example.test`, password: `password-${id}`, name: "SOC", organizationName: `Org ${id}` });
      return { tenantId: account.tenant.id, token: account.ingestToken.plaintext };
    },
    async close() {
      await harness.app.close();
      await harness.eventLog.close();
      await harness.pipeline.drain();
      await db.close();
      await admin.close();
      await tdb.drop();
    },
  };
  await harness.app.ready();
  return harness;
}
