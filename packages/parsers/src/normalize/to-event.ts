// Builds a VigilEvent from the fields as sent. Envelope metadata (HEC host, time, sourcetype)
// wins over the event's own fields, which win over HEC indexed `fields`.
import type { Receiver, VigilEvent } from "@vigil/schema";
import { createHash } from "node:crypto";
import { storableString } from "../json/parse";
import { windowsEvent, toOutcome } from "./outcome";
import { CANDIDATES, pickIp, pickText, pickValue } from "./pick";
import { parseTimestamp } from "./time";

export interface NormalizeInput {
  tenantId: string;
  receivedAt: Date;
  receiver: Receiver;
  raw: string;
  original: Record<string, unknown>;
  /** Lower-priority fields (HEC indexed `fields`). */
  extra?: Record<string, unknown>;
  time?: Date;
  host?: string;
  sourcetype?: string;
  source?: string;
  index?: string;
}

export function eventId(tenantId: string, raw: string): string {
  return createHash("sha256").update(`${tenantId}\n${raw}`).digest("hex");
}

function compact<T extends Record<string, unknown>>(obj: T): T | undefined {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

function eventSection(docs: readonly unknown[]): VigilEvent["event"] {
  const code = pickText(docs, CANDIDATES.code);
  const windows = windowsEvent(code);
  const outcome = toOutcome(pickValue(docs, CANDIDATES.outcome)) ?? windows?.outcome;
  const action = pickText(docs, CANDIDATES.action) ?? windows?.action;
  const category = pickText(docs, CANDIDATES.category) ?? windows?.category;
  return compact({ action, outcome, category, code }) ?? {};
}

export function toVigilEvent(input: NormalizeInput): VigilEvent {
  const docs = input.extra ? [input.original, input.extra] : [input.original];
  const time = input.time ?? parseTimestamp(pickValue(docs, CANDIDATES.timestamp)) ?? input.receivedAt;
  const raw = storableString(input.raw);
  const event: VigilEvent = {
    id: eventId(input.tenantId, raw),
    "@timestamp": time.toISOString(),
    event: eventSection(docs),
    vigil: compact({
      receiver: input.receiver,
      sourcetype: input.sourcetype,
      source: input.source,
      index: input.index,
      receivedAt: input.receivedAt.toISOString(),
    }) ?? { receiver: input.receiver },
    original: input.original,
    raw,
  };
  const sections = {
    user: compact({ name: pickText(docs, CANDIDATES.user) }),
    source: compact({ ip: pickIp(docs) }),
    host: compact({ name: input.host ?? pickText(docs, CANDIDATES.host) }),
    file: compact({ path: pickText(docs, CANDIDATES.file) }),
    process: compact({ name: pickText(docs, CANDIDATES.processName), command_line: pickText(docs, CANDIDATES.command) }),
    url: compact({ original: pickText(docs, CANDIDATES.url) }),
    message: pickText(docs, CANDIDATES.message),
  };
  for (const [key, value] of Object.entries(sections)) if (value !== undefined) Object.assign(event, { [key]: value });
  return event;
}
