// One syslog message, from any transport, to its tenant's batch. The tenant comes from the
// message's `[vigil@32473 token="..."]` element, else from the listener's default token; a
// message with neither (or a bad token) is never attributed to anyone: it is counted, logged
// (throttled) and dropped, since there is no tenant whose dead letters could hold it.
import type { IngestLimits } from "../limits";
import type { SyslogBatcher } from "./batcher";
import type { Frame } from "./framing";
import type { SyslogLog, SyslogStats } from "./stats";
import type { TenantCache } from "./tenant-cache";
import { extractToken } from "./token";

export interface IntakeOptions {
  /** Token whose tenant receives messages that carry none (plain rsyslog/logger). */
  defaultToken?: string | undefined;
  maxBytes: number;
  /** Messages buffered across tenants before new ones are dropped (UDP) or reading pauses (TCP). */
  maxBacklog: number;
}

const decoder = new TextDecoder("utf-8", { fatal: false });
const LOG_EVERY_MS = 10_000;

function text(bytes: Buffer): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 10 || bytes[end - 1] === 13 || bytes[end - 1] === 0)) end--;
  return decoder.decode(end === bytes.length ? bytes : bytes.subarray(0, end));
}

export class SyslogIntake {
  private lastDropLog = 0;

  constructor(
    private readonly deps: { batcher: SyslogBatcher; tenants: TenantCache; stats: SyslogStats; log: SyslogLog; receiver: string; limits?: IngestLimits | undefined },
    private readonly options: IntakeOptions,
  ) {}

  get overloaded(): boolean {
    return this.deps.batcher.backlog >= this.options.maxBacklog;
  }

  /**
   * Resolves once the message is queued; when its batch was full, once that batch is durable.
   * `mayWait` (TCP/TLS): a tenant over its quota or a busy store holds the caller (its socket stays
   * paused, TCP backpressure); UDP cannot push back, so the datagram is dropped and counted.
   */
  async accept(frame: Frame, peer: string, mayWait = true): Promise<void> {
    const { stats, batcher } = this.deps;
    stats.received++;
    const raw = text(frame.bytes);
    if (raw.trim() === "" && !frame.oversized) return;
    const { token, message } = extractToken(raw);
    const chosen = token ?? this.options.defaultToken;
    if (chosen === undefined) return this.drop("noToken", peer, "syslog message without a vigil@32473 token and no default token: dropped");
    const tenantId = await this.deps.tenants.resolve(chosen);
    if (tenantId === null) return this.drop("invalidToken", peer, "syslog message with an unknown or revoked token: dropped");
    const { limits } = this.deps;
    if (limits) {
      if (mayWait) await limits.waitForCapacity(tenantId, frame.bytes.length);
      else if (!limits.tryCharge(tenantId, frame.bytes.length)) return this.drop("overload", peer, "syslog datagram over the tenant's quota or while the store is busy: dropped");
    }
    if (frame.oversized !== undefined) {
      await batcher.deadLetter(tenantId, `message of ${frame.oversized} bytes exceeds the ${this.options.maxBytes}-byte limit (VIGIL_SYSLOG_MAX_MESSAGE_BYTES); first ${this.options.maxBytes} bytes kept`, message);
      return;
    }
    if (frame.framingError) await batcher.deadLetter(tenantId, frame.framingError, message);
    else await batcher.add(tenantId, message);
  }

  dropOverload(peer: string): void {
    this.deps.stats.received++;
    this.drop("overload", peer, "syslog backlog full: datagram dropped");
  }

  private drop(reason: keyof SyslogStats["dropped"], peer: string, msg: string): void {
    const { stats, log, receiver } = this.deps;
    stats.dropped[reason]++;
    const now = Date.now();
    if (now - this.lastDropLog < LOG_EVERY_MS) return;
    this.lastDropLog = now;
    log.warn({ receiver, peer, reason, dropped: { ...stats.dropped } }, msg);
  }
}
