// The ingest HTTP server as its own process for bench/overload.ts, so its peak RSS is the
// server's alone: in-process event log (COPY to PostgreSQL), detection off, default quotas, the
// in-flight bound and event-log pressure wired as main.ts should wire them. Reports memory over IPC.
//   node --import tsx bench/lib/overload-server.ts <database url> <max body bytes> <max pending batches>
import { createDb } from "@vigil/db";
import type { VigilEvent } from "@vigil/schema";
import { IngestLimits, withPendingPressure } from "../../src/limits";
import { InProcessLog, storeWriter } from "../../src/log";
import { buildIngestServer } from "../../src/server";

const [url, maxBody, maxPending] = process.argv.slice(2);
if (!url || !maxBody || !maxPending || !process.send) throw new Error("usage: fork with <database url> <max body bytes> <max pending batches>");
const db = createDb({ url, max: 8 });
const services = { db };
const sink = { enqueue: (_tenantId: string, _events: readonly VigilEvent[]) => undefined };
const inner = new InProcessLog();
await inner.start(storeWriter(services, sink));
const { log: eventLog, pressure } = withPendingPressure(inner, Number(maxPending));
const limits = new IngestLimits({ pressure });
const app = buildIngestServer({ services, sink, eventLog, limits, maxBodyBytes: Number(maxBody) });
const address = await app.listen({ host: "127.0.0.1", port: 0 });

let peak = process.memoryUsage().rss;
let phasePeak = peak;
setInterval(() => {
  const rss = process.memoryUsage().rss;
  if (rss > peak) peak = rss;
  if (rss > phasePeak) phasePeak = rss;
}, 50).unref();

process.on("message", (msg: { type: string }) => {
  if (msg.type === "report") {
    process.send?.({ type: "report", peakRss: peak, phasePeakRss: phasePeak, maxRssKiB: process.resourceUsage().maxRSS, limits: limits.stats() });
    phasePeak = process.memoryUsage().rss;
  } else if (msg.type === "stop") {
    void app.close().then(() => inner.close()).then(() => db.close()).then(() => process.exit(0));
  }
});
process.send({ type: "ready", address });
