// The ingest process's configuration: the shared `ingest` slice of @vigil/env plus the syslog
// listeners (each enabled by setting its port). Reads a passed env so tests need no process.env.
import { readFileSync } from "node:fs";
import type { Env } from "@vigil/env";
import { EnvError, readEnv } from "@vigil/env";
import type { SyslogConfig, SyslogReceiverId } from "./syslog/receiver";
import { SYSLOG_DEFAULTS } from "./syslog/receiver";

export interface IngestEnv {
  http: Env<"ingest">;
  /** Enabled syslog listeners and their config. */
  syslog: { id: SyslogReceiverId; config: SyslogConfig }[];
}

type Source = Record<string, string | undefined>;

function integer(source: Source, name: string, fallback: number | undefined, min: number, max: number): number | undefined {
  const raw = source[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new EnvError("syslog", `${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
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
  return listeners;
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

export function readIngestEnv(source: Source = process.env): IngestEnv {
  return { http: readEnv("ingest", source), syslog: syslogListeners(source) };
}
