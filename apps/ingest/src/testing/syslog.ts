// Integration-test support for syslog receivers: build one against the harness, run `logger`,
// send raw bytes over TCP/TLS, wait for rows.
import { execFile } from "node:child_process";
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { EventLog } from "../log/types";
import type { RunningSyslogReceiver, SyslogConfig, SyslogReceiverComponent } from "../syslog/receiver";
import { SYSLOG_DEFAULTS } from "../syslog/receiver";
import type { Harness } from "./harness";

export const run = promisify(execFile);

export interface Captured {
  warnings: { obj: object; msg: string | undefined }[];
}

export function startSyslog(h: Harness, component: SyslogReceiverComponent, config: Partial<SyslogConfig> = {}, eventLog: EventLog = h.eventLog): Promise<RunningSyslogReceiver & Captured> {
  const warnings: Captured["warnings"] = [];
  const log = { info: () => undefined, warn: (obj: object, msg?: string) => warnings.push({ obj, msg }), error: (obj: object, msg?: string) => warnings.push({ obj, msg }) };
  return component.build({ ...SYSLOG_DEFAULTS, host: "127.0.0.1", port: 0, ...config }, { services: { db: h.db }, eventLog, log }).then((r) => Object.assign(r, { warnings }));
}

/** Writes the bytes on one connection, then half-closes it and waits for the server to close. */
export function sendTcp(port: number, chunks: (string | Buffer)[], tls?: { ca: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls ? tlsConnect({ host: "127.0.0.1", port, ca: tls.ca, servername: "localhost" }) : connect({ host: "127.0.0.1", port });
    socket.once(tls ? "secureConnect" : "connect", () => {
      for (const c of chunks) socket.write(c);
      socket.end();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve());
    socket.resume();
  });
}

/** Rows of any tenant whose raw text contains `marker` (superuser view, to prove non-attribution). */
export async function rowsWith(h: Harness, marker: string): Promise<{ tenant_id: string; raw: string; receiver: string; doc: Record<string, unknown> }[]> {
  const { rows } = await h.admin.pool.query("select tenant_id, raw, receiver, doc from events where raw like $1", [`%${marker}%`]);
  return rows;
}

export async function deadLettersWith(h: Harness, marker: string): Promise<{ tenant_id: string; raw: string; reason: string }[]> {
  const { rows } = await h.admin.pool.query("select tenant_id, raw, reason from dead_letters where raw like $1", [`%${marker}%`]);
  return rows;
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await sleep(50);
  }
}
