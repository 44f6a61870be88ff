// Counters of a syslog receiver: what came in, what was stored, and why anything was dropped.
export interface SyslogStats {
  received: number;
  stored: number;
  duplicates: number;
  deadLettered: number;
  dropped: { noToken: number; invalidToken: number; overload: number; storeFailed: number };
  connections: number;
}

export interface SyslogLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function newStats(): SyslogStats {
  return { received: 0, stored: 0, duplicates: 0, deadLettered: 0, dropped: { noToken: 0, invalidToken: 0, overload: 0, storeFailed: 0 }, connections: 0 };
}
