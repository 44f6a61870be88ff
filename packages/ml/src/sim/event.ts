import type { VigilEvent } from "@vigil/schema";

export interface SimEventInput {
  at: number;
  user: string;
  action: string;
  category: string;
  outcome?: "success" | "failure";
  ip: string;
  host: string;
  filePath?: string;
  bytes?: number;
  records?: number;
  process?: string;
  commandLine?: string;
  department: string;
  /** Ground truth: the injected scenario this event belongs to. */
  scenario?: string;
}

let counter = 0;

/** A VigilEvent as the ndjson receiver would normalize it; `original` carries the sender's fields. */
export function simEvent(e: SimEventInput): VigilEvent {
  const original: Record<string, unknown> = { user: e.user, action: e.action, src_ip: e.ip, host: e.host, department: e.department };
  if (e.bytes !== undefined) original.bytes_downloaded = Math.round(e.bytes);
  if (e.records !== undefined) original.records = Math.round(e.records);
  if (e.filePath) original.path = e.filePath;
  if (e.scenario) original.label = e.scenario;
  const event: VigilEvent = {
    id: `sim-${++counter}`,
    "@timestamp": new Date(e.at).toISOString(),
    event: { action: e.action, category: e.category, outcome: e.outcome ?? "success" },
    user: { name: e.user },
    source: { ip: e.ip },
    host: { name: e.host },
    vigil: { receiver: "ndjson", sourcetype: "vigil:sim" },
    original,
    raw: "",
  };
  if (e.filePath) event.file = { path: e.filePath };
  if (e.process) event.process = { name: e.process, command_line: e.commandLine };
  return event;
}
