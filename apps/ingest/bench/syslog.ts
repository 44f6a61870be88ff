// Syslog TCP benchmark (`node --import tsx apps/ingest/bench/syslog.ts`): the real syslog TCP
// receiver in-process (octet-counted framing, per-message token, per-line format detection and
// parsing, per-tenant micro-batches) fed by a few TCP connections as fast as TCP backpressure
// lets them, for a fixed duration. Two runs in this process: "store off" (an event log that
// accepts every batch at once: framing + parsing + batching only) is the baseline for "store on"
// (the in-process event log committing to PostgreSQL with COPY under RLS, detection off).
// `--log jetstream` runs "store on" with the production event log (a throwaway nats-server -js):
// a batch is durable once JetStream has it, and the store writer commits it to PostgreSQL behind;
// the run prints both rates (durable in the log while sending, and committed once the backlog is stored).
// `--processing thread` (with `--log jetstream`): the store writer is the production processing
// (processing.ts in its thread at its lowered priority, with every tenant's rules and UEBA), as
// `npm start` runs it, instead of a bare store writer on the receivers' thread. `--processing db-nice`:
// the same, "store on" twice: the thread's PostgreSQL backends at nice 0 (baseline), then at its nice value.
// Needs DATABASE_ADMIN_URL and DATABASE_URL. Usage:
//   node --import tsx apps/ingest/bench/syslog.ts [--seconds 15 --connections 4 --mode both|off|on --log in-process|jetstream --processing bench|thread|db-nice]
import { createDb } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import { readEnv } from "@vigil/env";
import type { VigilEvent } from "@vigil/schema";
import { signUp } from "@vigil/services/accounts";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { cpus } from "node:os";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { InProcessLog, JETSTREAM_DEFAULTS, JetStreamLog, storeWriter } from "../src/log";
import type { EventLog } from "../src/log";
import { startNatsServer, type NatsServer } from "../src/testing/processes";
import { SYSLOG_DEFAULTS, syslogTcpReceiver } from "../src/syslog/receiver";
import { CountingLog } from "./lib/counting-log";
import { startProduction } from "./lib/production";
import { IntakeGauge } from "../src/log/intake";
import { arg, fmt, rng, textArg } from "./lib/hec-events";

const SECONDS = arg("seconds", 15);
const CONNECTIONS = arg("connections", 4);
const MODE = textArg("mode", ["both", "off", "on"], "both");
const LOG = textArg("log", ["in-process", "jetstream"], "in-process");
const PROCESSING = textArg("processing", ["bench", "thread", "db-nice"], "bench");
if (PROCESSING !== "bench" && LOG !== "jetstream") throw new Error(`--processing ${PROCESSING} needs --log jetstream`);
/** The production processing in its thread (`db-nice`: twice, its PostgreSQL backends at nice 0 first). */
const THREAD = PROCESSING !== "bench";
/** Frames per socket write: senders batch like rsyslog's TCP output does. */
const FRAMES_PER_WRITE = 200;

function frames(token: string, next: () => number, seq: { n: number }): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < FRAMES_PER_WRITE; i++) {
    const n = seq.n++;
    const user = `user${Math.floor(next() * 100_000)}`;
    const ip = `10.${n & 255}.${(n >> 8) & 255}.${(n % 250) + 1}`;
    const msg = next() < 0.3
      ? `<38>1 ${new Date().toISOString()} vpn-gw-1 sshd ${n % 30000} - [vigil@32473 token="${token}"] Failed password for ${user} from ${ip} port ${1024 + (n % 60000)} ssh2`
      : `<38>1 ${new Date().toISOString()} vpn-gw-1 sshd ${n % 30000} - [vigil@32473 token="${token}"] Accepted publickey for ${user} from ${ip} port ${1024 + (n % 60000)} ssh2: RSA SHA256:${n}`;
    parts.push(`${Buffer.byteLength(msg)} ${msg}`);
  }
  return Buffer.from(parts.join(""));
}

async function sender(port: number, token: string, id: number, deadline: number): Promise<number> {
  const socket: Socket = connect({ host: "127.0.0.1", port });
  await once(socket, "connect");
  const next = rng(id * 104729 + 7);
  const seq = { n: id * 1_000_000_000 };
  let sent = 0;
  while (performance.now() < deadline) {
    if (!socket.write(frames(token, next, seq))) await once(socket, "drain");
    sent += FRAMES_PER_WRITE;
  }
  socket.end();
  await once(socket, "close");
  return sent;
}

async function run(mode: "store off" | "store on", niceDb = true) {
  const tdb = await createTestDatabase(testDatabaseUrls(readEnv("database")));
  const db = createDb({ url: tdb.appUrl, max: 8 });
  const services = { db };
  const noop = { enqueue: (_tenantId: string, _events: readonly VigilEvent[]) => undefined };
  const counting = new CountingLog();
  const log = { info: () => undefined, warn: (obj: object, msg?: string) => console.error(msg, obj), error: (obj: object, msg?: string) => console.error(msg, obj) };
  let nats: NatsServer | undefined;
  let stored: EventLog;
  // The receivers' appends in flight, shared with the processing thread (log/intake.ts), as main.ts does.
  const intake = new IntakeGauge();
  if (mode === "store on" && LOG === "jetstream") {
    nats = await startNatsServer();
    stored = await JetStreamLog.connect({ ...JETSTREAM_DEFAULTS, servers: nats.url, ...(THREAD ? { intake } : {}) }, log);
  } else stored = new InProcessLog();
  const processing = mode === "store on" && THREAD ? await startProduction("thread", tdb.appUrl, nats?.url ?? "", db, stored, intake, { niceDb }) : undefined;
  if (!processing) await stored.start(storeWriter(services, noop));
  const eventLog: EventLog = mode === "store on" ? stored : counting;
  const receiver = await syslogTcpReceiver.build({ ...SYSLOG_DEFAULTS, host: "127.0.0.1", port: 0 }, { services, eventLog, log });
  try {
    const account = await signUp(services, { email: "bench@example.test", password: "password-bench", name: "Bench", organizationName: "Bench" });
    const token = account.ingestToken.plaintext;
    const start = performance.now();
    const sentPer = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => sender(receiver.port, token, i + 1, start + SECONDS * 1000)));
    const sentDone = performance.now();
    const sent = sentPer.reduce((a, b) => a + b, 0);
    // The server may still be reading what the senders wrote before closing: every line first.
    for (const until = performance.now() + 10_000; receiver.stats.received < sent && performance.now() < until; ) await sleep(5);
    await receiver.flush();
    const flushed = performance.now();
    // JetStream: flushed is durable in the log, not committed yet; wait for the writer's backlog.
    while ((await stored.stats()).pending > 0) await sleep(20);
    const done = performance.now();
    const storedRows = mode === "store on"
      ? await db.withTenant(account.tenant.id, async (tx) => Number((await tx.$queryRawUnsafe<{ n: bigint }[]>("select count(*) as n from events"))[0]?.n ?? 0))
      : counting.events;
    const durablePerSecond = nats ? receiver.stats.queued / ((flushed - start) / 1000) : undefined;
    return { mode, sent, stored: storedRows, stats: receiver.stats, perSecond: storedRows / ((done - start) / 1000), durablePerSecond, flushMs: flushed - sentDone, drainMs: done - flushed };
  } finally {
    await receiver.close();
    await stored.close();
    await processing?.close();
    await db.close();
    await tdb.drop();
    await nats?.stop();
  }
}

const cpu = cpus();
console.log(`machine: ${cpu[0]?.model ?? "unknown"}, ${cpu.length} cores, node ${process.version}; ${CONNECTIONS} TCP connections, RFC 5424 octet-counted frames (sshd lines, token in SD), ${SECONDS} s per mode, event log ${LOG}${THREAD ? ", production processing in its thread (rules and UEBA on)" : ""}`);
const modes = MODE === "both" ? (["store off", "store on"] as const) : MODE === "on" ? (["store on"] as const) : (["store off"] as const);
// `--processing db-nice`: "store on" first with the thread's PostgreSQL backends at nice 0 (the baseline), then as configured.
const runs = modes.flatMap((mode) => (mode === "store on" && PROCESSING === "db-nice" ? [{ mode, niceDb: false }, { mode, niceDb: true }] : [{ mode, niceDb: true }]));
const results = [];
for (const { mode, niceDb } of runs) {
  const r = await run(mode, niceDb);
  results.push(r);
  if (PROCESSING === "db-nice" && mode === "store on") console.log(`PostgreSQL backends of the processing thread ${niceDb ? "at its nice value" : "at nice 0"}:`);
  const d = r.stats.dropped;
  console.log(
    `${r.mode.padEnd(9)} ${fmt(r.perSecond).padStart(8)} events/s ${r.mode === "store on" ? "committed" : "parsed and batched"} | ${fmt(r.sent)} sent, ${fmt(r.stored)} ${r.mode === "store on" ? "stored" : "accepted"}, ` +
    `${fmt(r.stats.deadLettered)} dead letters, dropped ${d.noToken + d.invalidToken + d.overload + d.rejected + d.shutdown} | final flush ${fmt(r.flushMs)} ms`,
  );
  if (r.durablePerSecond !== undefined) {
    console.log(`          ${fmt(r.durablePerSecond).padStart(8)} events/s durable in JetStream while sending (the rate senders saw); the writer stored the backlog ${fmt(r.drainMs)} ms after the last flush`);
  }
}
const off = results.find((r) => r.mode === "store off");
const on = results.findLast((r) => r.mode === "store on");
if (off && on) console.log(`store on vs off: ${((on.perSecond / off.perSecond) * 100).toFixed(0)}% of the baseline rate`);
if (on) console.log(`target >= 50,000 events/s over syslog TCP, committed to PostgreSQL: ${on.perSecond >= 50_000 ? "met" : "NOT met"} (${fmt(on.perSecond)})`);
if (on?.durablePerSecond !== undefined) console.log(`target >= 50,000 events/s over syslog TCP, durable in JetStream while sending (nothing accepted is lost; stored behind): ${on.durablePerSecond >= 50_000 ? "met" : "NOT met"} (${fmt(on.durablePerSecond)})`);
