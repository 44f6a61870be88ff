import type { VigilEvent } from "@vigil/schema";

/**
 * What one event contributes to its entity's window. Field choices (documented in README):
 * - sign-in: event.category "authentication", or an action naming a logon/login/sign-in;
 *   a failure when event.outcome is "failure".
 * - bytes downloaded: http.response.bytes, else original.bytes_downloaded | bytes_out |
 *   bytes | file_size | size (first numeric one).
 * - records downloaded: original.records | record_count | rows.
 * - sensitive file: file.path (else original.path | file_path, as generic JSON senders name it)
 *   matching SENSITIVE_PATH (HR, payroll, finance, customer exports, secrets, key stores, /etc/shadow).
 * - privileged command: process name or command line sudo/su/runas/doas, or an action naming
 *   a privilege use (Windows 4672 special logon, 4673/4674 privileged service/object use).
 * - admin change: an action naming account/group/role/policy changes (Windows 4720, 4728,
 *   4732, 4756, ...).
 */
export interface EventContribution {
  signIn: boolean;
  failure: boolean;
  bytes: number;
  records: number;
  sensitive: boolean;
  privileged: boolean;
  adminChange: boolean;
}

const SIGN_IN_ACTION = /log-?on|log-?in|sign-?in|authenticat|^4624$|^4625$|^4648$|accepted|failed-password/i;
const SENSITIVE_PATH = /(^|[\\/_.-])(hr|payroll|salar(y|ies)|finance|customers?|crm|export|secrets?|confidential|passwords?)([\\/_.-]|$)|\.(kdbx|pem|key|pfx|p12)$|\/etc\/shadow/i;
const PRIV_CMD = /^(sudo|su|runas|doas|pkexec)(\.exe)?$|^\s*(sudo|doas|runas)\s/i;
const PRIV_ACTION = /privilege|sudo|special-logon|^467[234]$|elevat/i;
const ADMIN_ACTION = /user-created|user-deleted|group-member|role-assign|permission|policy-change|password-reset|mfa-disabled|^47(20|26|28|32|38|56)$/i;
const BYTES_FIELDS = ["bytes_downloaded", "bytes_out", "bytes", "file_size", "size"];
const RECORD_FIELDS = ["records", "record_count", "rows"];

const PATH_FIELDS = ["path", "file_path"];

function firstString(obj: Record<string, unknown>, names: string[]): string {
  for (const name of names) {
    const v = obj[name];
    if (typeof v === "string" && v !== "") return v;
  }
  return "";
}

function firstNumber(obj: Record<string, unknown>, names: string[]): number {
  for (const name of names) {
    const v = obj[name];
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (Number.isFinite(n) && n >= 0) return n;
  }
  return 0;
}

export function classifyEvent(event: VigilEvent): EventContribution {
  const action = event.event.action ?? "";
  const code = event.event.code ?? "";
  const signIn = event.event.category === "authentication" || SIGN_IN_ACTION.test(action) || SIGN_IN_ACTION.test(code);
  const original = event.original ?? {};
  const proc = event.process;
  return {
    signIn,
    failure: signIn && event.event.outcome === "failure",
    bytes: event.http?.response?.bytes ?? firstNumber(original, BYTES_FIELDS),
    records: firstNumber(original, RECORD_FIELDS),
    sensitive: SENSITIVE_PATH.test(event.file?.path ?? firstString(original, PATH_FIELDS)),
    privileged:
      (!!proc?.name && PRIV_CMD.test(proc.name)) ||
      (!!proc?.command_line && PRIV_CMD.test(proc.command_line)) ||
      PRIV_ACTION.test(action) ||
      PRIV_ACTION.test(code),
    adminChange: ADMIN_ACTION.test(action) || ADMIN_ACTION.test(code),
  };
}
