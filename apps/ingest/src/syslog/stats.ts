// Counters of a syslog receiver: what came in, what was stored (in-process log) or queued
// (JetStream, stored later by the writer), and why anything was dropped. A store outage drops
// nothing: batches are held and retried while readers pause (UDP sheds new datagrams: overload).
export interface SyslogStats {
  received: number;
  stored: number;
  duplicates: number;
  deadLettered: number;
  /** Lines (raw or parsed) and dead letters durable in JetStream (not stored yet). */
  queued: number;
  /**
   * noToken/invalidToken: nobody to attribute it to; overload: UDP backlog full; rejected: the
   * store refused even the dead letters; shutdown: still not durable when the process stopped.
   */
  dropped: { noToken: number; invalidToken: number; overload: number; rejected: number; shutdown: number };
  connections: number;
}

export interface SyslogLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function newStats(): SyslogStats {
  return { received: 0, stored: 0, duplicates: 0, deadLettered: 0, queued: 0, dropped: { noToken: 0, invalidToken: 0, overload: 0, rejected: 0, shutdown: 0 }, connections: 0 };
}
