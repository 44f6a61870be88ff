// The ingest process's configuration: the shared `ingest` slice of @vigil/env plus the syslog
// listeners (each enabled by setting its port). Reads a passed env so tests need no process.env.
import { readFileSync } from "node:fs";
import type { Env } from "@vigil/env";
import { EnvError, readEnv } from "@vigil/env";
import type { LimitsOptions } from "./limits";
import { DEFAULT_MAX_IN_FLIGHT_BYTES, DEFAULT_TENANT_QUOTA } from "./limits";
import type { InProcessOptions } from "./log/in-process";
import { IN_PROCESS_DEFAULTS } from "./log/in-process";
import type { JetStreamLogOptions } from "./log/jetstream";
import { JETSTREAM_DEFAULTS } from "./log/jetstream";
import type { FormatId } from "@vigil/parsers";
import { isFormatId } from "@vigil/parsers";
import type { SyslogConfig, SyslogReceiverId } from "./syslog/receiver";
import { SYSLOG_DEFAULTS } from "./syslog/receiver";

export interface IngestEnv {
  http: Env<"ingest">;
  /** Enabled syslog listeners and their config. */
  syslog: { id: SyslogReceiverId; config: SyslogConfig }[];
  /** The event log between receivers and PostgreSQL: JetStream when NATS_URL is set. */
  eventLog: { kind: "jetstream"; options: JetStreamLogOptions } | { kind: "in-process"; options: InProcessOptions };
  /** Per-tenant quota (every tenant) and the global bounds of the overload protection. */
  limits: Required<Pick<LimitsOptions, "quota" | "maxInFlightBytes">> & { maxPendingBatches: number; requestTimeoutMs: number; quotaRefreshMs: number };
  /** Detection outbox recovery: batches committed but not detected by a process that died. */
  detectionRecovery: { orphanAfterMs: number; sweepEveryMs: number };
}

type Source = Record<string, string | undefined>;

function integer(source: Source, name: string, fallback: number | undefined, min: number, max: number, slice = "syslog"): number | undefined {
  const raw = source[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new EnvError(slice, `${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function syslogListeners(source: Source): IngestEnv["syslog"] {
  const int = (name: string, fallback: number) => integer(source, name, fallback, 1, 2 ** 31 - 1) as number;
  const base = {
    ...SYSLOG_DEFAULTS,
    host: source.VIGIL_SYSLOG_HOST || "127.0.0.1",
    defaultToken: source.VIGIL_SYSLOG_DEFAULT_TOKEN || undefined,
    maxMessageBytes: int("VIGIL_SYSLOG_MAX_MESSAGE_BYTES", SYSLOG_DEFAULTS.maxMessageBytes),
    idleTimeoutMs: int("VIGIL_SYSLOG_IDLE_TIMEOUT_MS", SYSLOG_DEFAULTS.idleTimeoutMs),
    maxConnections: int("VIGIL_SYSLOG_MAX_CONNECTIONS", SYSLOG_DEFAULTS.maxConnections),
    batchLines: int("VIGIL_SYSLOG_BATCH_LINES", SYSLOG_DEFAULTS.batchLines),
    batchDelayMs: int("VIGIL_SYSLOG_BATCH_DELAY_MS", SYSLOG_DEFAULTS.batchDelayMs),
  };
  const listeners: IngestEnv["syslog"] = [];
  const ports: [SyslogReceiverId, string][] = [["syslog-udp", "VIGIL_SYSLOG_UDP_PORT"], ["syslog-tcp", "VIGIL_SYSLOG_TCP_PORT"], ["syslog-tls", "VIGIL_SYSLOG_TLS_PORT"]];
  for (const [id, name] of ports) {
    const port = integer(source, name, undefined, 0, 65535);
    if (port === undefined) continue;
    listeners.push({ id, config: { ...base, port, ...(id === "syslog-tls" ? { tls: tlsFiles(source) } : {}) } });
  }
  for (const listener of tenantPorts(source)) {
    const { id, port, token, format } = listener;
    if (port !== 0 && listeners.some((l) => l.config.port === port && (l.id === "syslog-udp") === (id === "syslog-udp"))) {
      throw new EnvError("syslog", `VIGIL_SYSLOG_TENANT_PORTS: ${id.slice(7)} port ${port} is already a listener's`);
    }
    listeners.push({ id, config: { ...base, port, defaultToken: token, format, ...(id === "syslog-tls" ? { tls: tlsFiles(source) } : {}) } });
  }
  return listeners;
}

const TENANT_PORT = /^(udp|tcp|tls):(\d{1,5})=(vgl_[A-Za-z0-9_-]+)(?::([a-z0-9-]+))?$/;

/**
 * VIGIL_SYSLOG_TENANT_PORTS: listeners of one tenant each, for senders that cannot carry a token
 * (appliances writing plain RFC 3164): "udp:5515=<token>,tcp:6601=<token>:cef". Each entry is a
 * transport, a port, the tenant's ingest token and optionally the format of every message (else
 * detected per message). A message that does carry a token still goes to that token's tenant.
 */
function tenantPorts(source: Source): { id: SyslogReceiverId; port: number; token: string; format: FormatId | "auto" }[] {
  const raw = source.VIGIL_SYSLOG_TENANT_PORTS;
  if (raw === undefined || raw.trim() === "") return [];
  return raw.split(",").map((entry, i) => {
    const trimmed = entry.trim();
    // Never echo a token in an error: the entry is shown with it masked.
    const shown = trimmed.replace(/vgl_[A-Za-z0-9_-]+/, "vgl_…");
    const m = TENANT_PORT.exec(trimmed);
    if (!m) throw new EnvError("syslog", `VIGIL_SYSLOG_TENANT_PORTS entry ${i + 1} ("${shown}"): expected <udp|tcp|tls>:<port>=<ingest token>[:<format>]`);
    const [, transport, portText, token, format] = m as unknown as [string, "udp" | "tcp" | "tls", string, string, string | undefined];
    const port = Number(portText);
    if (port > 65535) throw new EnvError("syslog", `VIGIL_SYSLOG_TENANT_PORTS entry ${i + 1} ("${shown}"): port ${port} is not from 0 to 65535`);
    if (format !== undefined && !isFormatId(format)) throw new EnvError("syslog", `VIGIL_SYSLOG_TENANT_PORTS entry ${i + 1} ("${shown}"): unknown format "${format}"`);
    return { id: `syslog-${transport}` as SyslogReceiverId, port, token, format: format ?? "auto" };
  });
}

function tlsFiles(source: Source): { key: Buffer; cert: Buffer } {
  const key = source.VIGIL_SYSLOG_TLS_KEY;
  const cert = source.VIGIL_SYSLOG_TLS_CERT;
  if (!key || !cert) throw new EnvError("syslog", "VIGIL_SYSLOG_TLS_PORT needs VIGIL_SYSLOG_TLS_KEY and VIGIL_SYSLOG_TLS_CERT (PEM file paths)");
  try {
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } catch (error) {
    throw new EnvError("syslog", `cannot read the TLS key or certificate: ${(error as Error).message}`);
  }
}

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SUBJECT_PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

function text(source: Source, name: string, fallback: string, pattern: RegExp): string {
  const raw = source[name];
  if (raw === undefined || raw === "") return fallback;
  if (!pattern.test(raw)) throw new EnvError("event log", `${name}: "${raw}" is not a valid name (${pattern.source})`);
  return raw;
}

function eventLog(source: Source): IngestEnv["eventLog"] {
  const int = (name: string, fallback: number, min = 1, max = 2 ** 31 - 1) => integer(source, name, fallback, min, max, "event log") as number;
  const { NATS_URL } = readEnv("nats", source);
  if (!NATS_URL) {
    return { kind: "in-process", options: { ...IN_PROCESS_DEFAULTS, storeTimeoutMs: int("VIGIL_STORE_TIMEOUT_MS", IN_PROCESS_DEFAULTS.storeTimeoutMs) } };
  }
  const d = JETSTREAM_DEFAULTS;
  return {
    kind: "jetstream",
    options: {
      ...d,
      servers: NATS_URL,
      stream: text(source, "VIGIL_EVENTS_STREAM", d.stream, STREAM_NAME),
      subjectPrefix: text(source, "VIGIL_EVENTS_SUBJECT_PREFIX", d.subjectPrefix, SUBJECT_PREFIX),
      durable: text(source, "VIGIL_EVENTS_CONSUMER", d.durable, STREAM_NAME),
      ackWaitMs: int("VIGIL_EVENTS_ACK_WAIT_MS", d.ackWaitMs, 1000),
      maxAckPending: int("VIGIL_EVENTS_MAX_ACK_PENDING", d.maxAckPending),
      maxBytes: int("VIGIL_EVENTS_MAX_BYTES", d.maxBytes, -1, Number.MAX_SAFE_INTEGER),
      maxEventsPerCommit: int("VIGIL_EVENTS_PER_COMMIT", d.maxEventsPerCommit),
    },
  };
}

function limits(source: Source): IngestEnv["limits"] {
  const int = (name: string, fallback: number) => integer(source, name, fallback, 1, Number.MAX_SAFE_INTEGER, "limits") as number;
  return {
    quota: {
      eventsPerSecond: int("VIGIL_TENANT_EVENTS_PER_SEC", DEFAULT_TENANT_QUOTA.eventsPerSecond),
      bytesPerSecond: int("VIGIL_TENANT_BYTES_PER_SEC", DEFAULT_TENANT_QUOTA.bytesPerSecond),
      burstSeconds: int("VIGIL_TENANT_BURST_SECONDS", DEFAULT_TENANT_QUOTA.burstSeconds),
    },
    maxInFlightBytes: int("VIGIL_INGEST_MAX_INFLIGHT_BYTES", DEFAULT_MAX_IN_FLIGHT_BYTES),
    maxPendingBatches: int("VIGIL_INGEST_MAX_PENDING_BATCHES", 32),
    requestTimeoutMs: int("VIGIL_INGEST_REQUEST_TIMEOUT_MS", 60_000),
    /** How often the tenants' quota overrides are re-read. */
    quotaRefreshMs: int("VIGIL_INGEST_QUOTA_REFRESH_MS", 10_000),
  };
}

function detectionRecovery(source: Source): IngestEnv["detectionRecovery"] {
  const int = (name: string, fallback: number) => integer(source, name, fallback, 1_000, 86_400_000, "detection") as number;
  return { orphanAfterMs: int("VIGIL_DETECTION_ORPHAN_MS", 60_000), sweepEveryMs: int("VIGIL_DETECTION_SWEEP_MS", 30_000) };
}

export function readIngestEnv(source: Source = process.env): IngestEnv {
  return {
    http: readEnv("ingest", source), syslog: syslogListeners(source), eventLog: eventLog(source), limits: limits(source),
    detectionRecovery: detectionRecovery(source),
  };
}
