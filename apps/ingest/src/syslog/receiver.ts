// Syslog receivers as registered components (id, description, config, build): each builds its
// own batcher, tenant cache and listener, and reports its counters.
import type { FormatId } from "@vigil/parsers";
import type { ServiceDeps } from "@vigil/services";
import type { IngestLimits } from "../limits";
import type { EventLog } from "../log/types";
import { SyslogBatcher } from "./batcher";
import { SyslogIntake } from "./intake";
import { listenStream, listenUdp } from "./listeners";
import type { Listening } from "./listeners";
import { newStats } from "./stats";
import type { SyslogLog, SyslogStats } from "./stats";
import { TenantCache } from "./tenant-cache";

export interface SyslogConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Ingest token for messages without a `[vigil@32473 token="..."]` element. */
  defaultToken?: string | undefined;
  maxMessageBytes: number;
  idleTimeoutMs: number;
  maxConnections: number;
  batchLines: number;
  batchDelayMs: number;
  maxBacklog: number;
  /** Record format of every message; detected per message when "auto". */
  format: FormatId | "auto";
  /** PEM key and certificate (syslog-tls only). */
  tls?: { key: string | Buffer; cert: string | Buffer } | undefined;
}

export const SYSLOG_DEFAULTS: Omit<SyslogConfig, "host" | "port"> = {
  maxMessageBytes: 64 * 1024,
  idleTimeoutMs: 120_000,
  maxConnections: 1000,
  batchLines: 500,
  batchDelayMs: 50,
  maxBacklog: 20_000,
  format: "auto",
};

export interface SyslogDeps {
  /** Token lookups. */
  services: ServiceDeps;
  /** Where batches go (durable before a TCP reader resumes). */
  eventLog: EventLog;
  /** Per-tenant quotas and global backpressure, shared with the HTTP receivers. */
  limits?: IngestLimits;
  log: SyslogLog;
}

/** How long close() keeps retrying batches the event log cannot take. */
const CLOSE_GRACE_MS = 10_000;

export interface RunningSyslogReceiver {
  id: SyslogReceiverId;
  port: number;
  stats: SyslogStats;
  /** Makes everything received so far durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export type SyslogReceiverId = "syslog-udp" | "syslog-tcp" | "syslog-tls";

export interface SyslogReceiverComponent {
  id: SyslogReceiverId;
  description: string;
  build(config: SyslogConfig, deps: SyslogDeps): Promise<RunningSyslogReceiver>;
}

type Listen = (config: SyslogConfig, intakeDeps: Parameters<typeof listenUdp>[3]) => Promise<Listening>;

function component(id: SyslogReceiverId, description: string, listen: Listen): SyslogReceiverComponent {
  return {
    id,
    description,
    async build(config, deps) {
      const stats = newStats();
      const batcher = new SyslogBatcher({ log: deps.eventLog, stats, logger: deps.log }, { maxLines: config.batchLines, maxDelayMs: config.batchDelayMs, format: config.format });
      const intakeDeps = { batcher, tenants: new TenantCache(deps.services), stats, log: deps.log, receiver: id, limits: deps.limits };
      const intake = new SyslogIntake(intakeDeps, { defaultToken: config.defaultToken, maxBytes: config.maxMessageBytes, maxBacklog: config.maxBacklog });
      const listening = await listen(config, { intake, stats, log: deps.log });
      return {
        id, port: listening.port, stats,
        flush: () => batcher.flushAll(),
        async close() {
          await listening.close();
          await batcher.close(CLOSE_GRACE_MS);
        },
      };
    },
  };
}

const stream = (c: SyslogConfig) => ({ maxBytes: c.maxMessageBytes, idleTimeoutMs: c.idleTimeoutMs, maxConnections: c.maxConnections });

export const syslogUdpReceiver = component("syslog-udp", "Syslog over UDP (RFC 5426): one message per datagram.", (c, d) => listenUdp(c.host, c.port, c.maxMessageBytes, d));
export const syslogTcpReceiver = component("syslog-tcp", "Syslog over TCP (RFC 6587): LF framing or octet counting, detected per connection.", (c, d) => listenStream(c.host, c.port, stream(c), d));
export const syslogTlsReceiver = component("syslog-tls", "Syslog over TLS (RFC 5425): octet counting (or LF) inside TLS.", (c, d) => {
  if (!c.tls) throw new Error("syslog-tls needs a key and certificate (VIGIL_SYSLOG_TLS_KEY / VIGIL_SYSLOG_TLS_CERT)");
  return listenStream(c.host, c.port, { ...stream(c), tls: c.tls }, d);
});

export const syslogReceivers: ReadonlyMap<SyslogReceiverId, SyslogReceiverComponent> = new Map(
  [syslogUdpReceiver, syslogTcpReceiver, syslogTlsReceiver].map((r) => [r.id, r]),
);
