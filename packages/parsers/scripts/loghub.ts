// Loghub syslog accuracy: each raw line through the syslog format, compared field by field with
// the structured CSV that came with the data set (written by the loghub authors, not by us).
// The CSV headers are not ECS names and are not even consistent between systems, so each
// system's columns are mapped by what they hold (read from the files, see README):
//   Linux   LineId,Month,Date,Time,Level,Component,PID,Content   ("Level" holds the host)
//   OpenSSH LineId,Date,Day,Time,Component,Pid,Content           ("Date" = month, "Day" = day,
//           "Component" = host; there is no program column: every line is sshd)
import type { VigilEvent } from "@vigil/schema";
import { parseAny } from "../src/index";
import { csvRecords } from "./csv";

export const FIELDS = ["timestamp", "host", "process", "pid", "message"] as const;
export type Field = (typeof FIELDS)[number];

interface Columns {
  month: string;
  day: string;
  time: string;
  host: string;
  process?: string;
  pid: string;
  message: string;
}

export const LOGHUB_COLUMNS: Record<string, Columns> = {
  Linux: { month: "Month", day: "Date", time: "Time", host: "Level", process: "Component", pid: "PID", message: "Content" },
  OpenSSH: { month: "Date", day: "Day", time: "Time", host: "Component", pid: "Pid", message: "Content" },
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function actual(event: VigilEvent): Record<Field, string> {
  const t = new Date(event["@timestamp"]);
  const hms = t.toISOString().slice(11, 19);
  const syslog = event.log?.syslog;
  return {
    timestamp: `${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()} ${hms}`,
    host: syslog?.hostname ?? "",
    process: syslog?.appname ?? "",
    pid: syslog?.procid ?? "",
    message: event.message ?? "",
  };
}

function expected(row: Record<string, string>, c: Columns): Partial<Record<Field, string>> {
  return {
    timestamp: `${row[c.month]} ${Number(row[c.day])} ${row[c.time]}`,
    host: row[c.host],
    ...(c.process ? { process: row[c.process] } : {}),
    pid: row[c.pid],
    message: row[c.message],
  };
}

export interface Mismatch {
  line: number;
  field: Field | "parse";
  expected: string;
  actual: string;
}

export interface SystemAccuracy {
  system: string;
  lines: number;
  /** Matching lines per field; undefined when the ground truth has no such column. */
  matched: Partial<Record<Field, number>>;
  allFieldsMatched: number;
  /** Lines a content parser (sshd, pam, sudo, ...) gave an event.action: context, not ground truth. */
  withAction: number;
  mismatches: Mismatch[];
}

const REFERENCE = new Date("2026-11-27T12:00:00Z");

export function loghubAccuracy(system: string, log: string, csv: string): SystemAccuracy {
  const columns = LOGHUB_COLUMNS[system];
  if (!columns) throw new Error(`no column mapping for loghub system "${system}"`);
  const rows = csvRecords(csv);
  const lines = log.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
  const result: SystemAccuracy = { system, lines: rows.length, matched: {}, allFieldsMatched: 0, withAction: 0, mismatches: [] };
  for (const f of FIELDS) if (f !== "process" || columns.process) result.matched[f] = 0;
  rows.forEach((row, i) => {
    const parsed = parseAny(lines[i] ?? "", { tenantId: "eval", receivedAt: REFERENCE, format: "syslog" });
    if (!parsed.ok) return result.mismatches.push({ line: i + 1, field: "parse", expected: "", actual: parsed.error.reason });
    if (parsed.event.event.action !== undefined) result.withAction++;
    const got = actual(parsed.event);
    const want = expected(row, columns);
    let all = true;
    for (const f of FIELDS) {
      if (want[f] === undefined) continue;
      if (got[f] === want[f]) result.matched[f] = (result.matched[f] ?? 0) + 1;
      else {
        all = false;
        result.mismatches.push({ line: i + 1, field: f, expected: want[f], actual: got[f] });
      }
    }
    if (all) result.allFieldsMatched++;
  });
  return result;
}
